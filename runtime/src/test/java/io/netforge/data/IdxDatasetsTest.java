package io.netforge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.datasets.Emnist;
import io.netforge.datasets.Idx;
import io.netforge.datasets.Mnist;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
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
    void loadChecksCountsAndLabels(@TempDir Path dir) throws IOException {
        Path images = IdxFiles.write(dir, "i-idx3-ubyte", images(3, 2, 3));
        Path labels = IdxFiles.write(dir, "l-idx1-ubyte.gz", IdxFiles.gzip(IdxFiles.labels(new byte[] {2, 0, 1})));
        Dataset d = Idx.load(images, labels, "toy", 3);
        assertThat(d.sampleShape()).containsExactly(1, 2, 3);
        assertThat(d.features(1)).containsExactly(10 / 255f, 11 / 255f, 12 / 255f, 13 / 255f, 14 / 255f, 15 / 255f);
        assertThat(d.label(0)).isEqualTo(2);
        Path two = IdxFiles.write(dir, "two-idx1-ubyte", IdxFiles.labels(new byte[] {0, 1}));
        assertThatThrownBy(() -> Idx.load(images, two, "toy", 3))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(two + ": offset 4: expected 3 labels to match i-idx3-ubyte but the header says 2");
        Path high = IdxFiles.write(dir, "high-idx1-ubyte", IdxFiles.labels(new byte[] {0, 1, 3}));
        assertThatThrownBy(() -> Idx.load(images, high, "toy", 3))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(high + ": offset 10: expected a class label in 0..2 but found 3");
    }

    @Test
    void mnistReadsTheFourFiles(@TempDir Path dir) throws IOException {
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
        assertThatThrownBy(() -> Mnist.load(dir.resolve("none")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MNIST file train-images-idx3-ubyte(.gz) not found in " + dir.resolve("none"))
                .hasMessageContaining("NetForge downloads nothing");
    }

    @Test
    void emnistImagesAreTurnedUprightAndLettersStartAtZero(@TempDir Path dir) throws IOException {
        // stored transposed: image 0 holds [[0, 1, 2], [3, 4, 5]] as stored rows, i.e. upright it is 3×2
        IdxFiles.write(
                dir, "emnist-letters-train-images-idx3-ubyte", IdxFiles.images(1, 2, 3, new byte[] {0, 1, 2, 3, 4, 5}));
        IdxFiles.write(dir, "emnist-letters-train-labels-idx1-ubyte", IdxFiles.labels(new byte[] {26}));
        IdxFiles.write(dir, "emnist-letters-test-images-idx3-ubyte", IdxFiles.images(1, 2, 3, new byte[6]));
        IdxFiles.write(dir, "emnist-letters-test-labels-idx1-ubyte", IdxFiles.labels(new byte[] {1}));
        Splits s = Emnist.load(dir, "letters");
        assertThat(s.train().sampleShape()).containsExactly(1, 3, 2);
        assertThat(s.train().features(0)).containsExactly(0, 3 / 255f, 1 / 255f, 4 / 255f, 2 / 255f, 5 / 255f);
        assertThat(s.train().label(0)).isEqualTo(25);
        assertThat(s.test().label(0)).isEqualTo(0);
        assertThat(s.train().classes()).isEqualTo(26);
        assertThat(s.train().name()).isEqualTo("emnist-letters/train");
        IdxFiles.write(dir, "emnist-letters-test-labels-idx1-ubyte", IdxFiles.labels(new byte[] {0}));
        assertThatThrownBy(() -> Emnist.load(dir, "letters"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageEndingWith("offset 8: expected a class label in 1..26 but found 0");
        assertThatThrownBy(() -> Emnist.load(dir, "greek"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "unknown EMNIST split 'greek'; expected one of balanced, byclass, bymerge, digits, letters, mnist");
    }

    @Test
    void emnistClassCountDependsOnTheSplit(@TempDir Path dir) throws IOException {
        Map<String, Integer> expected =
                Map.of("byclass", 62, "bymerge", 47, "balanced", 47, "letters", 26, "digits", 10, "mnist", 10);
        assertThat(Emnist.SPLITS).isEqualTo(expected);
        for (Map.Entry<String, Integer> split : expected.entrySet()) {
            int classes = split.getValue();
            int first = split.getKey().equals("letters") ? 1 : 0;
            String prefix = "emnist-" + split.getKey() + "-";
            IdxFiles.write(dir, prefix + "train-images-idx3-ubyte.gz", IdxFiles.gzip(images(2, 28, 28)));
            IdxFiles.write(dir, prefix + "train-labels-idx1-ubyte.gz", IdxFiles.gzip(IdxFiles.labels(new byte[] {
                (byte) first, (byte) (first + classes - 1)
            })));
            IdxFiles.write(dir, prefix + "test-images-idx3-ubyte.gz", IdxFiles.gzip(images(1, 28, 28)));
            Path testLabels =
                    IdxFiles.write(dir, prefix + "test-labels-idx1-ubyte.gz", IdxFiles.gzip(IdxFiles.labels(new byte[] {
                        (byte) (first + classes)
                    })));
            assertThatThrownBy(() -> Emnist.load(dir, split.getKey()))
                    .isInstanceOf(DatasetFormatException.class)
                    .hasMessage(testLabels + ": offset 8: expected a class label in " + first + ".."
                            + (first + classes - 1) + " but found " + (first + classes));
            IdxFiles.write(
                    dir, prefix + "test-labels-idx1-ubyte.gz", IdxFiles.gzip(IdxFiles.labels(new byte[] {(byte) first
                    })));
            Splits s = Emnist.load(dir, split.getKey());
            assertThat(s.train().classes()).as(split.getKey()).isEqualTo(classes);
            assertThat(s.train().label(1)).isEqualTo(classes - 1);
            assertThat(s.test().label(0)).isEqualTo(0);
            assertThat(s.test().name()).isEqualTo("emnist-" + split.getKey() + "/test");
        }
    }

    /** A 28×28 image stored transposed: stored (r, c) is upright (c, r). */
    @Test
    void emnistDigitsAreTransposedPixelByPixel(@TempDir Path dir) throws IOException {
        byte[] stored = images(1, 28, 28);
        IdxFiles.write(dir, "emnist-digits-train-images-idx3-ubyte", stored);
        IdxFiles.write(dir, "emnist-digits-train-labels-idx1-ubyte", IdxFiles.labels(new byte[] {3}));
        IdxFiles.write(dir, "emnist-digits-test-images-idx3-ubyte", stored);
        IdxFiles.write(dir, "emnist-digits-test-labels-idx1-ubyte", IdxFiles.labels(new byte[] {9}));
        float[] upright = Emnist.load(dir, "digits").train().features(0);
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                assertThat(upright[r * 28 + c]).as("(%d, %d)", r, c).isEqualTo((stored[16 + c * 28 + r] & 0xff) / 255f);
            }
        }
        assertThatThrownBy(() -> Emnist.load(dir, "balanced"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("EMNIST file emnist-balanced-train-images-idx3-ubyte(.gz) not found in " + dir)
                .hasMessageContaining("https://www.nist.gov/itl/products-and-services/emnist-dataset");
    }

    @Test
    void mnistNamesTheLabelsFileWhoseCountDiffers(@TempDir Path dir) {
        IdxFiles.write(dir, "train-images-idx3-ubyte", images(3, 28, 28));
        Path labels = IdxFiles.write(dir, "train-labels-idx1-ubyte", IdxFiles.labels(new byte[] {1, 2}));
        IdxFiles.write(dir, "t10k-images-idx3-ubyte", images(1, 28, 28));
        IdxFiles.write(dir, "t10k-labels-idx1-ubyte", IdxFiles.labels(new byte[] {0}));
        assertThatThrownBy(() -> Mnist.load(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(labels
                        + ": offset 4: expected 3 labels to match train-images-idx3-ubyte but the header says 2");
        assertThatThrownBy(() ->
                        Idx.load(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"), "x", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x: numClasses must be at least 1, was 0");
    }
}
