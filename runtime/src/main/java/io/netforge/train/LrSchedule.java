package io.netforge.train;

import io.netforge.train.state.Checks;
import java.util.List;
import java.util.Objects;

/**
 * An immutable, validated description of how the learning rate changes during training, with PyTorch's
 * {@code torch.optim.lr_scheduler} semantics. {@link #start(double)} turns it into a mutable {@link LrScheduler}.
 *
 * <p>Every schedule is a function of {@code t}, the number of completed intervals (PyTorch's {@code last_epoch}):
 * {@code t = 0} while the first epoch (or iteration, for {@link Interval#STEP}) runs, and each
 * {@link LrScheduler#step(double)} adds one. {@code base} is the optimizer's learning rate given to {@code start}.
 * <ul>
 * <li>{@link Step}: {@code base * gamma^floor(t / stepSize)}</li>
 * <li>{@link MultiStep}: {@code base * gamma^(number of milestones <= t)}</li>
 * <li>{@link Exponential}: {@code base * gamma^t}</li>
 * <li>{@link CosineAnnealing}: {@code etaMin + (base - etaMin) * (1 + cos(pi * t / tMax)) / 2}; PyTorch's closed form,
 * which is periodic: after {@code tMax} the cosine continues and the lr rises again towards {@code base},
 * reached at {@code t = 2 * tMax}. Use {@code tMax} equal to the number of intervals trained to end at
 * {@code etaMin}.</li>
 * <li>{@link ReduceOnPlateau}: not a function of {@code t} alone; reduces the lr when a monitored metric stops
 * improving, exactly as {@code torch.optim.lr_scheduler.ReduceLROnPlateau}.</li>
 * <li>{@link Warmup}: any of the above multiplied by a linear warm-up factor,
 * {@code startFactor + (1 - startFactor) * t / steps} for {@code t < steps} and 1 from {@code t = steps} on, as
 * PyTorch's {@code LinearLR(start_factor, end_factor=1, total_iters=steps)} chained (multiplied, as
 * {@code ChainedScheduler}) with the schedule: the wrapped schedule is not delayed, it runs from {@code t = 0}
 * as well.</li>
 * </ul>
 * Invalid values are rejected with {@link IllegalArgumentException}, in the style of {@code Checks}.
 */
public sealed interface LrSchedule
        permits LrSchedule.Constant,
                LrSchedule.Step,
                LrSchedule.MultiStep,
                LrSchedule.Exponential,
                LrSchedule.CosineAnnealing,
                LrSchedule.ReduceOnPlateau,
                LrSchedule.Warmup {

    /** The learning rate stays at the optimizer's value. */
    @SuppressWarnings("ClassInitializationDeadlock") // Constant's initialization reads nothing of LrSchedule's
    LrSchedule NONE = new Constant(Interval.EPOCH);

    /**
     * The learning rate after {@code t} intervals, from the optimizer's {@code baseLr}; {@code plateauLr} is
     * ReduceLROnPlateau's current rate (the scheduler tracks it). Each schedule computes its own rate, with PyTorch's
     * formula (DJL's {@code Tracker}).
     */
    double rate(double baseLr, long t, double plateauLr);

    /** What one {@link LrScheduler#step(double)} stands for. */
    enum Interval {
        /** The schedule advances once per epoch (after validation). The default. */
        EPOCH,
        /** The schedule advances once per optimizer step (iteration, batch). */
        STEP
    }

    /** For {@link ReduceOnPlateau}: whether the monitored metric should decrease (a loss) or increase (accuracy). */
    enum Mode {
        MIN,
        MAX
    }

    /** For {@link ReduceOnPlateau}: how {@code threshold} defines a significant improvement over the best value. */
    enum ThresholdMode {
        /** Better means {@code < best * (1 - threshold)} (MIN) or {@code > best * (1 + threshold)} (MAX). */
        REL,
        /** Better means {@code < best - threshold} (MIN) or {@code > best + threshold} (MAX). */
        ABS
    }

    /** When the schedule advances. */
    Interval interval();

    /** The same schedule advancing per {@code interval}. */
    LrSchedule per(Interval interval);

    /** Whether {@link LrScheduler#step(double)} needs the monitored metric (only {@link ReduceOnPlateau}). */
    default boolean needsMetric() {
        return false;
    }

    /**
     * This schedule multiplied by a linear warm-up over its first {@code steps} intervals (of this schedule's
     * {@link #interval()}), starting at {@code startFactor}; see {@link Warmup}.
     */
    default Warmup withWarmup(int steps, double startFactor) {
        return new Warmup(this, steps, startFactor);
    }

    /** A fresh scheduler at {@code t = 0} for an optimizer whose learning rate is {@code baseLr}. */
    default LrScheduler start(double baseLr) {
        return new LrScheduler(this, baseLr);
    }

    /** PyTorch's {@code StepLR(step_size, gamma=0.1)}. */
    static Step step(int stepSize) {
        return new Step(stepSize, 0.1);
    }

    /** PyTorch's {@code StepLR(step_size, gamma)}. */
    static Step step(int stepSize, double gamma) {
        return new Step(stepSize, gamma);
    }

    /** PyTorch's {@code MultiStepLR(milestones, gamma=0.1)}. */
    static MultiStep multiStep(int... milestones) {
        return multiStep(milestones, 0.1);
    }

    /** PyTorch's {@code MultiStepLR(milestones, gamma)}. */
    static MultiStep multiStep(int[] milestones, double gamma) {
        Objects.requireNonNull(milestones, "milestones");
        return new MultiStep(java.util.Arrays.stream(milestones).boxed().toList(), gamma);
    }

    /** PyTorch's {@code ExponentialLR(gamma)}. */
    static Exponential exponential(double gamma) {
        return new Exponential(gamma);
    }

    /** PyTorch's {@code CosineAnnealingLR(T_max, eta_min=0)}. */
    static CosineAnnealing cosine(int tMax) {
        return new CosineAnnealing(tMax, 0);
    }

    /** PyTorch's {@code CosineAnnealingLR(T_max, eta_min)}. */
    static CosineAnnealing cosine(int tMax, double etaMin) {
        return new CosineAnnealing(tMax, etaMin);
    }

    /** PyTorch's {@code ReduceLROnPlateau()} with all defaults (MIN, factor 0.1, patience 10, ...). */
    static ReduceOnPlateau reduceOnPlateau() {
        return new ReduceOnPlateau(Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0, 1e-8, Interval.EPOCH);
    }

    /** PyTorch's {@code ReduceLROnPlateau(mode, factor, patience)}, other settings at their defaults. */
    static ReduceOnPlateau reduceOnPlateau(Mode mode, double factor, int patience) {
        return new ReduceOnPlateau(mode, factor, patience, 1e-4, ThresholdMode.REL, 0, 0, 1e-8, Interval.EPOCH);
    }

    /** No schedule: the lr is always the base lr ({@link #NONE}; with an interval only to carry a warm-up). */
    record Constant(Interval interval) implements LrSchedule {
        @Override
        public double rate(double baseLr, long t, double plateauLr) {
            return baseLr;
        }

        public Constant {
            Objects.requireNonNull(interval, "interval");
        }

        @Override
        public Constant per(Interval interval) {
            return new Constant(interval);
        }

        @Override
        public String toString() {
            return interval == Interval.EPOCH ? "none" : "none(interval=" + interval + ")";
        }
    }

    /** {@code base * gamma^floor(t / stepSize)}; PyTorch's {@code StepLR}. */
    record Step(int stepSize, double gamma, Interval interval) implements LrSchedule {
        /** PyTorch: {@code gamma ** (t // step_size)}. */
        @Override
        public double rate(double baseLr, long t, double plateauLr) {
            return baseLr * Math.pow(gamma, (double) Math.floorDiv(t, stepSize));
        }

        public Step {
            Checks.positive("stepSize", stepSize);
            checkGamma(gamma);
            Objects.requireNonNull(interval, "interval");
        }

        public Step(int stepSize, double gamma) {
            this(stepSize, gamma, Interval.EPOCH);
        }

        @Override
        public Step per(Interval interval) {
            return new Step(stepSize, gamma, interval);
        }

        @Override
        public String toString() {
            return "StepLR(stepSize=" + stepSize + ", gamma=" + gamma + intervalSuffix(interval) + ")";
        }
    }

    /**
     * {@code base * gamma^(number of milestones <= t)}; PyTorch's {@code MultiStepLR}.
     *
     * @param milestones strictly increasing positive values of {@code t}, at least one
     */
    record MultiStep(List<Integer> milestones, double gamma, Interval interval) implements LrSchedule {
        /** {@code gamma} to the number of milestones passed. */
        @Override
        public double rate(double baseLr, long t, double plateauLr) {
            int passed = 0;
            for (int milestone : milestones) {
                if (milestone <= t) {
                    passed++;
                }
            }
            return baseLr * Math.pow(gamma, passed);
        }

        public MultiStep {
            Objects.requireNonNull(milestones, "milestones");
            milestones = List.copyOf(milestones);
            boolean valid = !milestones.isEmpty();
            for (int i = 0; valid && i < milestones.size(); i++) {
                valid = milestones.get(i) > 0 && (i == 0 || milestones.get(i) > milestones.get(i - 1));
            }
            if (!valid) {
                throw new IllegalArgumentException(
                        "Invalid value for `milestones`. Expected a non-empty list of strictly increasing"
                                + " positive integers. Received: milestones=" + milestones);
            }
            checkGamma(gamma);
            Objects.requireNonNull(interval, "interval");
        }

        public MultiStep(List<Integer> milestones, double gamma) {
            this(milestones, gamma, Interval.EPOCH);
        }

        @Override
        public MultiStep per(Interval interval) {
            return new MultiStep(milestones, gamma, interval);
        }

        @Override
        public String toString() {
            return "MultiStepLR(milestones=" + milestones + ", gamma=" + gamma + intervalSuffix(interval) + ")";
        }
    }

    /** {@code base * gamma^t}; PyTorch's {@code ExponentialLR}. */
    record Exponential(double gamma, Interval interval) implements LrSchedule {
        @Override
        public double rate(double baseLr, long t, double plateauLr) {
            return baseLr * Math.pow(gamma, (double) t);
        }

        public Exponential {
            checkGamma(gamma);
            Objects.requireNonNull(interval, "interval");
        }

        public Exponential(double gamma) {
            this(gamma, Interval.EPOCH);
        }

        @Override
        public Exponential per(Interval interval) {
            return new Exponential(gamma, interval);
        }

        @Override
        public String toString() {
            return "ExponentialLR(gamma=" + gamma + intervalSuffix(interval) + ")";
        }
    }

    /**
     * {@code etaMin + (base - etaMin) * (1 + cos(pi * t / tMax)) / 2}, PyTorch's {@code CosineAnnealingLR} in its
     * closed form ({@code _get_closed_form_lr}). It is periodic: past {@code tMax} the cosine continues, so the lr
     * climbs back to {@code base} at {@code 2 * tMax}, falls to {@code etaMin} at {@code 3 * tMax}, and so on.
     * No restarts (that would be {@code CosineAnnealingWarmRestarts}). {@code etaMin} is not checked against the
     * base lr: above it, the lr rises first, as in PyTorch.
     */
    record CosineAnnealing(int tMax, double etaMin, Interval interval) implements LrSchedule {
        /** PyTorch's closed form: {@code eta_min + (base - eta_min)(1 + cos(pi t / T_max)) / 2}. */
        @Override
        public double rate(double baseLr, long t, double plateauLr) {
            return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2;
        }

        public CosineAnnealing {
            Checks.positive("tMax", tMax);
            Checks.nonNegative("etaMin", etaMin);
            Objects.requireNonNull(interval, "interval");
        }

        public CosineAnnealing(int tMax, double etaMin) {
            this(tMax, etaMin, Interval.EPOCH);
        }

        @Override
        public CosineAnnealing per(Interval interval) {
            return new CosineAnnealing(tMax, etaMin, interval);
        }

        @Override
        public String toString() {
            return "CosineAnnealingLR(tMax=" + tMax + ", etaMin=" + etaMin + intervalSuffix(interval) + ")";
        }
    }

    /**
     * PyTorch's {@code ReduceLROnPlateau}. Starting from {@code best} = +inf (MIN) or -inf (MAX), each step with a
     * metric {@code m}: if {@code m} is better than {@code best} (see {@link ThresholdMode}) then {@code best = m} and
     * the bad-interval count is reset, else it grows by one; if in cooldown (counter {@code > 0}) the counter
     * decreases and the bad count is reset to 0; if the bad count then exceeds {@code patience}, the lr becomes
     * {@code max(lr * factor, minLr)} unless that lowers it by {@code eps} or less, the cooldown counter is set to
     * {@code cooldown} and the bad count to 0. The new lr applies from the next interval.
     *
     * @param factor multiplies the lr on a plateau, in (0, 1)
     * @param patience bad intervals tolerated; the lr drops on the {@code patience + 1}-th in a row
     * @param threshold what counts as a significant improvement; with REL and MIN it must be below 1
     * @param cooldown intervals after a reduction during which bad intervals are not counted
     * @param minLr lower bound of the lr
     * @param eps reductions of {@code eps} or less are skipped
     */
    record ReduceOnPlateau(
            Mode mode,
            double factor,
            int patience,
            double threshold,
            ThresholdMode thresholdMode,
            int cooldown,
            double minLr,
            double eps,
            Interval interval)
            implements LrSchedule {
        /** The rate the plateau tracking has reached (it only ever lowers it). */
        @Override
        public double rate(double baseLr, long t, double plateauLr) {
            return plateauLr;
        }

        public ReduceOnPlateau {
            Objects.requireNonNull(mode, "mode");
            if (!(factor > 0 && factor < 1)) {
                throw invalid("factor", "a number in (0, 1)", Double.toString(factor));
            }
            checkNonNegative("patience", patience);
            Objects.requireNonNull(thresholdMode, "thresholdMode");
            if (thresholdMode == ThresholdMode.REL && mode == Mode.MIN) {
                Checks.inRange("threshold", threshold, 0, 1);
            } else {
                Checks.nonNegative("threshold", threshold);
            }
            checkNonNegative("cooldown", cooldown);
            Checks.nonNegative("minLr", minLr);
            Checks.nonNegative("eps", eps);
            Objects.requireNonNull(interval, "interval");
        }

        @Override
        public boolean needsMetric() {
            return true;
        }

        @Override
        public ReduceOnPlateau per(Interval interval) {
            return new ReduceOnPlateau(
                    mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps, interval);
        }

        public ReduceOnPlateau withMode(Mode mode) {
            return new ReduceOnPlateau(
                    mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps, interval);
        }

        public ReduceOnPlateau withFactor(double factor) {
            return new ReduceOnPlateau(
                    mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps, interval);
        }

        public ReduceOnPlateau withPatience(int patience) {
            return new ReduceOnPlateau(
                    mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps, interval);
        }

        public ReduceOnPlateau withThreshold(double threshold, ThresholdMode thresholdMode) {
            return new ReduceOnPlateau(
                    mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps, interval);
        }

        public ReduceOnPlateau withCooldown(int cooldown) {
            return new ReduceOnPlateau(
                    mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps, interval);
        }

        public ReduceOnPlateau withMinLr(double minLr) {
            return new ReduceOnPlateau(
                    mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps, interval);
        }

        public ReduceOnPlateau withEps(double eps) {
            return new ReduceOnPlateau(
                    mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps, interval);
        }

        /** Whether {@code metric} is a significant improvement over {@code best}; PyTorch's {@code is_better}. */
        boolean isBetter(double metric, double best) {
            if (mode == Mode.MIN) {
                return thresholdMode == ThresholdMode.REL
                        ? metric < best * (1.0 - threshold)
                        : metric < best - threshold;
            }
            return thresholdMode == ThresholdMode.REL ? metric > best * (threshold + 1.0) : metric > best + threshold;
        }

        @Override
        public String toString() {
            return "ReduceLROnPlateau(mode=" + mode + ", factor=" + factor + ", patience=" + patience + ", threshold="
                    + threshold
                    + ", thresholdMode=" + thresholdMode + ", cooldown=" + cooldown + ", minLr=" + minLr + ", eps="
                    + eps
                    + intervalSuffix(interval) + ")";
        }
    }

    /**
     * {@code schedule} multiplied by a linear warm-up factor: {@code startFactor + (1 - startFactor) * t / steps} for
     * {@code t < steps}, then 1. So the first interval runs at {@code startFactor} times the schedule's lr and
     * interval {@code steps} is the first at the full value. This is PyTorch's
     * {@code LinearLR(start_factor=startFactor, end_factor=1, total_iters=steps)} multiplied with the schedule (as
     * {@code ChainedScheduler}, closed forms): the schedule itself is not delayed. The warm-up counts the
     * schedule's own {@link #interval()}. For {@link ReduceOnPlateau}, the plateau logic (including {@code minLr}
     * and {@code eps}) works on its own lr and the warm-up factor is applied on top.
     *
     * @param steps intervals of warm-up, positive
     * @param startFactor the factor at {@code t = 0}, in (0, 1]
     */
    record Warmup(LrSchedule schedule, int steps, double startFactor) implements LrSchedule {
        /** The wrapped schedule's rate, scaled from {@code startFactor} up to 1 over the first {@code steps} intervals. */
        @Override
        public double rate(double baseLr, long t, double plateauLr) {
            double lr = schedule.rate(baseLr, t, plateauLr);
            if (t < steps) {
                lr *= startFactor + (1 - startFactor) * t / steps;
            }
            return lr;
        }

        public Warmup {
            Objects.requireNonNull(schedule, "schedule");
            if (schedule instanceof Warmup) {
                throw invalid("schedule", "a schedule without warm-up", schedule.toString());
            }
            Checks.positive("steps", steps);
            if (!(startFactor > 0 && startFactor <= 1)) {
                throw invalid("startFactor", "a number in (0, 1]", Double.toString(startFactor));
            }
        }

        @Override
        public Interval interval() {
            return schedule.interval();
        }

        @Override
        public boolean needsMetric() {
            return schedule.needsMetric();
        }

        @Override
        public Warmup per(Interval interval) {
            return new Warmup(schedule.per(interval), steps, startFactor);
        }

        @Override
        public String toString() {
            return schedule + " + warmup(steps=" + steps + ", startFactor=" + startFactor + ")";
        }
    }

    private static void checkGamma(double gamma) {
        if (!(gamma > 0 && gamma <= 1)) {
            throw invalid("gamma", "a number in (0, 1]", Double.toString(gamma));
        }
    }

    private static void checkNonNegative(String name, int v) {
        if (v < 0) {
            throw invalid(name, "an integer >= 0", Integer.toString(v));
        }
    }

    private static IllegalArgumentException invalid(String name, String expected, String received) {
        return new IllegalArgumentException(
                "Invalid value for `" + name + "`. Expected " + expected + ". Received: " + name + "=" + received);
    }

    private static String intervalSuffix(Interval interval) {
        return interval == Interval.EPOCH ? "" : ", interval=" + interval;
    }
}
