package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.data.Dataset;
import io.netforge.data.Splits;
import io.netforge.datasets.FashionMnist;
import io.netforge.train.inference.Evaluation;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The recurrent-network tutorial on real Fashion-MNIST, each image read as 28 rows of 28 pixels. The full two-epoch run
 * is the documented {@code ./train.sh fashion-lstm} command; this test trains two passes over 12,000 images.
 */
class FashionLstmTest {
    @Test
    void countsPyTorchsParameters() {
        // sum(p.numel() for p in (nn.LSTM(28, 128), nn.Linear(128, 10)) parameters) == 82,442 + 1,290
        assertThat(new FashionLstmTrainer().parameterCount()).isEqualTo(4 * 128 * (28 + 128) + 8 * 128 + 128 * 10 + 10);
    }

    @Test
    void readsImagesRowByRowAndLearns() throws IOException {
        Splits data = FashionMnist.load().standardize().map(io.netforge.data.Transforms.rowsAsSequence());
        Dataset train = data.train().split(0.2, 1).first();
        assertThat(train.sampleShape()).containsExactly(28, 28);
        Dataset test = data.test().split(0.2, 2).first();
        FashionLstmTrainer trainer =
                FashionLstmTrainer.builder().epochs(2).verbose(false).create();
        Evaluation before = trainer.evaluate(test);
        trainer.fit(train);
        Evaluation after = trainer.evaluate(test);
        System.out.println("Fashion LSTM on 12,000 images, 2 epochs: " + after + " (before: " + before + ")");
        assertThat(after.accuracy()).isGreaterThan(0.74).isGreaterThan(before.accuracy() + 0.6);
    }
}
