package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.data.Dataset;
import io.netforge.data.Normalization;
import io.netforge.data.Splits;
import io.netforge.datasets.FashionMnist;
import io.netforge.train.History;
import io.netforge.train.inference.Evaluation;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The {@code resnet18} sample's path on a few real images: Fashion-MNIST standardized, padded to 32×32 and
 * repeated into 3 channels, then two training steps of ResNet-18. The full epoch is the documented
 * {@code ./train.sh resnet18} command (far too long for a unit test on two cores).
 */
class ResNetTest {
    @Test
    void resNet18TrainsOnPaddedFashionMnist() throws IOException {
        Splits all = FashionMnist.load();
        Splits small = new Splits(
                all.train().split(64.0 / 60_000, 1).first(),
                null,
                all.test().split(64.0 / 10_000, 2).first());
        Splits data = Sample.RESNET18.reshape(small.standardize());
        Dataset train = data.train();
        assertThat(train.sampleShape()).containsExactly(3, 32, 32);
        float[] mean = small.train().fitStandardization().first();
        float[] std = small.train().fitStandardization().second();
        assertThat(train.normalization())
                .isEqualTo(Normalization.standardize(
                        new float[] {mean[0], mean[0], mean[0]}, new float[] {std[0], std[0], std[0]}));
        assertThat(train.features(0)[0]).as("padding is black, standardized").isEqualTo(-mean[0] / std[0]);

        ResNet18Trainer trainer = ResNet18Trainer.builder().verbose(false).create();
        History h = trainer.fit(train);
        Evaluation test = trainer.evaluate(data.test());
        assertThat(h.last().loss()).isFinite().isPositive();
        assertThat(test.count()).isEqualTo(64);
        assertThat(trainer.normalization()).isEqualTo(train.normalization());
    }
}
