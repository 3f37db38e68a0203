package io.netforge.train;

import java.io.PrintStream;

/** The progress bar as a callback: a Keras-like bar on a terminal, one line per epoch elsewhere ({@link ProgressBar}). */
final class ProgressCallback implements Callback {
    private final ProgressBar bar;
    private long samples;

    ProgressCallback(PrintStream out, boolean terminal) {
        this.bar = new ProgressBar(out, terminal);
    }

    @Override
    public void onEpochBegin(TrainingContext context, int epoch) {
        bar.start(epoch - context.firstEpoch(), context.lastEpoch() - context.firstEpoch(), context.batchesPerEpoch());
        samples = 0;
    }

    @Override
    public void onBatchEnd(TrainingContext context, BatchLogs logs) {
        samples += logs.size();
        bar.step(logs.batch(), samples, logs.epochLoss(), logs.epochAccuracy());
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochResult logs) {
        bar.end(logs);
    }
}
