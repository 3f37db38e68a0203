package io.netforge.train;

import io.netforge.train.LrSchedule.Interval;
import io.netforge.train.state.Checks;
import io.netforge.train.state.LoadChecks;
import io.netforge.train.state.Stateful;
import java.util.Objects;

/**
 * The running state of an {@link LrSchedule}, made by {@link LrSchedule#start(double)}. Not thread-safe.
 *
 * <p>Use: before each optimizer step, take {@link #learningRate()}; at the end of each {@link #interval()} (after
 * the epoch's validation for {@link Interval#EPOCH}, after the optimizer step for {@link Interval#STEP}), call
 * {@link #step(double)} with the monitored metric ({@link #needsMetric()}: only {@code ReduceLROnPlateau} needs
 * it; the others ignore it, and {@link #step()} may be used for them).
 */
public final class LrScheduler implements Stateful {
    private final LrSchedule schedule;
    private final LrSchedule inner;
    private final LrSchedule.ReduceOnPlateau plateau;

    private double baseLr;
    private long t;
    private double plateauLr;
    private double best;
    private int badIntervals;
    private int cooldownCounter;

    LrScheduler(LrSchedule schedule, double baseLr) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        Checks.learningRate("baseLr", baseLr);
        this.inner = schedule instanceof LrSchedule.Warmup w ? w.schedule() : schedule;
        this.plateau = inner instanceof LrSchedule.ReduceOnPlateau p ? p : null;
        restore(State.initial(schedule, baseLr));
    }

    /** The schedule this scheduler runs. */
    public LrSchedule schedule() {
        return schedule;
    }

    /** When to call {@link #step(double)}: once per epoch or once per optimizer step. */
    public Interval interval() {
        return schedule.interval();
    }

    /** Whether {@link #step(double)} needs the monitored metric (ReduceLROnPlateau). */
    public boolean needsMetric() {
        return plateau != null;
    }

    /** The optimizer's learning rate the schedule started from. */
    public double baseLr() {
        return baseLr;
    }

    /** {@code t}: intervals completed so far, i.e. calls of {@link #step(double)} (PyTorch's {@code last_epoch}). */
    public long t() {
        return t;
    }

    /** The learning rate to use now, for every optimizer step until the next {@link #step(double)}. */
    public double learningRate() {
        return schedule.rate(baseLr, t, plateauLr);
    }

    /** After one optimizer step: advances a per-step schedule ({@link LrSchedule.Interval#STEP}), nothing else. */
    void afterStep() {
        if (interval() == LrSchedule.Interval.STEP) {
            step();
        }
    }

    /**
     * After one epoch (its validation included): advances a per-epoch schedule, with {@code metric} (the monitored
     * value, asked for only by ReduceLROnPlateau); nothing for a per-step schedule. The one rule of when a schedule steps, used by
     * {@code fit}'s schedule callback (nested in {@link Run}) and by {@link ManualTraining}.
     */
    void afterEpoch(java.util.function.DoubleSupplier metric) {
        if (interval() == LrSchedule.Interval.EPOCH) {
            if (needsMetric()) {
                step(metric.getAsDouble());
            } else {
                step();
            }
        }
    }

    /**
     * Ends one interval: {@code t} grows by one and, for ReduceLROnPlateau, {@code metric} (the value monitored over
     * the interval just ended, e.g. val_loss) is taken into account. The lr changes from the next
     * {@link #learningRate()} on.
     *
     * @param metric required (not NaN) for ReduceLROnPlateau; ignored by the other schedules
     */
    public void step(double metric) {
        if (plateau == null) {
            t++;
            return;
        }
        if (Double.isNaN(metric)) {
            throw new IllegalArgumentException(
                    "Invalid value for `metric`. ReduceLROnPlateau expected the monitored metric, a number"
                            + " (not NaN). Received: metric=" + metric);
        }
        t++;
        if (plateau.isBetter(metric, best)) {
            best = metric;
            badIntervals = 0;
        } else {
            badIntervals++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            badIntervals = 0;
        }
        if (badIntervals > plateau.patience()) {
            double reduced = Math.max(plateauLr * plateau.factor(), plateau.minLr());
            if (plateauLr - reduced > plateau.eps()) {
                plateauLr = reduced;
            }
            cooldownCounter = plateau.cooldown();
            badIntervals = 0;
        }
    }

    /** {@link #step(double)} without a metric; for schedules other than ReduceLROnPlateau. */
    public void step() {
        if (plateau != null) {
            throw new IllegalStateException("ReduceLROnPlateau needs the monitored metric: call step(metric)");
        }
        t++;
    }

    /** A snapshot of the state, to checkpoint; {@link #restore(State)} continues from it. */
    public State state() {
        return new State(baseLr, t, plateauLr, best, badIntervals, cooldownCounter);
    }

    /**
     * Continues from {@code state}, taken from a scheduler of the same schedule (the schedule's settings are not
     * part of the state). Also replaces the base lr, as PyTorch's {@code load_state_dict} does.
     *
     * @throws IllegalArgumentException if the state cannot come from this schedule
     */
    public void restore(State state) {
        Objects.requireNonNull(state, "state");
        if (plateau == null) {
            if (state.plateauLr() != state.baseLr()
                    || !Double.isNaN(state.best())
                    || state.badIntervals() != 0
                    || state.cooldownCounter() != 0) {
                throw new IllegalArgumentException(
                        "Invalid value for `state`. Expected the state of a schedule without plateau"
                                + " tracking (plateauLr=baseLr, best=NaN, badIntervals=0, cooldownCounter=0) for "
                                + schedule + ". Received: state="
                                + state);
            }
        } else if (Double.isNaN(state.best())) {
            throw new IllegalArgumentException(
                    "Invalid value for `state`. Expected a ReduceLROnPlateau state (best is a number or"
                            + " infinite) for " + schedule + ". Received: state=" + state);
        }
        baseLr = state.baseLr();
        t = state.t();
        plateauLr = state.plateauLr();
        best = state.best();
        badIntervals = state.badIntervals();
        cooldownCounter = state.cooldownCounter();
    }

    @Override
    public String toString() {
        return schedule + " at t=" + t + ", lr=" + learningRate();
    }

    /** Checkpointed under {@code schedule}. */
    @Override
    public String stateKey() {
        return "schedule";
    }

    @Override
    public void saveState(io.netforge.train.state.State out) {
        out.put("base_lr", baseLr)
                .put("t", t)
                .put("plateau_lr", plateauLr)
                .put("best", best)
                .put("bad_intervals", badIntervals)
                .put("cooldown_counter", cooldownCounter);
    }

    /** {@link #restore(State)} from a checkpoint's state. */
    @Override
    public void loadState(io.netforge.train.state.State in) {
        restore(stateOf(in));
    }

    /** The scheduler state stored in {@code in}; {@link IllegalArgumentException} when an entry is missing or invalid. */
    static State stateOf(io.netforge.train.state.State in) {
        double baseLr = in.getDouble("base_lr");
        try {
            Checks.learningRate("base_lr", baseLr);
        } catch (IllegalArgumentException e) {
            throw new LoadChecks.OutOfRange(
                    "schedule base_lr is " + baseLr + ", outside (0, " + Checks.MAX_LEARNING_RATE + "]");
        }
        return new State(
                baseLr,
                LoadChecks.inRange("schedule t", in.getLong("t"), 0, LoadChecks.MAX_STEPS),
                LoadChecks.inRange("schedule plateau_lr", in.getDouble("plateau_lr"), 0, Checks.MAX_LEARNING_RATE),
                in.getDouble("best"),
                (int) LoadChecks.inRange("schedule bad_intervals", in.getLong("bad_intervals"), 0, Integer.MAX_VALUE),
                (int) LoadChecks.inRange(
                        "schedule cooldown_counter", in.getLong("cooldown_counter"), 0, Integer.MAX_VALUE));
    }

    /**
     * A scheduler's state as plain values.
     *
     * @param baseLr the lr the schedule started from
     * @param t intervals completed
     * @param plateauLr ReduceLROnPlateau's current lr (before any warm-up factor); {@code baseLr} for other schedules
     * @param best the best metric so far: +inf (MIN) or -inf (MAX) before the first step; NaN for other schedules.
     *     Serialize it in a form that keeps infinities and NaN (JSON has neither).
     * @param badIntervals bad intervals in a row (PyTorch's {@code num_bad_epochs}); 0 for other schedules
     * @param cooldownCounter intervals of cooldown left; 0 for other schedules
     */
    public record State(double baseLr, long t, double plateauLr, double best, int badIntervals, int cooldownCounter) {
        public State {
            Checks.learningRate("baseLr", baseLr);
            if (t < 0) {
                throw new IllegalArgumentException("Invalid value for `t`. Expected an integer >= 0. Received: t=" + t);
            }
            Checks.nonNegative("plateauLr", plateauLr);
            if (badIntervals < 0) {
                throw new IllegalArgumentException(
                        "Invalid value for `badIntervals`. Expected an integer >= 0. Received: badIntervals="
                                + badIntervals);
            }
            if (cooldownCounter < 0) {
                throw new IllegalArgumentException(
                        "Invalid value for `cooldownCounter`. Expected an integer >= 0. Received:" + " cooldownCounter="
                                + cooldownCounter);
            }
        }

        /** The state of a fresh scheduler of {@code schedule}. */
        static State initial(LrSchedule schedule, double baseLr) {
            LrSchedule inner = schedule instanceof LrSchedule.Warmup w ? w.schedule() : schedule;
            double best = inner instanceof LrSchedule.ReduceOnPlateau p
                    ? (p.mode() == LrSchedule.Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY)
                    : Double.NaN;
            return new State(baseLr, 0, baseLr, best, 0, 0);
        }
    }
}
