package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.data.Batch;
import io.netforge.data.Dataset;
import io.netforge.data.Transforms;
import io.netforge.datasets.FashionMnist;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Issue 22: a residual network of the depth the ResNet paper trains on CIFAR (1,202 layers) generates code that
 * compiles (the build before this change failed with javac's "code too large" in the generated graph builder and
 * summary), builds its graph and takes training steps on real images.
 */
class ResNet1202Test {
    @Test
    void theDeepestPaperResNetCompilesBuildsAndTrains() throws IOException {
        assertThat(ResNet1202Graph.SUMMARY.layers()).as("summary rows").hasSizeGreaterThan(1_800);
        ResNet1202Trainer trainer = ResNet1202Trainer.builder().verbose(false).create();
        assertThat(trainer.parameterCount()).isEqualTo(19_424_026L);
        Dataset images = FashionMnist.load()
                .standardize()
                .train()
                .subset(new int[] {0, 1}, "two images")
                .map(Transforms.compose(Transforms.pad(2), Transforms.grayscale(3)));
        Batch batch = images.batches(2, false, 0).iterator().next();
        double first = trainer.manual().trainStep(batch);
        double second = trainer.manual().trainStep(batch);
        assertThat(first).as("first loss").isFinite().isPositive();
        assertThat(second).as("the same two images, one Adam step later").isLessThan(first);
    }
}
