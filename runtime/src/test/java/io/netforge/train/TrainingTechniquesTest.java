package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.netforge.annotations.Mode;
import io.netforge.data.Dataset;
import io.netforge.graph.Param;
import io.netforge.train.inference.Evaluation;
import io.netforge.train.state.NonFiniteException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training techniques wired into the trainer: schedules, early stopping, NaN stops, metrics, reproducibility. */
class TrainingTechniquesTest {
    @TempDir
    Path dir;

    private static TrainConfig.Builder base() {
        return TrainConfig.builder()
                .epochs(6)
                .batchSize(32)
                .seed(3)
                .optimizer(Optimizer.adam(0.01))
                .verbose(false);
    }

    private static float[] weights(Trainer t) {
        float[] all = new float[0];
        for (Param p : t.graph().params()) {
            float[] v = t.graph().array(p.name()).dup().data().asFloat();
            float[] joined = Arrays.copyOf(all, all.length + v.length);
            System.arraycopy(v, 0, joined, all.length, v.length);
            all = joined;
        }
        return all;
    }

    @Test
    void historyRecordsTheScheduledLearningRates() {
        Trainer t = TinyModels.trainer(base().schedule(LrSchedule.step(2, 0.5)).build(), TinyModels::mlp);
        History h = t.fit(TinyModels.blobs(200, 1));
        assertThat(h.learningRate()).containsExactly(0.01, 0.01, 0.005, 0.005, 0.0025, 0.0025);
        assertThat(t.learningRate()).isEqualTo(0.00125);
    }

    @Test
    void plateauReducesTheRateWhenTheMonitoredLossStalls() {
        // A learning rate of 1e-6 never improves the loss: the plateau schedule (patience 1) must cut it repeatedly.
        TrainConfig config = base().epochs(6)
                .optimizer(Optimizer.sgd(1e-6))
                .schedule(LrSchedule.reduceOnPlateau(LrSchedule.Mode.MIN, 0.5, 1)
                        .withThreshold(0.5, LrSchedule.ThresholdMode.REL))
                .scheduleMonitor(Metric.LOSS)
                .build();
        History h = TinyModels.trainer(config, TinyModels::mlp).fit(TinyModels.blobs(200, 1));
        assertThat(h.learningRate()).containsExactly(1e-6, 1e-6, 1e-6, 5e-7, 5e-7, 2.5e-7);
    }

    @Test
    void earlyStoppingStopsRestoresAndSavesTheBestWeights() throws Exception {
        Dataset train = TinyModels.blobs(300, 1);
        Dataset val = TinyModels.blobs(100, 2);
        Path best = dir.resolve("best.nfw");
        // A huge learning rate makes validation loss bounce, so the best epoch is not the last.
        TrainConfig config = base().epochs(12)
                .optimizer(Optimizer.sgd(3.0))
                .earlyStopping(new EarlyStopping(Metric.VAL_LOSS, Mode.AUTO, 2, 0, true, Optional.of(best)))
                .build();
        Trainer t = TinyModels.trainer(config, TinyModels::mlp);
        History h = t.fit(train, val);
        double[] valLoss = h.valLoss();
        int bestIndex = 0;
        for (int i = 1; i < valLoss.length; i++) {
            if (valLoss[i] < valLoss[bestIndex]) {
                bestIndex = i;
            }
        }
        assertThat(h.size()).as("stopped %d epochs after the best", 3).isEqualTo(Math.min(12, bestIndex + 1 + 3));
        assertThat(t.evaluate(val).loss())
                .as("restored weights give the best validation loss")
                .isCloseTo(valLoss[bestIndex], within(1e-6));
        Trainer fresh = TinyModels.trainer(config, TinyModels::mlp);
        fresh.loadWeights(best);
        assertThat(fresh.evaluate(val).loss()).as("the saved best model").isCloseTo(valLoss[bestIndex], within(1e-6));
        assertThat(weights(fresh)).isEqualTo(weights(t));
    }

    @Test
    void aNaNInTheDataStopsTrainingWithEpochAndStep() {
        float[] features = new float[64 * 2];
        Arrays.fill(features, Float.NaN);
        int[] labels = new int[64];
        Trainer t = TinyModels.trainer(base().build(), TinyModels::mlp);
        Dataset refused = new Dataset("refused", features, labels, new int[] {2}, 3);
        assertThatThrownBy(() -> t.fit(refused))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataset 'refused': sample 0 holds NaN at feature 0");
        // a NaN that only appears in training batches (made by an augmentation) stops the step that meets it
        Dataset poisoned = new Dataset("poisoned", new float[64 * 2], labels, new int[] {2}, 3)
                .augment(new io.netforge.data.Transform() {
                    @Override
                    public int[] outputShape(int[] inputShape) {
                        return inputShape;
                    }

                    @Override
                    public float[] apply(
                            float[] sample, int[] shape, float[] fill, java.util.random.RandomGenerator random) {
                        float[] out = sample.clone();
                        Arrays.fill(out, Float.NaN);
                        return out;
                    }

                    @Override
                    public boolean isRandom() {
                        return true;
                    }
                });
        float[] before = weights(t);
        assertThatThrownBy(() -> t.fit(poisoned)).isInstanceOfSatisfying(NonFiniteException.class, e -> {
            assertThat(e.epoch()).isEqualTo(1);
            assertThat(e.step()).isEqualTo(1);
            assertThat(e.quantity()).isEqualTo("loss");
            assertThat(e.getMessage())
                    .contains("TinyMlp: the loss is NaN at epoch 1, step 1; training stopped before applying it");
        });
        assertThat(weights(t)).as("nothing was updated").isEqualTo(before);
    }

    @Test
    void evaluateReportsTopKPerClassMetricsAndTheConfusionMatrix() {
        Trainer t = TinyModels.trainer(base().build(), TinyModels::mlp);
        t.fit(TinyModels.blobs(300, 1));
        Evaluation e = t.evaluate(TinyModels.blobs(150, 2));
        assertThat(e.accuracy()).isGreaterThan(0.85);
        assertThat(e.topKAccuracy(3)).isEqualTo(1.0);
        assertThat(e.topKAccuracy(2)).isGreaterThanOrEqualTo(e.accuracy());
        long[][] cm = e.confusionMatrix();
        assertThat(Arrays.stream(cm).flatMapToLong(Arrays::stream).sum()).isEqualTo(150);
        assertThat(cm[0][0] + cm[1][1] + cm[2][2]).isEqualTo(e.correct());
        assertThat(e.report().perClass()).hasSize(3);
        assertThat(e.report().toString())
                .contains("precision")
                .contains("recall")
                .contains("f1-score");
    }

    @Test
    void everyTechniqueTogetherIsBitReproducible() {
        TrainConfig config = base().epochs(3)
                .labelSmoothing(0.1)
                .disturbLabel(0.2)
                .clipping(GradientClipping.byNorm(1.0))
                .schedule(LrSchedule.cosine(3).withWarmup(1, 0.5))
                .decayBiasesAndNorms(false)
                .optimizer(new Optimizer.AdamW(0.01, 0.9, 0.999, 1e-8, 0.01))
                .build();
        Trainer a = TinyModels.trainer(config, TinyModels::cnn);
        Trainer b = TinyModels.trainer(config, TinyModels::cnn);
        History ha = a.fit(TinyModels.bars(200, 1));
        History hb = b.fit(TinyModels.bars(200, 1));
        assertThat(ha.sameMetrics(hb)).isTrue();
        assertThat(weights(a)).isEqualTo(weights(b));
        Trainer other = TinyModels.trainer(config.toBuilder().seed(4).build(), TinyModels::cnn);
        other.fit(TinyModels.bars(200, 1));
        assertThat(weights(other)).isNotEqualTo(weights(a));
    }

    @Test
    void aLastBatchOfOneSampleIsSkippedForBatchNorm() {
        // 65 samples in batches of 32: the third batch would hold 1 sample, which BatchNorm cannot normalize.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Trainer t = TinyModels.trainer(base().epochs(1).verbose(true).build(), TinyModels::mlp);
        t.progressTo(new PrintStream(out, true, StandardCharsets.UTF_8));
        History h = t.fit(TinyModels.blobs(65, 1));
        assertThat(h.last().loss()).isFinite();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("the last batch of each epoch (1 of 65 samples) is skipped")
                .contains("Epoch 1/1");
    }

    @Test
    void batchesOfOneAreRefusedForBatchNorm() {
        assertThatThrownBy(() -> TinyModels.trainer(base().batchSize(1).build(), TinyModels::mlp))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "TinyMlp: BatchNorm needs at least 2 samples per batch to estimate its statistics in training,"
                                + " but batchSize is 1; use a larger batch");
    }

    @Test
    void monitoringValidationWithoutValidationDataIsRefused() {
        Trainer t = TinyModels.trainer(
                base().earlyStopping(EarlyStopping.onValLoss(2)).build(), TinyModels::mlp);
        assertThatThrownBy(() -> t.fit(TinyModels.blobs(64, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "TinyMlp: EarlyStopping monitors val_loss, which needs validation data: call fit(train, validation),"
                                + " or monitor loss");
    }
}
