package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.data.Dataset;
import io.netforge.train.inference.Predictor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inference from a saved model: raw features, images and batches, with the stored normalization, from many threads at once. */
class PredictorTest {
    /** A one-output binary model tells two classes apart: classes() is the length of a probabilities row. */
    @Test
    void aBinaryModelWithOneOutputHasTwoClasses() {
        Trainer t = TinyModels.trainer(
                TrainConfig.builder()
                        .verbose(false)
                        .batchSize(8)
                        .seed(1)
                        .loss(io.netforge.annotations.LossFunction.BINARY_CROSS_ENTROPY)
                        .build(),
                PlannedEngineTest::activationsBce);
        Predictor p = t.predictor();
        float[] probabilities = p.probabilities(new float[] {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f});
        assertThat(t.graph().classes()).as("outputs").isEqualTo(1);
        assertThat(p.classes()).isEqualTo(2).isEqualTo(probabilities.length);
        assertThat(probabilities[0] + probabilities[1]).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(p.predict(new float[] {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f}))
                .isBetween(0, 1);
    }

    @Test
    void aSavedModelPredictsRawInputsImagesAndBatchesFromManyThreads(@TempDir Path dir) throws Exception {
        TrainConfig config = TrainConfig.builder()
                .verbose(false)
                .epochs(2)
                .batchSize(32)
                .optimizer(Optimizer.adam(2e-3))
                .build();
        Trainer t = TinyModels.trainer(config, FashionSubset::cnn);
        t.fit(FashionSubset.train(0, 1000).standardize());
        Path saved = dir.resolve("fashion.nfc");
        t.saveCheckpoint(saved);

        Predictor p = TinyModels.trainer(config, FashionSubset::cnn).load(saved).predictor();
        Dataset test = FashionSubset.test(200); // raw: the predictor applies the stored standardization
        int[] expected = t.predictor().predict(test);
        float[][] raw = new float[test.size()][];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = test.features(i);
        }
        assertThat(p.predict(raw)).containsExactly(expected);
        assertThat(accuracy(expected, test)).as("the model learned something").isGreaterThan(0.5);
        float[][] probabilities = t.predictor().probabilities(test);
        // one sample alone against the same sample in a batch of 200: the native kernels block the work by batch size,
        // so the last bits may differ (they do on AMD EPYC's oneDNN paths, not on the Intel Xeon this was written on)
        assertThat(p.probabilities(raw[7]))
                .containsExactly(probabilities[7], org.assertj.core.data.Offset.offset(1e-6f));

        // an image in, the same answer as its pixels
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                image.getRaster().setSample(x, y, 0, Math.round(raw[3][y * 28 + x] * 255));
            }
        }
        assertThat(p.predict(image)).isEqualTo(expected[3]);
        BufferedImage big = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB); // resized and greyed
        assertThat(p.pixels(big)).hasSize(784);

        // 8 threads, each predicting single samples and batches in its own order
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                int offset = thread * 25;
                results.add(pool.submit(() -> {
                    for (int k = 0; k < 200; k++) {
                        int i = (offset + k * 7) % raw.length;
                        if (p.predict(raw[i]) != expected[i]) {
                            return false;
                        }
                        if (k % 50 == 0 && !java.util.Arrays.equals(p.predict(raw), expected)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get())
                        .as("every prediction made concurrently equals the sequential one")
                        .isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static double accuracy(int[] predicted, Dataset data) throws IOException {
        int ok = 0;
        for (int i = 0; i < predicted.length; i++) {
            ok += predicted[i] == data.label(i) ? 1 : 0;
        }
        return (double) ok / predicted.length;
    }
}
