package io.netforge.train;

import java.util.Map;

/**
 * What a run of {@link Trainer#fit} carries from epoch to epoch besides the model and optimizer: its epoch range,
 * its history, the early-stopping tracker with the best weights, and the best value of the checkpoint monitor.
 * Part of every checkpoint, so a resumed run behaves as if it had never stopped.
 */
final class RunState {
    /** Epochs done when the run started, and the epoch it ends after. */
    final int firstEpoch;
    int lastEpoch;
    final History history = new History();
    final EarlyStopping.Tracker tracker;
    /** The weights of the early-stopping monitor's best epoch, when they are to be restored; else null. */
    Map<String, float[]> best;
    /** Tracks the checkpoint monitor (never stops); created when checkpoints are first written. */
    EarlyStopping.Tracker checkpointBest;
    String checkpointMonitor;

    RunState(int firstEpoch, int lastEpoch, EarlyStopping.Tracker tracker) {
        this.firstEpoch = firstEpoch;
        this.lastEpoch = lastEpoch;
        this.tracker = tracker;
    }

    static EarlyStopping.Tracker monitorTracker(String metric) {
        return new EarlyStopping(metric, io.netforge.annotations.Mode.AUTO, Integer.MAX_VALUE, 0, false, null).start();
    }
}
