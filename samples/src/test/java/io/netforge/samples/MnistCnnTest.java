package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.data.Dataset;
import io.netforge.data.Splits;
import io.netforge.datasets.FashionMnist;
import io.netforge.train.inference.Evaluation;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The generated tutorial CNN on real Fashion-MNIST. The full two-epoch run (≥ 88%) is the documented
 * {@code ./train.sh mnist-cnn} command; this test trains one pass over 3,000 images to stay quick.
 */
class MnistCnnTest {
    @Test
    void hasTheTutorialsParameterCount() {
        assertThat(new MnistCnnTrainer().parameterCount()).isEqualTo(338_006);
    }

    /** The sample's pipeline: standardized with the training split's statistics, flipped and cropped anew each epoch. */
    @Test
    void learnsFashionMnistFromAFewThousandAugmentedImages() throws IOException {
        Splits data = FashionMnist.load().standardize().augment(Sample.MNIST_CNN.augmentation());
        Dataset train = data.train().split(0.05, 1).first();
        assertThat(train.augmentation()).isNotNull();
        Dataset test = data.test().split(0.2, 2).first();
        MnistCnnTrainer trainer =
                MnistCnnTrainer.builder().epochs(1).verbose(false).create();
        Evaluation before = trainer.evaluate(test);
        trainer.fit(train);
        Evaluation after = trainer.evaluate(test);
        System.out.println("MNIST CNN on 3,000 Fashion-MNIST images, 1 epoch: " + after + " (before: " + before + ")");
        assertThat(after.accuracy()).isGreaterThan(0.6).isGreaterThan(before.accuracy() + 0.4);
    }
}
