package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.data.Dataset;
import io.netforge.data.Normalization;
import io.netforge.train.inference.Evaluation;
import io.netforge.train.progress.EpochResult;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data side of the trainer: normalization that travels with the model, prefetching, drop-last. */
class TrainerDataTest {
    private static TrainConfig.Builder quiet() {
        return TrainConfig.builder().verbose(false).epochs(3).batchSize(32).optimizer(Optimizer.adam(0.01));
    }

    /** Blobs moved far from the origin and stretched, so that a model trained on standardized data fails on raw data. */
    private static Dataset shiftedBlobs(int n, long seed) {
        Dataset b = TinyModels.blobs(n, seed);
        float[] f = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            float[] x = b.features(i);
            f[2 * i] = 50 + 10 * x[0];
            f[2 * i + 1] = -30 + 10 * x[1];
            y[i] = b.label(i);
        }
        return new Dataset("shifted-blobs", f, y, new int[] {2}, 3);
    }

    @Test
    void theTrainingNormalizationTravelsWithTheModel(@TempDir Path dir) throws IOException {
        Dataset rawTrain = shiftedBlobs(600, 1);
        Dataset rawTest = shiftedBlobs(300, 2);
        Normalization fitted = rawTrain.fitStandardization();
        Trainer t = TinyModels.trainer(quiet().build(), TinyModels::mlp);
        double untrained = t.evaluate(rawTest.normalize(fitted)).accuracy(); // no normalization yet: data used as it is
        t.fit(rawTrain.normalize(fitted));
        assertThat(t.normalization()).isEqualTo(fitted);

        // raw test data is normalized by the model; pre-normalized test data is used as it is: same numbers
        Evaluation onRaw = t.evaluate(rawTest);
        Evaluation onNormalized = t.evaluate(rawTest.normalize(fitted));
        assertThat(onRaw.accuracy()).isGreaterThan(0.95).isGreaterThan(untrained);
        assertThat(onRaw.loss()).isEqualTo(onNormalized.loss());
        assertThat(t.predictor().predict(rawTest)).containsExactly(t.predictor().predict(rawTest.normalize(fitted)));
        int[] batchPredictions = t.predictor().predict(rawTest);
        for (int i = 0; i < 20; i++) {
            assertThat(t.predictor().predict(rawTest.features(i))).isEqualTo(batchPredictions[i]);
        }

        // data normalized another way is refused, naming both
        Dataset other = rawTest.minMaxScale();
        assertThatThrownBy(() -> t.evaluate(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataset 'shifted-blobs' was normalized with MinMax(")
                .hasMessageContaining("TinyMlp was trained on data normalized with Standardize(");

        // saved with the weights, restored by loadWeights into a fresh trainer
        Path file = dir.resolve("blobs.nfw");
        t.saveWeights(file);
        Trainer loaded = TinyModels.trainer(quiet().build(), TinyModels::mlp);
        assertThat(loaded.normalization().isNone()).isTrue();
        loaded.loadWeights(file);
        assertThat(loaded.normalization()).isEqualTo(fitted);
        assertThat(loaded.predictor().predict(rawTest)).containsExactly(batchPredictions);
    }

    @Test
    void withoutNormalizationNothingIsAdded(@TempDir Path dir) throws IOException {
        Trainer t = TinyModels.trainer(quiet().epochs(1).build(), TinyModels::mlp);
        t.fit(TinyModels.blobs(100, 1));
        assertThat(t.normalization().isNone()).isTrue();
        t.saveWeights(dir.resolve("w.nfw"));
        assertThat(io.netforge.io.WeightsFile.read(dir.resolve("w.nfw")).entries())
                .noneMatch(e -> e.name().startsWith("input/"));
        assertThatThrownBy(() -> t.normalization(Normalization.standardize(new float[] {0, 0}, new float[] {1, 1})))
                .hasMessageContaining(
                        "TinyMlp has 1 input channel(s) but Standardize(mean=[0.0, 0.0], std=[1.0, 1.0]) has statistics for 2");
    }

    @Test
    void prefetchingTrainsBitIdenticallyAndRecordsTheDataTime() {
        Dataset train = TinyModels.bars(300, 3);
        Trainer direct = TinyModels.trainer(quiet().prefetch(0).build(), TinyModels::cnn);
        Trainer ahead = TinyModels.trainer(quiet().prefetch(3).build(), TinyModels::cnn);
        History a = direct.fit(train);
        History b = ahead.fit(train);
        assertThat(b.loss()).containsExactly(a.loss());
        assertThat(b.accuracy()).containsExactly(a.accuracy());
        assertThat(ahead.graph().array("out/W").data().asFloat())
                .containsExactly(direct.graph().array("out/W").data().asFloat());
        for (EpochResult r : b.epochs()) {
            assertThat(r.dataSeconds()).isGreaterThanOrEqualTo(0).isLessThan(r.seconds());
        }
        assertThat(a.last().dataSeconds()).isPositive();
    }

    @Test
    void dropLastSkipsTheIncompleteBatch() {
        // 100 samples, batch 32: 3 full batches and 4 left over
        Trainer t = TinyModels.trainer(quiet().epochs(1).dropLast(true).build(), TinyModels::mlp);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        t.progressTo(new java.io.PrintStream(out, true));
        TrainConfig verbose = quiet().epochs(1).dropLast(true).verbose(true).build();
        Trainer v = TinyModels.trainer(verbose, TinyModels::mlp);
        v.progressTo(new java.io.PrintStream(out, true));
        v.fit(TinyModels.blobs(100, 1));
        assertThat(out.toString()).contains("3/3");
        assertThatThrownBy(() -> t.fit(TinyModels.blobs(20, 1)))
                .hasMessageContaining("has 20 samples, fewer than one batch of 32 with dropLast");
        assertThatThrownBy(() -> quiet().prefetch(-1).build()).hasMessageContaining("Received: prefetch=-1");
    }
}
