package io.netforge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Idx}, {@link Mnist} and {@link Emnist} on generated IDX files. */
class IdxDatasetsTest {
    /** count images of rows×cols with pixel k of image n = (n * 10 + k) % 256. */
    private static byte[] images(int count, int rows, int cols) {
        byte[] pixels = new byte[count * rows * cols];
        for (int n = 0; n < count; n++) {
            for (int k = 0; k < rows * cols; k++) {
                pixels[n * rows * cols + k] = (byte) ((n * 10 + k) % 256);
            }
        }
        return IdxFiles.images(count, rows, cols, pixels);
    }

    @Test
    void loadChecksCountsAndLabels(@TempDir Path dir) {
        Path images = IdxFiles.write(dir, "i-idx3-ubyte", images(3, 2, 3));
        Path labels = IdxFiles.write(dir, "l-idx1-ubyte.gz", IdxFiles.gzip(IdxFiles.labels(new byte[] {2, 0, 1})));
        Dataset d = Idx.load(images, labels, "toy", 3);
        assertThat(d.sampleShape()).containsExactly(1, 2, 3);
        assertThat(d.features(1)).containsExactly(10 / 255f, 11 / 255f, 12 / 255f, 13 / 255f, 14 / 255f, 15 / 255f);
        assertThat(d.label(0)).isEqualTo(2);
        Path two = IdxFiles.write(dir, "two-idx1-ubyte", IdxFiles.labels(new byte[] {0, 1}));
        assertThatThrownBy(() -> Idx.load(images, two, "toy", 3)).isInstanceOf(DatasetFormatException.class)
                .hasMessage(two + ": offset 4: expected 3 labels to match i-idx3-ubyte but the header says 2");
        Path high = IdxFiles.write(dir, "high-idx1-ubyte", IdxFiles.labels(new byte[] {0, 1, 3}));
        assertThatThrownBy(() -> Idx.load(images, high, "toy", 3)).isInstanceOf(DatasetFormatException.class)
                .hasMessage(high + ": offset 10: expected a class label in 0..2 but found 3");
    }

    @Test
    void mnistReadsTheFourFiles(@TempDir Path dir) {
        IdxFiles.write(dir, "train-images-idx3-ubyte.gz", IdxFiles.gzip(images(4, 28, 28)));
        IdxFiles.write(dir, "train-labels-idx1-ubyte.gz", IdxFiles.gzip(IdxFiles.labels(new byte[] {5, 0, 4, 1})));
        IdxFiles.write(dir, "t10k-images-idx3-ubyte", images(2, 28, 28));
        IdxFiles.write(dir, "t10k-labels-idx1-ubyte", IdxFiles.labels(new byte[] {7, 2}));
        Splits s = Mnist.load(dir);
        assertThat(s.train().name()).isEqualTo("mnist/train");
        assertThat(s.train().size()).isEqualTo(4);
        assertThat(s.test().label(0)).isEqualTo(7);
        assertThat(s.standardize(Mnist.MEAN, Mnist.STD).train().normalization().toString())
                .isEqualTo("Standardize(mean=[0.1307], std=[0.3081])");
        assertThatThrownBy(() -> Mnist.load(dir.resolve("none"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MNIST file train-images-idx3-ubyte(.gz) not found in " + dir.resolve("none"))
                .hasMessageContaining("NetForge downloads nothing");
    }

    @Test
    void emnistImagesAreTurnedUprightAndLettersStartAtZero(@TempDir Path dir) {
        // stored transposed: image 0 holds [[0, 1, 2], [3, 4, 5]] as stored rows, i.e. upright it is 3×2
        IdxFiles.write(dir, "emnist-letters-train-images-idx3-ubyte", IdxFiles.images(1, 2, 3, new byte[] {0, 1, 2, 3, 4, 5}));
        IdxFiles.write(dir, "emnist-letters-train-labels-idx1-ubyte", IdxFiles.labels(new byte[] {26}));
        IdxFiles.write(dir, "emnist-letters-test-images-idx3-ubyte", IdxFiles.images(1, 2, 3, new byte[6]));
        IdxFiles.write(dir, "emnist-letters-test-labels-idx1-ubyte", IdxFiles.labels(new byte[] {1}));
        Splits s = Emnist.load(dir, "letters");
        assertThat(s.train().sampleShape()).containsExactly(1, 3, 2);
        assertThat(s.train().features(0)).containsExactly(0, 3 / 255f, 1 / 255f, 4 / 255f, 2 / 255f, 5 / 255f);
        assertThat(s.train().label(0)).isEqualTo(25);
        assertThat(s.test().label(0)).isEqualTo(0);
        assertThat(s.train().numClasses()).isEqualTo(26);
        assertThat(s.train().name()).isEqualTo("emnist-letters/train");
        IdxFiles.write(dir, "emnist-letters-test-labels-idx1-ubyte", IdxFiles.labels(new byte[] {0}));
        assertThatThrownBy(() -> Emnist.load(dir, "letters")).isInstanceOf(DatasetFormatException.class)
                .hasMessageEndingWith("offset 8: expected a class label in 1..26 but found 0");
        assertThatThrownBy(() -> Emnist.load(dir, "greek")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown EMNIST split 'greek'; expected one of balanced, byclass, bymerge, digits, letters, mnist");
    }
}
