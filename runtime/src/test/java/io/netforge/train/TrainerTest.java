package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.netforge.annotations.LossFunction;
import io.netforge.data.Dataset;
import io.netforge.graph.DropoutMask;
import io.netforge.graph.GraphBuilder;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Node;
import io.netforge.graph.Param;
import io.netforge.graph.ParamInit;
import io.netforge.graph.Penalty;
import io.netforge.train.engine.Steps;
import io.netforge.train.inference.Evaluation;
import io.netforge.train.state.RandomStreams;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class TrainerTest {
    private static TrainConfig.Builder quiet() {
        return TrainConfig.builder().verbose(false);
    }

    @Test
    void mlpWithBatchNormAndDropoutLearnsBlobs() {
        Dataset train = TinyModels.blobs(600, 1);
        Dataset test = TinyModels.blobs(300, 2);
        Trainer t = TinyModels.trainer(
                quiet().epochs(8).batchSize(32).optimizer(Optimizer.adam(0.01)).build(), TinyModels::mlp);
        Evaluation before = t.evaluate(test);
        History h = t.fit(train, test);
        Evaluation after = t.evaluate(test);
        assertThat(h.size()).isEqualTo(8);
        assertThat(h.loss()[7]).isLessThan(h.loss()[0]);
        assertThat(after.accuracy()).isGreaterThan(0.95).isGreaterThan(before.accuracy());
        assertThat(h.last().valAccuracy()).isEqualTo(after.accuracy());
        assertThat(h.last().valLoss()).isCloseTo(after.loss(), within(1e-12));
        assertThat(t.predictor().predict(test)).hasSize(300);
        float[][] p = t.predictor().probabilities(test);
        assertThat(p[0][0] + p[0][1] + p[0][2]).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void cnnWithBatchNormAndSpatialDropoutLearnsBars() {
        Trainer t = TinyModels.trainer(
                quiet().epochs(4).batchSize(16).optimizer(Optimizer.adam(0.01)).build(), TinyModels::cnn);
        t.fit(TinyModels.bars(300, 3));
        assertThat(t.evaluate(TinyModels.bars(150, 4)).accuracy()).isGreaterThan(0.9);
    }

    @Test
    void sameSeedGivesIdenticalHistoriesAndWeights() {
        TrainConfig cfg = quiet().epochs(3).batchSize(32).seed(5).build();
        Trainer a = TinyModels.trainer(cfg, TinyModels::mlp);
        Trainer b = TinyModels.trainer(cfg, TinyModels::mlp);
        Dataset train = TinyModels.blobs(200, 1);
        Dataset val = TinyModels.blobs(100, 2);
        History ha = a.fit(train, val);
        History hb = b.fit(train, val);
        assertThat(ha.sameMetrics(hb)).as("%s vs %s", ha, hb).isTrue();
        assertThat(a.graph().array("fc1/W")).isEqualTo(b.graph().array("fc1/W"));
        assertThat(a.graph().array("fc1/running_var")).isEqualTo(b.graph().array("fc1/running_var"));
        Trainer c = TinyModels.trainer(cfg.toBuilder().seed(6).build(), TinyModels::mlp);
        assertThat(c.fit(train, val).sameMetrics(ha)).isFalse();
    }

    @Test
    void runningStatisticsFollowPyTorchsMomentumRule() {
        // BatchNorm directly on the input, one batch = the whole set: every step sees the same statistics.
        Dataset data = TinyModels.blobs(50, 9);
        Trainer t = TinyModels.trainer(quiet().epochs(3).batchSize(50).build(), seed -> {
            GraphBuilder g = new GraphBuilder("Bn", seed);
            Node x = g.batchNorm("bn", g.flatInput(2), 0.1, 1e-5);
            return g.build(
                    g.dense("out", x, 3, true, ParamInit.pytorchDefault(), Penalty.NONE),
                    3,
                    LossFunction.SOFTMAX_CROSS_ENTROPY);
        });
        t.fit(data);
        INDArray rm = t.graph().array("bn/running_mean");
        INDArray rv = t.graph().array("bn/running_var");
        for (int f = 0; f < 2; f++) {
            double mean = 0;
            for (int i = 0; i < 50; i++) {
                mean += data.features(i)[f];
            }
            mean /= 50;
            double ss = 0;
            for (int i = 0; i < 50; i++) {
                ss += Math.pow(data.features(i)[f] - mean, 2);
            }
            double unbiased = ss / 49;
            double keep = Math.pow(0.9, 3);
            assertThat(rm.getDouble(f)).isCloseTo((1 - keep) * mean, within(1e-5));
            assertThat(rv.getDouble(f)).isCloseTo(keep * 1 + (1 - keep) * unbiased, within(1e-5));
        }
    }

    @Test
    void dropoutMasksDropAboutPAndScaleSurvivors() {
        DropoutMask m = new DropoutMask("m", new long[] {100}, 0.3);
        INDArray mask = io.netforge.util.NdArrays.floats(Steps.maskValues(new RandomStreams(42), 1000, m), 1000, 100);
        double zeros = mask.eq(0)
                        .castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
                        .sumNumber()
                        .doubleValue()
                / mask.length();
        assertThat(zeros).isCloseTo(0.3, within(0.01));
        double survivors = mask.eq(1 / 0.7f)
                .castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
                .sumNumber()
                .doubleValue();
        assertThat(zeros * mask.length() + survivors)
                .as("every value is 0 or 1/(1-p)")
                .isEqualTo(mask.length());
    }

    @Test
    void trainingDropoutIsOffInEvaluation() {
        Trainer t = TinyModels.trainer(quiet().build(), TinyModels::mlp);
        Dataset data = TinyModels.blobs(64, 3);
        float[][] p1 = t.predictor().probabilities(data);
        float[][] p2 = t.predictor().probabilities(data);
        assertThat(p1).isDeepEqualTo(p2);
    }

    @Test
    void incompatibleDataIsRefusedWithBothShapes() {
        Trainer t = TinyModels.trainer(quiet().build(), TinyModels::mlp);
        assertThatThrownBy(() -> t.fit(TinyModels.bars(10, 1)))
                .hasMessageContaining("TinyMlp expects samples of shape [2]")
                .hasMessageContaining("[1, 8, 8]");
    }

    @Test
    void parameterCountCountsTrainableValuesOnly() {
        NetGraph g = TinyModels.mlp(1);
        assertThat(g.parameterCount()).isEqualTo(2 * 16 + 16 + 2 * 16 + 16 * 3 + 3);
        assertThat(g.bufferCount()).isEqualTo(32);
    }

    @Test
    void decayBiasesAndNormsFalseDecaysOnlyTheWeights() {
        // One step (one batch, one epoch), same seed: the gradients are the same in the three runs, so a parameter
        // without decay ends where the run without weight decay leaves it.
        Dataset data = TinyModels.blobs(64, 3);
        TrainConfig none = quiet().epochs(1)
                .batchSize(64)
                .seed(3)
                .optimizer(new Optimizer.Sgd(0.1, 0, false, 0))
                .build();
        TrainConfig all = none.toBuilder()
                .optimizer(new Optimizer.Sgd(0.1, 0, false, 0.5))
                .build();
        TrainConfig weightsOnly = all.toBuilder().decayBiasesAndNorms(false).build();
        assertThat(all.decayBiasesAndNorms()).isTrue();
        assertThat(weightsOnly.decayBiasesAndNorms()).isFalse();
        assertThat(weightsOnly.toBuilder().build()).isEqualTo(weightsOnly);
        Trainer a = TinyModels.trainer(none, TinyModels::mlp);
        Trainer b = TinyModels.trainer(all, TinyModels::mlp);
        Trainer c = TinyModels.trainer(weightsOnly, TinyModels::mlp);
        a.fit(data);
        b.fit(data);
        c.fit(data);
        for (Param p : c.graph().params()) {
            float[] withoutDecay = values(a, p.name());
            float[] decayed = values(b, p.name());
            float[] actual = values(c, p.name());
            if (p.name().endsWith("/W")) {
                assertThat(actual).as(p.name()).containsExactly(decayed);
                assertThat(actual).as(p.name()).isNotEqualTo(withoutDecay);
            } else {
                assertThat(actual).as(p.name()).containsExactly(withoutDecay);
            }
        }
        // gamma starts at 1 and the output biases are drawn non-zero: with decay they would have moved
        assertThat(values(b, "fc1/gamma")).isNotEqualTo(values(a, "fc1/gamma"));
        assertThat(values(b, "out/b")).isNotEqualTo(values(a, "out/b"));
    }

    private static float[] values(Trainer t, String param) {
        return t.graph().array(param).ravel().toFloatVector();
    }
}
