package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The first three updates of every optimizer and option on a 3-element parameter against PyTorch's rules.
 *
 * <p>The expected values are literals computed independently in double precision by
 * {@code runtime/src/test/python/optimizer_steps.py} (PyTorch's single-tensor step written out element by element),
 * rounded to 12 decimals. Each row is the parameter after step 1, 2 and 3.
 */
class OptimizerStepsTest {
    /** The parameter before the first step. */
    private static final double[] W0 = {1.0, -2.0, 0.5};
    /** The gradient of step 1, 2 and 3. */
    private static final double[][] GRADS = {{0.5, -1.0, 2.0}, {0.1, 0.2, -0.3}, {-1.0, 1.0, 0.5}};

    private static final long[] SHAPE = {3};

    private static INDArray arr(double... v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Nd4j.createFromArray(f);
    }

    /** Runs three steps from {@link #W0} with the given rates; returns the parameter after each. */
    private static double[][] steps(io.netforge.train.optim.Updater u, double... learningRates) {
        double[][] out = new double[3][];
        try (INDArray w = arr(W0)) {
            for (int t = 0; t < 3; t++) {
                try (INDArray g = arr(GRADS[t])) {
                    u.update(w, g, learningRates[t]);
                }
                out[t] = w.toDoubleVector();
            }
        }
        return out;
    }

    /**
     * As {@link #steps(io.netforge.train.optim.Updater, double...)} with the parameter a row of a larger array: not in host memory
     * of its own ({@code HostLoops.onHost} is false), so Adam takes libnd4j's fused op instead of the Java loop.
     */
    private static double[][] stepsOnView(Optimizer o) {
        double[][] out = new double[3][];
        io.netforge.train.optim.Updater u = o.newUpdater(SHAPE);
        try (INDArray whole = Nd4j.createFromArray(new float[][] {toFloats(W0), {9f, 9f, 9f}})) {
            INDArray w = whole.getRow(0);
            for (int t = 0; t < 3; t++) {
                try (INDArray g = arr(GRADS[t])) {
                    u.update(w, g, o.learningRate());
                }
                out[t] = w.toDoubleVector();
            }
            assertThat(whole.getRow(1).toDoubleVector()).containsOnly(9.0);
        }
        return out;
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static double[][] steps(Optimizer o) {
        double lr = o.learningRate();
        return steps(o.newUpdater(SHAPE), lr, lr, lr);
    }

    private static void assertSteps(double[][] actual, double[][] expected) {
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < 3; i++) {
                assertThat(actual[t][i]).as("step %d, element %d", t + 1, i).isCloseTo(expected[t][i], within(1e-6));
            }
        }
    }

    // ---- SGD: g += wd*w; buf = momentum*buf + (1-dampening)*g (step 1: buf = g); step = nesterov ? g + momentum*buf :
    // buf;
    //      w -= lr*step

    @Test
    void sgdPlain() {
        // w -= 0.1 * g
        double[][] expected = {
            {0.95, -1.9, 0.3},
            {0.94, -1.92, 0.33},
            {1.04, -2.02, 0.28}
        };
        assertSteps(steps(Optimizer.sgd(0.1)), expected);
    }

    @Test
    void sgdMomentum() {
        double[][] expected = {
            {0.95, -1.9, 0.3},
            {0.895, -1.83, 0.15},
            {0.9455, -1.867, -0.035}
        };
        assertSteps(steps(new Optimizer.Sgd(0.1, 0.9, false, 0)), expected);
    }

    @Test
    void sgdDampeningLeavesTheFirstStepUndampened() {
        // buf = g at step 1; then buf = 0.9*buf + 0.5*g
        double[][] expected = {
            {0.95, -1.9, 0.3},
            {0.9, -1.82, 0.135},
            {0.905, -1.798, -0.0385}
        };
        assertSteps(steps(new Optimizer.Sgd(0.1, 0.9, 0.5, false, 0)), expected);
    }

    @Test
    void sgdNesterov() {
        // step = g + 0.9*buf
        double[][] expected = {
            {0.905, -1.81, 0.12},
            {0.8455, -1.767, 0.015},
            {0.99095, -1.9003, -0.2015}
        };
        assertSteps(steps(new Optimizer.Sgd(0.1, 0.9, true, 0)), expected);
    }

    @Test
    void sgdWeightDecay() {
        // g += 0.1*w
        double[][] expected = {
            {0.94, -1.88, 0.295},
            {0.9206, -1.8812, 0.32205},
            {1.011394, -1.962388, 0.2688295}
        };
        assertSteps(steps(new Optimizer.Sgd(0.1, 0, false, 0.1)), expected);
    }

    @Test
    void sgdMomentumAndWeightDecay() {
        double[][] expected = {
            {0.94, -1.88, 0.295},
            {0.8666, -1.7732, 0.13755},
            {0.891874, -1.759348, -0.0555305}
        };
        assertSteps(steps(new Optimizer.Sgd(0.1, 0.9, false, 0.1)), expected);
    }

    @Test
    void sgdFourArgumentConstructorHasNoDampening() {
        assertThat(new Optimizer.Sgd(0.1, 0.9, true, 5e-4)).isEqualTo(new Optimizer.Sgd(0.1, 0.9, 0, true, 5e-4));
        assertThat(Optimizer.sgd(0.1)).isEqualTo(new Optimizer.Sgd(0.1, 0, 0, false, 0));
    }

    // ---- Adam: g += wd*w; m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g²; w -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) +
    // eps)

    @Test
    void adamWithWeightDecayAddedToTheGradient() {
        // lr 0.1, betas (0.9, 0.999), eps 1e-8, wd 0.1
        double[][] expected = {
            {0.900000001667, -1.900000000833, 0.400000000488},
            {0.81364834543, -1.833616907742, 0.342894643392},
            {0.828662243271, -1.827171262951, 0.284154092828}
        };
        assertSteps(steps(new Optimizer.Adam(0.1, 0.9, 0.999, 1e-8, 0.1)), expected);
        assertSteps(stepsOnView(new Optimizer.Adam(0.1, 0.9, 0.999, 1e-8, 0.1)), expected);
    }

    @Test
    void adamJavaLoopEqualsLibnd4jsFusedOpOverSeveralChunks() {
        int n = 2 * io.netforge.util.HostLoops.CHUNK + 3;
        for (Optimizer o : new Optimizer[] {
            new Optimizer.Adam(0.01, 0.9, 0.999, 1e-8, 0.01), new Optimizer.AdamW(0.01, 0.9, 0.999, 1e-8, 0.01)
        }) {
            io.netforge.train.optim.Updater onHost = o.newUpdater(new long[] {n});
            io.netforge.train.optim.Updater fused = o.newUpdater(new long[] {n});
            java.util.Random r = new java.util.Random(7);
            try (INDArray w = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, n)
                            .subi(0.5);
                    INDArray rows = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, n)) {
                INDArray view = rows.getRow(0);
                view.assign(w);
                for (int t = 0; t < 5; t++) {
                    float[] g = new float[n];
                    for (int i = 0; i < n; i++) {
                        g[i] = (float) r.nextGaussian();
                    }
                    onHost.update(w, io.netforge.util.NdArrays.floats(g, n), o.learningRate());
                    fused.update(view, io.netforge.util.NdArrays.floats(g, n), o.learningRate());
                }
                double[] a = w.toDoubleVector();
                double[] b = view.toDoubleVector();
                for (int i = 0; i < n; i++) {
                    assertThat(a[i]).as("%s, element %d", o, i).isCloseTo(b[i], within(1e-6));
                }
                for (String buffer : onHost.buffers().keySet()) {
                    assertThat(onHost.buffers()
                                    .get(buffer)
                                    .equalsWithEps(fused.buffers().get(buffer), 1e-6))
                            .as(buffer)
                            .isTrue();
                }
            }
        }
    }

    // ---- AdamW: w -= lr*wd*w, then Adam on the gradient without decay

    @Test
    void adamWDecaysTheWeightsThenTakesAnAdamStep() {
        // lr 0.1, betas (0.9, 0.999), eps 1e-8, wd 0.1
        double[][] expected = {
            {0.890000002, -1.880000001, 0.3950000005},
            {0.800795906365, -1.81009739398, 0.335830195201},
            {0.821533331627, -1.808553278552, 0.275690510441}
        };
        assertSteps(steps(new Optimizer.AdamW(0.1, 0.9, 0.999, 1e-8, 0.1)), expected);
        assertSteps(stepsOnView(new Optimizer.AdamW(0.1, 0.9, 0.999, 1e-8, 0.1)), expected);
    }

    // ---- AdaGrad: clr = lr / (1 + (t-1)*lrDecay); g += wd*w; sum += g²; w -= clr * g / (sqrt(sum) + eps)

    @Test
    void adaGradDefaults() {
        // lr 0.1, sum starts at 0, eps 1e-10
        double[][] expected = {
            {0.90000000002, -1.90000000001, 0.400000000005},
            {0.88038838651, -1.919611613522, 0.414834045297},
            {0.96947546714, -1.989625617718, 0.390833277262}
        };
        assertSteps(steps(Optimizer.adaGrad(0.1)), expected);
    }

    @Test
    void adaGradWithLrDecayInitialAccumulatorAndWeightDecay() {
        // lr 0.1, lrDecay 0.5, wd 0.1, sum starts at 0.1, eps 1e-10
        double[][] expected = {
            {0.91153482632, -1.903301244325, 0.401168947242},
            {0.89345001479, -1.903820709074, 0.409456839957},
            {0.93299392416, -1.931140414534, 0.396931003924}
        };
        assertSteps(steps(new Optimizer.AdaGrad(0.1, 0.5, 0.1, 0.1, 1e-10)), expected);
    }

    // ---- RMSprop: g += wd*w; sq = alpha*sq + (1-alpha)*g²; centered: gavg = alpha*gavg + (1-alpha)*g,
    //      avg = sqrt(sq - gavg²) + eps, else avg = sqrt(sq) + eps; momentum: buf = momentum*buf + g/avg, w -= lr*buf;
    //      else w -= lr*g/avg

    @Test
    void rmsPropPlain() {
        // lr 0.01, alpha 0.99, eps 1e-8
        double[][] expected = {
            {0.90000002, -1.90000001, 0.400000005},
            {0.88029343832, -1.919706593622, 0.414907124109},
            {0.969560466269, -1.99007156846, 0.390680624343}
        };
        assertSteps(steps(Optimizer.rmsProp(0.01)), expected);
    }

    @Test
    void rmsPropMomentum() {
        double[][] expected = {
            {0.90000002, -1.90000001, 0.400000005},
            {0.79029345632, -1.829706602622, 0.324907128609},
            {0.780824576957, -1.836807510819, 0.233097040091}
        };
        assertSteps(steps(new Optimizer.RmsProp(0.01, 0.99, 1e-8, 0, 0.9, false)), expected);
    }

    @Test
    void rmsPropCentered() {
        double[][] expected = {
            {0.899496238676, -1.899496228575, 0.399496223525},
            {0.879652775555, -1.91926278818, 0.414455558735},
            {0.968979929162, -1.989636035402, 0.390094877712}
        };
        assertSteps(steps(new Optimizer.RmsProp(0.01, 0.99, 1e-8, 0, 0, true)), expected);
    }

    @Test
    void rmsPropWeightDecay() {
        double[][] expected = {
            {0.900000016667, -1.900000008333, 0.400000004878},
            {0.869672719656, -1.900837510333, 0.412644514313},
            {0.952260253487, -1.957165863726, 0.387068638272}
        };
        assertSteps(steps(new Optimizer.RmsProp(0.01, 0.99, 1e-8, 0.1, 0, false)), expected);
    }

    @Test
    void rmsPropCenteredWithMomentumAndAnotherAlpha() {
        double[][] expected = {
            {0.966666668889, -1.966666667778, 0.466666667222},
            {0.943011438244, -1.956700253544, 0.455096472661},
            {0.960221247889, -1.975078535095, 0.440511980913}
        };
        assertSteps(steps(new Optimizer.RmsProp(0.01, 0.9, 1e-8, 0, 0.5, true)), expected);
    }

    // ---- The learning rate argument of each step: 0.1, 0.05, 0.2 (RMSprop 0.01, 0.005, 0.02); the optimizer's own
    //      learning rate (1.0 here) is not used by the updater

    @Test
    void sgdUsesTheLearningRateOfEachStep() {
        Optimizer o = new Optimizer.Sgd(1.0, 0.9, 0.1, false, 0.1);
        double[][] expected = {
            {0.94, -1.88, 0.295},
            {0.90427, -1.82654, 0.2149225},
            {0.93936514, -1.78120628, -0.167225105}
        };
        assertSteps(steps(o.newUpdater(SHAPE), 0.1, 0.05, 0.2), expected);
    }

    @Test
    void adamUsesTheLearningRateOfEachStep() {
        Optimizer o = new Optimizer.Adam(1.0, 0.9, 0.999, 1e-8, 0.1);
        double[][] expected = {
            {0.900000001667, -1.900000000833, 0.400000000488},
            {0.856824173548, -1.866808454288, 0.37144732194},
            {0.886451194089, -1.853607837653, 0.253834704374}
        };
        assertSteps(steps(o.newUpdater(SHAPE), 0.1, 0.05, 0.2), expected);
    }

    @Test
    void adamWDecaysWithTheLearningRateOfEachStep() {
        Optimizer o = new Optimizer.AdamW(1.0, 0.9, 0.999, 1e-8, 0.1);
        double[][] expected = {
            {0.890000002, -1.880000001, 0.3950000005},
            {0.845397954182, -1.84504869749, 0.36541509785},
            {0.88598076375, -1.841261440563, 0.244544030278}
        };
        assertSteps(steps(o.newUpdater(SHAPE), 0.1, 0.05, 0.2), expected);
    }

    @Test
    void adaGradDecaysTheLearningRateOfEachStep() {
        // clr = lr_t / (1 + (t-1)*0.5), sum starts at 0.1
        Optimizer o = new Optimizer.AdaGrad(1.0, 0.5, 0, 0.1, 1e-10);
        double[][] expected = {
            {0.915484574541, -1.904653741085, 0.40122704034},
            {0.909929018987, -1.910897646494, 0.406112360027},
            {0.995678311551, -1.979256239192, 0.382383410134}
        };
        assertSteps(steps(o.newUpdater(SHAPE), 0.1, 0.05, 0.2), expected);
    }

    @Test
    void rmsPropUsesTheLearningRateOfEachStep() {
        Optimizer o = new Optimizer.RmsProp(1.0, 0.99, 1e-8, 0.1, 0.9, true);
        double[][] expected = {
            {0.899496235309, -1.899496226892, 0.399496223401},
            {0.838989437768, -1.85469245252, 0.360616527842},
            {0.78653038134, -1.806526277675, 0.16965877316}
        };
        assertSteps(steps(o.newUpdater(SHAPE), 0.01, 0.005, 0.02), expected);
    }

    // ---- newUpdater(shape, false): no weight decay at all, coupled or decoupled

    @Test
    void noDecayUpdatersMatchTheSameOptimizerWithoutWeightDecay() {
        Optimizer[][] withAndWithout = {
            {new Optimizer.Sgd(0.1, 0.9, 0.1, false, 0.1), new Optimizer.Sgd(0.1, 0.9, 0.1, false, 0)},
            {new Optimizer.Sgd(0.1, 0.9, true, 0.1), new Optimizer.Sgd(0.1, 0.9, true, 0)},
            {new Optimizer.Adam(0.1, 0.9, 0.999, 1e-8, 0.1), new Optimizer.Adam(0.1, 0.9, 0.999, 1e-8, 0)},
            {new Optimizer.AdamW(0.1, 0.9, 0.999, 1e-8, 0.1), new Optimizer.AdamW(0.1, 0.9, 0.999, 1e-8, 0)},
            {new Optimizer.AdaGrad(0.1, 0.5, 0.1, 0.1, 1e-10), new Optimizer.AdaGrad(0.1, 0.5, 0, 0.1, 1e-10)},
            {
                new Optimizer.RmsProp(0.01, 0.9, 1e-8, 0.1, 0.5, true),
                new Optimizer.RmsProp(0.01, 0.9, 1e-8, 0, 0.5, true)
            },
        };
        for (Optimizer[] pair : withAndWithout) {
            double lr = pair[0].learningRate();
            double[][] noDecay = steps(pair[0].newUpdater(SHAPE, false), lr, lr, lr);
            double[][] decayed = steps(pair[0].newUpdater(SHAPE, true), lr, lr, lr);
            double[][] zeroDecay = steps(pair[1]);
            for (int t = 0; t < 3; t++) {
                assertThat(noDecay[t])
                        .as("%s without decay, step %d", pair[0], t + 1)
                        .containsExactly(zeroDecay[t]);
            }
            assertThat(Math.abs(decayed[2][0] - noDecay[2][0]))
                    .as("%s decays by default", pair[0])
                    .isGreaterThan(1e-4);
            assertThat(steps(pair[0])).as("newUpdater(shape) decays").isDeepEqualTo(decayed);
        }
    }

    @Test
    void adamWWithoutDecayIsAdam() {
        assertSteps(
                steps(new Optimizer.AdamW(0.1, 0.9, 0.999, 1e-8, 0.1).newUpdater(SHAPE, false), 0.1, 0.1, 0.1),
                steps(new Optimizer.Adam(0.1, 0.9, 0.999, 1e-8, 0)));
    }

    // ---- factories, toString, validation

    @Test
    void factoriesUsePyTorchsDefaults() {
        assertThat(Optimizer.adamW(1e-3)).isEqualTo(new Optimizer.AdamW(1e-3, 0.9, 0.999, 1e-8, 0.01));
        assertThat(Optimizer.adaGrad(1e-2)).isEqualTo(new Optimizer.AdaGrad(1e-2, 0, 0, 0, 1e-10));
        assertThat(Optimizer.rmsProp(1e-2)).isEqualTo(new Optimizer.RmsProp(1e-2, 0.99, 1e-8, 0, 0, false));
    }

    @Test
    void withLearningRateKeepsEverythingElse() {
        assertThat(new Optimizer.Sgd(0.1, 0.9, 0.5, false, 0.1).withLearningRate(0.2))
                .isEqualTo(new Optimizer.Sgd(0.2, 0.9, 0.5, false, 0.1));
        assertThat(Optimizer.adamW(1e-3).withLearningRate(0.5)).isEqualTo(Optimizer.adamW(0.5));
        assertThat(new Optimizer.AdaGrad(0.1, 0.5, 0.1, 0.1, 1e-10).withLearningRate(0.3))
                .isEqualTo(new Optimizer.AdaGrad(0.3, 0.5, 0.1, 0.1, 1e-10));
        assertThat(new Optimizer.RmsProp(0.1, 0.9, 1e-8, 0.1, 0.5, true).withLearningRate(0.3))
                .isEqualTo(new Optimizer.RmsProp(0.3, 0.9, 1e-8, 0.1, 0.5, true));
    }

    @Test
    void toStringIsPyTorchLike() {
        assertThat(Optimizer.adam(1e-3)).hasToString("Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0)");
        assertThat(new Optimizer.Sgd(0.05, 0.9, true, 5e-4))
                .hasToString("SGD(lr=0.05, momentum=0.9, dampening=0, nesterov=True, weight_decay=0.0005)");
        assertThat(Optimizer.adamW(1e-3))
                .hasToString("AdamW(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01)");
        assertThat(Optimizer.adaGrad(1e-2))
                .hasToString("Adagrad(lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10)");
        assertThat(new Optimizer.RmsProp(1e-2, 0.99, 1e-8, 1e-5, 0.9, true))
                .hasToString(
                        "RMSprop(lr=0.01, alpha=0.99, eps=1e-08, weight_decay=1e-05, momentum=0.9, centered=True)");
        assertThat(Optimizer.sgd(1)).hasToString("SGD(lr=1, momentum=0, dampening=0, nesterov=False, weight_decay=0)");
        assertThat(Optimizer.adam(2.5e-4))
                .hasToString("Adam(lr=0.00025, betas=(0.9, 0.999), eps=1e-08, weight_decay=0)");
    }

    @Test
    void invalidSettingsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> new Optimizer.Sgd(0.1, 0.9, 1.5, false, 0))
                .hasMessage("Invalid value for `dampening`. Expected a number in [0.0, 1.0]. Received: dampening=1.5");
        assertThatThrownBy(() -> new Optimizer.Sgd(0.1, 0.9, 0.1, true, 0))
                .hasMessage(
                        "Nesterov momentum requires momentum > 0 and dampening = 0. Received: momentum=0.9, dampening=0.1");
        assertThatThrownBy(() -> new Optimizer.Sgd(0.1, 0, 0, true, 0)).hasMessageContaining("momentum=0.0");
        assertThatThrownBy(() -> new Optimizer.AdamW(0.1, 1.0, 0.999, 1e-8, 0.01))
                .hasMessageContaining("beta1=1.0");
        assertThatThrownBy(() -> new Optimizer.AdamW(0.1, 0.9, 0.999, 0, 0.01)).hasMessageContaining("eps=0.0");
        assertThatThrownBy(() -> new Optimizer.AdamW(0.1, 0.9, 0.999, 1e-8, -0.01))
                .hasMessageContaining("weightDecay=-0.01");
        assertThatThrownBy(() -> new Optimizer.AdaGrad(0, 0, 0, 0, 1e-10)).hasMessageContaining("learningRate=0.0");
        assertThatThrownBy(() -> new Optimizer.AdaGrad(0.1, -1, 0, 0, 1e-10)).hasMessageContaining("lrDecay=-1.0");
        assertThatThrownBy(() -> new Optimizer.AdaGrad(0.1, 0, 0, -0.5, 1e-10))
                .hasMessageContaining("initialAccumulator=-0.5");
        assertThatThrownBy(() -> new Optimizer.RmsProp(0.01, 1.0, 1e-8, 0, 0, false))
                .hasMessage("Invalid value for `alpha`. Expected a number in [0.0, 1.0). Received: alpha=1.0");
        assertThatThrownBy(() -> new Optimizer.RmsProp(0.01, 0.99, 1e-8, 0, -0.1, false))
                .hasMessageContaining("momentum=-0.1");
        assertThatThrownBy(() -> new Optimizer.RmsProp(0.01, 0.99, Double.NaN, 0, 0, false))
                .hasMessageContaining("eps=NaN");
    }
}
