package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.train.LrSchedule.Interval;
import io.netforge.train.LrSchedule.Mode;
import io.netforge.train.LrSchedule.ThresholdMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Learning-rate schedules against PyTorch's {@code torch.optim.lr_scheduler}. The expected arrays are literals,
 * computed independently of this code with python3 (no torch available) from PyTorch's closed forms
 * ({@code _get_closed_form_lr}) and, for ReduceLROnPlateau, from a line-by-line transcription of its
 * {@code step}/{@code is_better}/{@code _reduce_lr}; the plateau cases were also traced by hand (comments).
 * Element {@code i} of an expected array is the lr in effect during interval {@code i}, i.e.
 * {@code learningRate()} after {@code i} calls of {@code step}.
 */
class LrScheduleTest {
    private static final int EPOCHS = 30;

    /** Relative tolerance 1e-12 (absolute 1e-18 around zero). */
    private static void assertLrs(List<Double> actual, double... expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            double tol = Math.max(1e-12 * Math.abs(expected[i]), 1e-18);
            assertThat(Math.abs(actual.get(i) - expected[i]))
                    .as("lr of interval %d: expected %s, was %s", i, expected[i], actual.get(i))
                    .isLessThanOrEqualTo(tol);
        }
    }

    /** The lr of each of {@code n} intervals, stepping without a metric. */
    private static List<Double> run(LrSchedule schedule, double baseLr, int n) {
        LrScheduler s = schedule.start(baseLr);
        List<Double> lrs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lrs.add(s.learningRate());
            s.step(Double.NaN);
        }
        return lrs;
    }

    /** The lr before the first metric, then after each: {@code metrics.length + 1} values. */
    private static List<Double> runPlateau(LrScheduler s, double... metrics) {
        List<Double> lrs = new ArrayList<>();
        lrs.add(s.learningRate());
        for (double m : metrics) {
            s.step(m);
            lrs.add(s.learningRate());
        }
        return lrs;
    }

    // ---- closed-form schedules, 30 epochs, base lr 0.1 ----

    @Test
    void stepLr() {
        // 0.1 * 0.1^floor(t / 10)
        assertLrs(
                run(LrSchedule.step(10, 0.1), 0.1, EPOCHS),
                0.1,
                0.1,
                0.1,
                0.1,
                0.1,
                0.1,
                0.1,
                0.1,
                0.1,
                0.1,
                0.010000000000000002,
                0.010000000000000002,
                0.010000000000000002,
                0.010000000000000002,
                0.010000000000000002,
                0.010000000000000002,
                0.010000000000000002,
                0.010000000000000002,
                0.010000000000000002,
                0.010000000000000002,
                0.0010000000000000002,
                0.0010000000000000002,
                0.0010000000000000002,
                0.0010000000000000002,
                0.0010000000000000002,
                0.0010000000000000002,
                0.0010000000000000002,
                0.0010000000000000002,
                0.0010000000000000002,
                0.0010000000000000002);
    }

    @Test
    void multiStepLr() {
        // 0.1 * 0.5^(milestones <= t), milestones 5, 12, 20
        assertLrs(
                run(LrSchedule.multiStep(new int[] {5, 12, 20}, 0.5), 0.1, EPOCHS),
                0.1,
                0.1,
                0.1,
                0.1,
                0.1,
                0.05,
                0.05,
                0.05,
                0.05,
                0.05,
                0.05,
                0.05,
                0.025,
                0.025,
                0.025,
                0.025,
                0.025,
                0.025,
                0.025,
                0.025,
                0.0125,
                0.0125,
                0.0125,
                0.0125,
                0.0125,
                0.0125,
                0.0125,
                0.0125,
                0.0125,
                0.0125);
    }

    @Test
    void exponentialLr() {
        // 0.1 * 0.9^t
        assertLrs(
                run(LrSchedule.exponential(0.9), 0.1, EPOCHS),
                0.1,
                0.09000000000000001,
                0.08100000000000002,
                0.0729,
                0.06561,
                0.05904900000000001,
                0.05314410000000001,
                0.04782969000000001,
                0.04304672100000001,
                0.03874204890000001,
                0.03486784401000001,
                0.031381059609000006,
                0.028242953648100012,
                0.02541865828329001,
                0.02287679245496101,
                0.02058911320946491,
                0.018530201888518418,
                0.016677181699666577,
                0.015009463529699918,
                0.013508517176729929,
                0.012157665459056936,
                0.010941898913151242,
                0.00984770902183612,
                0.008862938119652507,
                0.007976644307687256,
                0.00717897987691853,
                0.006461081889226678,
                0.00581497370030401,
                0.00523347633027361,
                0.004710128697246249);
    }

    @Test
    void cosineAnnealingContinuesPastTMax() {
        // 0.001 + (0.1 - 0.001) * (1 + cos(pi * t / 10)) / 2: etaMin at t = 10, back to 0.1 at t = 20 (periodic closed
        // form)
        assertLrs(
                run(LrSchedule.cosine(10, 0.001), 0.1, EPOCHS),
                0.1,
                0.09757729755661011,
                0.0905463412215599,
                0.07959536998847742,
                0.0657963412215599,
                0.0505,
                0.03520365877844011,
                0.021404630011522586,
                0.010453658778440109,
                0.0034227024433899004,
                0.001,
                0.003422702443389889,
                0.010453658778440095,
                0.021404630011522575,
                0.035203658778440096,
                0.05049999999999999,
                0.06579634122155989,
                0.07959536998847741,
                0.0905463412215599,
                0.09757729755661011,
                0.1,
                0.09757729755661011,
                0.09054634122155994,
                0.07959536998847744,
                0.06579634122155992,
                0.05050000000000002,
                0.03520365877844012,
                0.021404630011522593,
                0.010453658778440112,
                0.0034227024433899056);
    }

    @Test
    void warmupTimesStepLr() {
        // 0.1 * 0.1^floor(t / 10) * (0.1 + 0.9 * min(t, 5) / 5): 0.01, 0.028, 0.046, 0.064, 0.082, then StepLR
        // unchanged
        assertLrs(
                run(LrSchedule.step(10, 0.1).withWarmup(5, 0.1), 0.1, EPOCHS),
                0.010000000000000002,
                0.028000000000000004,
                0.046,
                0.064,
                0.082,
                0.1,
                0.1,
                0.1,
                0.1,
                0.1,
                0.010000000000000002,
                0.010000000000000002,
                0.010000000000000002,
                0.010000000000000002,
                0.010000000000000002,
                0.010000000000000002,
                0.010000000000000002,
                0.010000000000000002,
                0.010000000000000002,
                0.010000000000000002,
                0.0010000000000000002,
                0.0010000000000000002,
                0.0010000000000000002,
                0.0010000000000000002,
                0.0010000000000000002,
                0.0010000000000000002,
                0.0010000000000000002,
                0.0010000000000000002,
                0.0010000000000000002,
                0.0010000000000000002);
    }

    @Test
    void noneKeepsTheBaseLr() {
        LrScheduler s = LrSchedule.NONE.start(0.003);
        for (int i = 0; i < 5; i++) {
            assertThat(s.learningRate()).isEqualTo(0.003);
            s.step();
        }
        assertThat(s.interval()).isEqualTo(Interval.EPOCH);
        assertThat(s.needsMetric()).isFalse();
    }

    // ---- per-STEP interval: the trainer steps after every optimizer step, not at epoch end ----

    /** A trainer's loop: lr before each iteration; step after each iteration (STEP) or after each epoch (EPOCH). */
    private static List<Double> simulateTraining(LrScheduler s, int epochs, int iterationsPerEpoch) {
        List<Double> lrs = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            for (int i = 0; i < iterationsPerEpoch; i++) {
                lrs.add(s.learningRate());
                if (s.interval() == Interval.STEP) {
                    s.step();
                }
            }
            if (s.interval() == Interval.EPOCH) {
                s.step();
            }
        }
        return lrs;
    }

    @Test
    void stepIntervalAdvancesPerIteration() {
        // StepLR(4, 0.5) per STEP, 3 epochs of 5 iterations: 0.1 * 0.5^floor(iteration / 4), across epoch boundaries
        LrSchedule schedule = LrSchedule.step(4, 0.5).per(Interval.STEP);
        assertThat(schedule.interval()).isEqualTo(Interval.STEP);
        assertLrs(
                simulateTraining(schedule.start(0.1), 3, 5),
                0.1,
                0.1,
                0.1,
                0.1,
                0.05,
                0.05,
                0.05,
                0.05,
                0.025,
                0.025,
                0.025,
                0.025,
                0.0125,
                0.0125,
                0.0125);
        // the same schedule per EPOCH: constant within each epoch
        assertLrs(
                simulateTraining(LrSchedule.step(1, 0.5).start(0.1), 3, 5),
                0.1,
                0.1,
                0.1,
                0.1,
                0.1,
                0.05,
                0.05,
                0.05,
                0.05,
                0.05,
                0.025,
                0.025,
                0.025,
                0.025,
                0.025);
    }

    @Test
    void warmupCountsTheSchedulesInterval() {
        // cosine(20, 0) per STEP with warmup(5, 0.2), base 0.05, 3 epochs of 8 iterations:
        // 0.05 * (1 + cos(pi * t / 20)) / 2 * (0.2 + 0.8 * min(t, 5) / 5), t = iteration
        LrSchedule schedule = LrSchedule.cosine(20).per(Interval.STEP).withWarmup(5, 0.2);
        assertThat(schedule.interval()).isEqualTo(Interval.STEP);
        assertThat(LrSchedule.cosine(20).withWarmup(5, 0.2).per(Interval.STEP)).isEqualTo(schedule);
        assertLrs(
                simulateTraining(schedule.start(0.05), 3, 8),
                0.010000000000000002,
                0.01788919506535624,
                0.025363734711836998,
                0.03214711091120226,
                0.0379893568818739,
                0.04267766952966369,
                0.03969463130731183,
                0.03634976249348867,
                0.032725424859373686,
                0.028910861626005774,
                0.025,
                0.021089138373994235,
                0.017274575140626316,
                0.013650237506511332,
                0.010305368692688175,
                0.0073223304703363135,
                0.004774575140626317,
                0.0027248368952908055,
                0.0012235870926211618,
                0.00030779148512155856,
                0.0,
                0.00030779148512155574,
                0.0012235870926211563,
                0.002724836895290803);
    }

    // ---- ReduceLROnPlateau, scripted metrics ----

    private static final double[] LOSSES = {1.0, 0.95, 0.93, 0.915, 0.85, 0.80, 0.79, 0.775, 0.772, 0.769, 0.70, 0.695};

    @Test
    void plateauRelativeThreshold() {
        // MIN, REL 0.1, patience 2, factor 0.5: better means < 0.9 * best.
        // best 1.0; 0.95, 0.93, 0.915 are 3 bad -> 0.05 from interval 4; 0.85 best; 0.80, 0.79, 0.775 bad -> 0.025 from
        // 8;
        // 0.772, 0.769 bad; 0.70 < 0.765 best; 0.695 bad
        LrScheduler s = LrSchedule.reduceOnPlateau(Mode.MIN, 0.5, 2)
                .withThreshold(0.1, ThresholdMode.REL)
                .start(0.1);
        assertLrs(runPlateau(s, LOSSES), 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025, 0.025);
    }

    @Test
    void plateauAbsoluteThreshold() {
        // same losses, ABS 0.03: better means < best - 0.03.
        // 1.0 best; 0.95 best; 0.93 bad; 0.915 best; 0.85 best; 0.80 best; 0.79, 0.775, 0.772 bad -> 0.05 from interval
        // 9;
        // 0.769 bad; 0.70 best; 0.695 bad
        LrScheduler s = LrSchedule.reduceOnPlateau(Mode.MIN, 0.5, 2)
                .withThreshold(0.03, ThresholdMode.ABS)
                .start(0.1);
        assertLrs(runPlateau(s, LOSSES), 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05);
    }

    @Test
    void plateauCooldownAndMinLr() {
        // a loss that only rises; patience 1, factor 0.1, cooldown 2, minLr 0.005, base 1.0.
        // 2.0 best; 2.1 bad 1; 2.2 bad 2 -> 0.1 (from interval 3), cooldown 2; 2.3, 2.4 in cooldown (bad reset to 0);
        // 2.5 bad 1; 2.6 bad 2 -> 0.01 (from 7); 2 cooldown; 3.0 -> max(0.001, 0.005) = 0.005 (from 11);
        // 2 cooldown; 3.4 -> max(0.0005, 0.005) = 0.005, a change of 0 <= eps: stays
        LrScheduler s = LrSchedule.reduceOnPlateau(Mode.MIN, 0.1, 1)
                .withCooldown(2)
                .withMinLr(0.005)
                .start(1.0);
        assertLrs(
                runPlateau(s, 2.0, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6, 2.7, 2.8, 2.9, 3.0, 3.1, 3.2, 3.3, 3.4, 3.5),
                1.0,
                1.0,
                1.0,
                0.1,
                0.1,
                0.1,
                0.1,
                0.010000000000000002,
                0.010000000000000002,
                0.010000000000000002,
                0.010000000000000002,
                0.005,
                0.005,
                0.005,
                0.005,
                0.005,
                0.005);
    }

    private static final double[] ACCURACIES = {0.50, 0.60, 0.65, 0.64, 0.66, 0.70, 0.69, 0.70, 0.705, 0.71, 0.80, 0.79
    };

    @Test
    void plateauMaxModeAbs() {
        // MAX, ABS 0.02, patience 1, factor 0.5: better means > best + 0.02.
        // .5 .6 .65 best; .64, .66 bad -> 0.05 from 5; .70 best; .69, .70 bad -> 0.025 from 8; .705, .71 bad -> 0.0125
        // from 10;
        // .80 best; .79 bad
        LrScheduler s = LrSchedule.reduceOnPlateau(Mode.MAX, 0.5, 1)
                .withThreshold(0.02, ThresholdMode.ABS)
                .start(0.1);
        assertLrs(
                runPlateau(s, ACCURACIES),
                0.1,
                0.1,
                0.1,
                0.1,
                0.1,
                0.05,
                0.05,
                0.05,
                0.025,
                0.025,
                0.0125,
                0.0125,
                0.0125);
    }

    @Test
    void plateauMaxModeRel() {
        // MAX, REL 0.1, patience 1, factor 0.5: better means > 1.1 * best.
        // .5 .6 best; .65 (< .66), .64 bad -> 0.05 from 4; .66 bad; .70 best; .69, .70 bad -> 0.025 from 8;
        // .705, .71 bad -> 0.0125 from 10; .80 (> .77) best; .79 bad
        LrScheduler s = LrSchedule.reduceOnPlateau(Mode.MAX, 0.5, 1)
                .withThreshold(0.1, ThresholdMode.REL)
                .start(0.1);
        assertLrs(
                runPlateau(s, ACCURACIES),
                0.1,
                0.1,
                0.1,
                0.1,
                0.05,
                0.05,
                0.05,
                0.05,
                0.025,
                0.025,
                0.0125,
                0.0125,
                0.0125);
    }

    @Test
    void plateauEpsSkipsSmallReductions() {
        // constant loss, patience 0, factor 0.5, eps 0.02: 0.1 -> 0.05 -> 0.025; 0.025 -> 0.0125 lowers by 0.0125 <=
        // eps: skipped
        LrScheduler s =
                LrSchedule.reduceOnPlateau(Mode.MIN, 0.5, 0).withEps(0.02).start(0.1);
        assertLrs(
                runPlateau(s, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
                0.1,
                0.1,
                0.05,
                0.025,
                0.025,
                0.025,
                0.025,
                0.025,
                0.025,
                0.025,
                0.025);
    }

    @Test
    void warmupOnPlateauMultipliesThePlateauLr() {
        // plateau(MIN, 0.5, patience 1) with warmup(3, 0.5), base 0.2: lr = plateauLr * (0.5 + 0.5 * min(t, 3) / 3).
        // plateauLr: 1.0, 1.0, 1.0 -> 2 bad -> 0.1 from 3; 0.5 best; 0.5, 0.5 bad -> 0.05 from 6
        LrScheduler s =
                LrSchedule.reduceOnPlateau(Mode.MIN, 0.5, 1).withWarmup(3, 0.5).start(0.2);
        assertThat(s.needsMetric()).isTrue();
        assertLrs(
                runPlateau(s, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5),
                0.1,
                0.13333333333333333,
                0.16666666666666666,
                0.1,
                0.1,
                0.1,
                0.05,
                0.05);
    }

    @Test
    void plateauDefaults() {
        LrSchedule.ReduceOnPlateau p = LrSchedule.reduceOnPlateau();
        assertThat(p)
                .isEqualTo(new LrSchedule.ReduceOnPlateau(
                        Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0, 1e-8, Interval.EPOCH));
        // ten bad epochs are tolerated, the eleventh reduces
        LrScheduler s = p.start(1.0);
        s.step(5.0);
        for (int i = 0; i < 10; i++) {
            s.step(5.0);
            assertThat(s.learningRate()).isEqualTo(1.0);
        }
        s.step(5.0);
        assertThat(s.learningRate()).isEqualTo(0.1);
    }

    @Test
    void plateauNeedsAMetric() {
        LrScheduler s = LrSchedule.reduceOnPlateau().start(0.1);
        assertThatThrownBy(() -> s.step(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Invalid value for `metric`. ReduceLROnPlateau expected the monitored metric, a number (not NaN)."
                                + " Received: metric=NaN");
        assertThatThrownBy(s::step).isInstanceOf(IllegalStateException.class).hasMessageContaining("step(metric)");
        assertThat(s.t()).isZero();
        // the others ignore the metric
        LrScheduler e = LrSchedule.exponential(0.5).start(1.0);
        e.step(Double.NaN);
        e.step(42);
        assertThat(e.learningRate()).isEqualTo(0.25);
    }

    // ---- state snapshot / restore ----

    @Test
    void restoredPlateauContinuesTheSameSequence() {
        // MIN, factor 0.5, patience 2, cooldown 1, base 0.01; full run for reference
        double[] losses = {3.0, 2.5, 2.6, 2.55, 2.7, 2.4, 2.45, 2.5, 2.6, 2.3, 2.31, 2.32, 2.33, 2.34, 2.35};
        LrSchedule schedule = LrSchedule.reduceOnPlateau(Mode.MIN, 0.5, 2).withCooldown(1);
        double[] expected = {
            0.01, 0.01, 0.01, 0.01, 0.01, 0.005, 0.005, 0.005, 0.005, 0.0025, 0.0025, 0.0025, 0.0025, 0.00125, 0.00125,
            0.00125
        };
        assertLrs(runPlateau(schedule.start(0.01), losses), expected);

        for (int cut = 0; cut <= losses.length; cut++) {
            LrScheduler first = schedule.start(0.01);
            List<Double> lrs = runPlateau(first, java.util.Arrays.copyOfRange(losses, 0, cut));
            LrScheduler.State state = first.state();
            // plain values: rebuild the record from its components, restore into a scheduler started elsewhere
            LrScheduler.State copy = new LrScheduler.State(
                    state.baseLr(),
                    state.t(),
                    state.plateauLr(),
                    state.best(),
                    state.badIntervals(),
                    state.cooldownCounter());
            LrScheduler second = schedule.start(0.5);
            second.restore(copy);
            assertThat(second.state()).isEqualTo(state);
            lrs.remove(lrs.size() - 1);
            lrs.addAll(runPlateau(second, java.util.Arrays.copyOfRange(losses, cut, losses.length)));
            assertLrs(lrs, expected);
        }
    }

    @Test
    void restoredWarmupCosineContinuesTheSameSequence() {
        // cosine(12, 0.0001) with warmup(4, 0.25), base 0.02: cut inside the warm-up and after it
        LrSchedule schedule = LrSchedule.cosine(12, 0.0001).withWarmup(4, 0.25);
        double[] expected = {
            0.005,
            0.0086016708625646,
            0.011666845479784478,
            0.013882141384154995,
            0.015025,
            0.01262524949877008,
            0.01005,
            0.00747475050122992,
            0.005075000000000003,
            0.003014287527193853,
            0.001433047232344835,
            0.0004390380284237714,
            0.0001,
            0.0004390380284237703,
            0.001433047232344834,
            0.0030142875271938485,
            0.005074999999999996,
            0.00747475050122992,
            0.010049999999999998,
            0.012625249498770077
        };
        for (int cut : new int[] {0, 2, 4, 9, 19}) {
            LrScheduler first = schedule.start(0.02);
            List<Double> lrs = run(first, cut);
            LrScheduler second = schedule.start(1.0);
            second.restore(first.state());
            assertThat(second.t()).isEqualTo(cut);
            assertThat(second.baseLr()).isEqualTo(0.02);
            lrs.addAll(run(second, expected.length - cut));
            assertLrs(lrs, expected);
        }
    }

    private static List<Double> run(LrScheduler s, int n) {
        List<Double> lrs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lrs.add(s.learningRate());
            s.step();
        }
        return lrs;
    }

    @Test
    void restoreRejectsAStateOfAnotherKindOfSchedule() {
        LrScheduler.State plateauState = LrSchedule.reduceOnPlateau().start(0.1).state();
        assertThat(plateauState.best()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> LrSchedule.step(3).start(0.1).restore(plateauState))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid value for `state`.");
        LrScheduler.State stepState = LrSchedule.step(3).start(0.1).state();
        assertThat(stepState.best()).isNaN();
        assertThatThrownBy(() -> LrSchedule.reduceOnPlateau().start(0.1).restore(stepState))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid value for `state`.");
        assertThat(LrSchedule.reduceOnPlateau()
                        .withMode(Mode.MAX)
                        .start(0.1)
                        .state()
                        .best())
                .isEqualTo(Double.NEGATIVE_INFINITY);
        assertInvalid(
                () -> new LrScheduler.State(0.1, -1, 0.1, Double.NaN, 0, 0),
                "Invalid value for `t`. Expected an integer >= 0. Received: t=-1");
        assertInvalid(
                () -> new LrScheduler.State(0, 0, 0.1, Double.NaN, 0, 0),
                "Invalid value for `baseLr`. Expected a number in (0, 1000000]. Received: baseLr=0.0");
    }

    // ---- validation ----

    private static void assertInvalid(Executable construct, String message) {
        assertThatThrownBy(construct::execute)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void invalidValuesAreRejected() {
        assertInvalid(
                () -> LrSchedule.step(10, 1.5),
                "Invalid value for `gamma`. Expected a number in (0, 1]. Received: gamma=1.5");
        assertInvalid(
                () -> LrSchedule.step(10, 0),
                "Invalid value for `gamma`. Expected a number in (0, 1]. Received: gamma=0.0");
        assertInvalid(
                () -> LrSchedule.exponential(Double.NaN),
                "Invalid value for `gamma`. Expected a number in (0, 1]. Received: gamma=NaN");
        assertInvalid(
                () -> LrSchedule.multiStep(new int[] {5}, -0.5),
                "Invalid value for `gamma`. Expected a number in (0, 1]. Received: gamma=-0.5");
        assertInvalid(
                () -> LrSchedule.step(0),
                "Invalid value for `stepSize`. Expected a positive integer. Received: stepSize=0");
        assertInvalid(
                () -> LrSchedule.multiStep(5, 5, 12),
                "Invalid value for `milestones`. Expected a non-empty list of strictly increasing positive integers. Received: milestones=[5, 5, 12]");
        assertInvalid(
                () -> LrSchedule.multiStep(12, 5),
                "Invalid value for `milestones`. Expected a non-empty list of strictly increasing positive integers. Received: milestones=[12, 5]");
        assertInvalid(
                () -> LrSchedule.multiStep(0, 5),
                "Invalid value for `milestones`. Expected a non-empty list of strictly increasing positive integers. Received: milestones=[0, 5]");
        assertInvalid(
                () -> LrSchedule.multiStep(),
                "Invalid value for `milestones`. Expected a non-empty list of strictly increasing positive integers. Received: milestones=[]");
        assertInvalid(
                () -> LrSchedule.cosine(0), "Invalid value for `tMax`. Expected a positive integer. Received: tMax=0");
        assertInvalid(
                () -> LrSchedule.cosine(10, -0.001),
                "Invalid value for `etaMin`. Expected a number >= 0. Received: etaMin=-0.001");
        assertInvalid(
                () -> LrSchedule.step(10).withWarmup(0, 0.1),
                "Invalid value for `steps`. Expected a positive integer. Received: steps=0");
        assertInvalid(
                () -> LrSchedule.step(10).withWarmup(5, 0),
                "Invalid value for `startFactor`. Expected a number in (0, 1]. Received: startFactor=0.0");
        assertInvalid(
                () -> LrSchedule.step(10).withWarmup(5, 1.5),
                "Invalid value for `startFactor`. Expected a number in (0, 1]. Received: startFactor=1.5");
        assertInvalid(
                () -> LrSchedule.step(10).withWarmup(5, 0.1).withWarmup(5, 0.1),
                "Invalid value for `schedule`. Expected a schedule without warm-up. Received: schedule="
                        + "StepLR(stepSize=10, gamma=0.1) + warmup(steps=5, startFactor=0.1)");
        assertInvalid(
                () -> LrSchedule.reduceOnPlateau(Mode.MIN, 1.0, 10),
                "Invalid value for `factor`. Expected a number in (0, 1). Received: factor=1.0");
        assertInvalid(
                () -> LrSchedule.reduceOnPlateau(Mode.MIN, 0.1, -1),
                "Invalid value for `patience`. Expected an integer >= 0. Received: patience=-1");
        assertInvalid(
                () -> LrSchedule.reduceOnPlateau().withCooldown(-2),
                "Invalid value for `cooldown`. Expected an integer >= 0. Received: cooldown=-2");
        assertInvalid(
                () -> LrSchedule.reduceOnPlateau().withThreshold(-0.1, ThresholdMode.ABS),
                "Invalid value for `threshold`. Expected a number >= 0. Received: threshold=-0.1");
        assertInvalid(
                () -> LrSchedule.reduceOnPlateau().withThreshold(1.0, ThresholdMode.REL),
                "Invalid value for `threshold`. Expected a number in [0.0, 1.0). Received: threshold=1.0");
        // a relative threshold of 1 or more is meaningful when maximizing
        assertThat(LrSchedule.reduceOnPlateau()
                        .withMode(Mode.MAX)
                        .withThreshold(1.0, ThresholdMode.REL)
                        .threshold())
                .isEqualTo(1.0);
        assertInvalid(
                () -> LrSchedule.reduceOnPlateau().withMinLr(-1),
                "Invalid value for `minLr`. Expected a number >= 0. Received: minLr=-1.0");
        assertInvalid(
                () -> LrSchedule.reduceOnPlateau().withEps(Double.NaN),
                "Invalid value for `eps`. Expected a number >= 0. Received: eps=NaN");
        assertInvalid(
                () -> LrSchedule.step(10).start(0),
                "Invalid value for `baseLr`. Expected a number in (0, 1000000]. Received: baseLr=0.0");
        assertThatThrownBy(() -> LrSchedule.step(10).per(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> LrSchedule.reduceOnPlateau().withMode(null)).isInstanceOf(NullPointerException.class);
    }

    // ---- description ----

    @Test
    void readableDescriptions() {
        assertThat(LrSchedule.step(10)).hasToString("StepLR(stepSize=10, gamma=0.1)");
        assertThat(LrSchedule.multiStep(new int[] {5, 12, 20}, 0.5))
                .hasToString("MultiStepLR(milestones=[5, 12, 20], gamma=0.5)");
        assertThat(LrSchedule.exponential(0.9)).hasToString("ExponentialLR(gamma=0.9)");
        assertThat(LrSchedule.cosine(10, 0.001)).hasToString("CosineAnnealingLR(tMax=10, etaMin=0.001)");
        assertThat(LrSchedule.reduceOnPlateau())
                .hasToString("ReduceLROnPlateau(mode=MIN, factor=0.1, patience=10, threshold=1.0E-4,"
                        + " thresholdMode=REL, cooldown=0, minLr=0.0, eps=1.0E-8)");
        assertThat(LrSchedule.step(10).per(Interval.STEP).withWarmup(5, 0.1))
                .hasToString("StepLR(stepSize=10, gamma=0.1, interval=STEP) + warmup(steps=5, startFactor=0.1)");
        assertThat(LrSchedule.NONE).hasToString("none");
        assertThat(LrSchedule.NONE.withWarmup(100, 0.01).per(Interval.STEP))
                .hasToString("none(interval=STEP) + warmup(steps=100, startFactor=0.01)");
    }

    @Test
    void schedulesAreValues() {
        assertThat(LrSchedule.multiStep(5, 12)).isEqualTo(LrSchedule.multiStep(new int[] {5, 12}, 0.1));
        assertThat(LrSchedule.step(10).withWarmup(5, 0.1))
                .isEqualTo(LrSchedule.step(10).withWarmup(5, 0.1));
        assertThat(LrSchedule.step(10).per(Interval.STEP)).isNotEqualTo(LrSchedule.step(10));
        int[] milestones = {5, 12};
        LrSchedule.MultiStep m = LrSchedule.multiStep(milestones, 0.5);
        milestones[0] = 7;
        assertThat(m.milestones()).containsExactly(5, 12);
        assertThatThrownBy(() -> m.milestones().set(0, 1)).isInstanceOf(UnsupportedOperationException.class);
    }
}
