package io.netforge.train;

import io.netforge.annotations.Mode;
import io.netforge.train.state.Checks;
import io.netforge.train.state.State;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Stops training when {@code monitor} has not improved for {@code patience} epochs, as Keras'
 * {@code EarlyStopping}: an epoch improves when its value beats the best so far by more than
 * {@code minDelta}. The trainer keeps the best epoch's weights (and BatchNorm statistics) in memory,
 * restores them at the end when {@code restoreBestWeights}, and writes them to {@code saveBestTo} (when present)
 * each time they improve. A non-finite value never counts as an improvement. Runs as a built-in {@link Callback}
 * of the loop.
 *
 * @param monitor the metric watched
 * @param mode {@link Mode#AUTO} maximizes accuracies and minimizes losses
 */
public record EarlyStopping(
        Metric monitor,
        Mode mode,
        int patience,
        double minDelta,
        boolean restoreBestWeights,
        Optional<Path> saveBestTo) {
    public EarlyStopping {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(saveBestTo, "saveBestTo");
        if (patience < 0) {
            throw new IllegalArgumentException(
                    "Invalid value for `patience`. Expected an integer >= 0. Received: patience=" + patience);
        }
        Checks.nonNegative("minDelta", minDelta);
    }

    /** Keras' defaults: {@code val_loss}, patience 5, best weights restored, nothing written. */
    public static EarlyStopping onValLoss(int patience) {
        return new EarlyStopping(Metric.VAL_LOSS, Mode.AUTO, patience, 0, true, Optional.empty());
    }

    /** The same with the best model written to {@code file} whenever it improves. */
    public EarlyStopping savingBestTo(Path file) {
        return new EarlyStopping(monitor, mode, patience, minDelta, restoreBestWeights, Optional.of(file));
    }

    /** Whether larger values are better: {@code MAX}, or {@code AUTO} on an accuracy. */
    public boolean maximizes() {
        return maximizes(monitor, mode);
    }

    static boolean maximizes(Metric monitor, Mode mode) {
        return mode == Mode.MAX || (mode == Mode.AUTO && monitor.isAccuracy());
    }

    /** Follows one run: feed each epoch's value, ask whether it improved and whether to stop. */
    public Tracker start() {
        return new Tracker(this);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "EarlyStopping(monitor=%s, mode=%s, patience=%d, min_delta=%s%s)",
                monitor,
                maximizes() ? "max" : "min",
                patience,
                minDelta,
                saveBestTo.map(p -> ", save_best_to=" + p).orElse(""));
    }

    /** The state of early stopping over one run. */
    public static final class Tracker {
        private final EarlyStopping rule;
        private double best = Double.NaN;
        private int bestEpoch;
        private int wait;
        private boolean stop;

        Tracker(EarlyStopping rule) {
            this.rule = rule;
        }

        /**
         * Records epoch {@code epoch}'s value.
         *
         * @return whether it improved on the best so far (the first finite value always does)
         */
        public boolean update(int epoch, double value) {
            boolean improved = Double.isFinite(value)
                    && (Double.isNaN(best)
                            || (rule.maximizes() ? value - rule.minDelta() > best : value + rule.minDelta() < best));
            if (improved) {
                best = value;
                bestEpoch = epoch;
                wait = 0;
            } else {
                wait++;
                if (wait > rule.patience()) {
                    stop = true;
                }
            }
            return improved;
        }

        /** Whether training should stop after the last recorded epoch. */
        public boolean shouldStop() {
            return stop;
        }

        /** The best value, {@code NaN} before any finite one. */
        public double best() {
            return best;
        }

        /** The 1-based epoch of the best value, 0 before any. */
        public int bestEpoch() {
            return bestEpoch;
        }

        /** Epochs since the best one (Keras' {@code wait}). */
        public int epochsWithoutImprovement() {
            return wait;
        }

        /** Writes best, best epoch, wait and stop into {@code state}. */
        void save(State state) {
            state.put("best", best)
                    .put("best_epoch", bestEpoch)
                    .put("wait", wait)
                    .put("stop", stop);
        }

        /** Continues from {@link #save}. */
        void load(State state) {
            double b = state.getDouble("best");
            int e = state.getInt("best_epoch");
            int w = state.getInt("wait");
            if (e < 0 || w < 0) {
                throw new IllegalArgumentException("negative epoch or wait in the early-stopping state");
            }
            boolean s = state.getBoolean("stop");
            best = b;
            bestEpoch = e;
            wait = w;
            stop = s;
        }
    }
}
