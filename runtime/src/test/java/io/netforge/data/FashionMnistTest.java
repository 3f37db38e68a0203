package io.netforge.data;

import static io.netforge.data.IdxFiles.gzip;
import static io.netforge.data.IdxFiles.images;
import static io.netforge.data.IdxFiles.labels;
import static io.netforge.data.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.datasets.FashionMnist;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir
    Path dir;

    /**
     * Reads the real files from Debian's dataset-fashion-mnist package. Deliberately not skipped when they
     * are missing: the samples and the end-to-end training tests need them, so their absence is a failure.
     */
    @Test
    void loadsTheDebianFiles() throws IOException {
        Splits splits = FashionMnist.load();
        assertThat(splits.validation()).isNull();
        check(splits.train(), 60_000);
        check(splits.test(), 10_000);

        int[] perClass = new int[10];
        for (int i = 0; i < splits.train().size(); i++) {
            perClass[splits.train().label(i)]++;
        }
        assertThat(perClass).containsOnly(6000);
        assertThat(FashionMnist.CLASS_NAMES).hasSize(10);
    }

    private static void check(Dataset d, int size) {
        assertThat(d.size()).isEqualTo(size);
        assertThat(d.sampleShape()).containsExactly(1, 28, 28);
        assertThat(d.classes()).isEqualTo(10);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        float[] sample = new float[d.featureSize()];
        for (int i = 0; i < d.size(); i++) {
            assertThat(d.label(i)).isBetween(0, 9);
            d.copyFeatures(i, sample, 0);
            for (float v : sample) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        assertThat(min).isEqualTo(0f);
        assertThat(max).isEqualTo(1f);
    }

    private void writeSet(String prefix, int images, int side, byte[] labelBytes, boolean gz) {
        byte[] imageFile = images(images, side, side, new byte[images * side * side]);
        byte[] labelFile = labels(labelBytes);
        String suffix = gz ? ".gz" : "";
        write(dir, prefix + "-images-idx3-ubyte" + suffix, gz ? gzip(imageFile) : imageFile);
        write(dir, prefix + "-labels-idx1-ubyte" + suffix, gz ? gzip(labelFile) : labelFile);
    }

    @Test
    void loadsRawAndGzippedFilesFromAGivenDirectory() throws IOException {
        writeSet("train", 3, 28, new byte[] {0, 9, 4}, true);
        writeSet("t10k", 2, 28, new byte[] {1, 2}, false);
        Splits splits = FashionMnist.load(dir);
        assertThat(splits.train().size()).isEqualTo(3);
        assertThat(splits.train().label(1)).isEqualTo(9);
        assertThat(splits.test().size()).isEqualTo(2);
        assertThat(splits.test().sampleShape()).containsExactly(1, 28, 28);
    }

    @Test
    void imageAndLabelCountMismatchIsAFormatError() {
        writeSet("train", 3, 28, new byte[] {0, 1}, true);
        writeSet("t10k", 2, 28, new byte[] {1, 2}, true);
        assertThatThrownBy(() -> FashionMnist.load(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("train-labels-idx1-ubyte.gz")
                .hasMessageContaining("3")
                .hasMessageContaining("2");
    }

    @Test
    void labelOutsideTheTenClassesIsAFormatError() {
        writeSet("train", 2, 28, new byte[] {0, 10}, true);
        writeSet("t10k", 2, 28, new byte[] {1, 2}, true);
        assertThatThrownBy(() -> FashionMnist.load(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("train-labels-idx1-ubyte.gz")
                .hasMessageContaining("offset 9");
    }

    @Test
    void wrongImageSizeIsAFormatError() {
        writeSet("train", 2, 8, new byte[] {0, 1}, true);
        writeSet("t10k", 2, 28, new byte[] {1, 2}, true);
        assertThatThrownBy(() -> FashionMnist.load(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz")
                .hasMessageContaining("8x8");
    }

    @Test
    void missingFilesSayHowToInstallThem() {
        assertThatThrownBy(() -> FashionMnist.load(dir.resolve("absent")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apt-get install -y dataset-fashion-mnist")
                .hasMessageContaining("absent");
    }
}
