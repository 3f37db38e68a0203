package io.netforge.data;

import static io.netforge.data.IdxFiles.gzip;
import static io.netforge.data.IdxFiles.header;
import static io.netforge.data.IdxFiles.images;
import static io.netforge.data.IdxFiles.labels;
import static io.netforge.data.IdxFiles.truncate;
import static io.netforge.data.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.datasets.IdxReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
    @TempDir
    Path dir;

    /** Two 2x3 images: 0, 51, 102, 153, 204, 255 and then 255 down to 0. */
    private static final byte[] PIXELS = {
        0, 51, 102, (byte) 153, (byte) 204, (byte) 255, (byte) 255, (byte) 204, (byte) 153, 102, 51, 0
    };

    private static UnaryOperator<byte[]> encoding(boolean gz) {
        return gz ? IdxFiles::gzip : UnaryOperator.identity();
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void imagesRoundTrip(boolean gz) throws IOException {
        // The name says neither raw nor gz on purpose: detection must go by the magic bytes.
        Path file = write(dir, "images.idx", encoding(gz).apply(images(2, 2, 3, PIXELS)));
        int[] shape = new int[3];
        float[] pixels = IdxReader.readImages(file, shape);
        assertThat(shape).containsExactly(2, 2, 3);
        assertThat(pixels).containsExactly(0f, 0.2f, 0.4f, 0.6f, 0.8f, 1f, 1f, 0.8f, 0.6f, 0.4f, 0.2f, 0f);
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void labelsRoundTripAsUnsignedBytes(boolean gz) throws IOException {
        Path file = write(dir, "labels.gz", encoding(gz).apply(labels(new byte[] {3, 0, 9, (byte) 200})));
        assertThat(IdxReader.readLabels(file)).containsExactly(3, 0, 9, 200);
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void wrongMagicNamesFileAndOffset(boolean gz) {
        Path file = write(dir, "swapped-idx", encoding(gz).apply(labels(new byte[] {1, 2})));
        assertThatThrownBy(() -> IdxReader.readImages(file, new int[3]))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("swapped-idx")
                .hasMessageContaining("offset 0")
                .hasMessageContaining("0x00000803")
                .hasMessageContaining("0x00000801");
        Path images = write(dir, "images-idx", encoding(gz).apply(images(2, 2, 3, PIXELS)));
        assertThatThrownBy(() -> IdxReader.readLabels(images))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("images-idx")
                .hasMessageContaining("0x00000801");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void truncatedHeader(boolean gz) {
        Path file = write(dir, "short-header", encoding(gz).apply(truncate(images(2, 2, 3, PIXELS), 10)));
        assertThatThrownBy(() -> IdxReader.readImages(file, new int[3]))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("short-header")
                .hasMessageContaining("truncated header")
                .hasMessageContaining("offset 8");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void truncatedData(boolean gz) {
        Path file = write(dir, "short-data", encoding(gz).apply(truncate(images(2, 2, 3, PIXELS), 16 + 7)));
        assertThatThrownBy(() -> IdxReader.readImages(file, new int[3]))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("short-data")
                .hasMessageContaining("12 bytes from offset 16");
        Path labelsFile = write(dir, "short-labels", encoding(gz).apply(truncate(labels(new byte[] {1, 2, 3}), 9)));
        assertThatThrownBy(() -> IdxReader.readLabels(labelsFile))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("short-labels");
    }

    @Test
    void truncatedGzipStreamIsAFormatError() {
        byte[] compressed = gzip(images(2, 2, 3, PIXELS));
        Path file = write(dir, "cut.gz", truncate(compressed, compressed.length - 12));
        assertThatThrownBy(() -> IdxReader.readImages(file, new int[3]))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("cut.gz");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void trailingBytesAreRejected(boolean gz) {
        Path file = write(dir, "long", encoding(gz).apply(IdxFiles.concat(images(2, 2, 3, PIXELS), new byte[] {7})));
        assertThatThrownBy(() -> IdxReader.readImages(file, new int[3]))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("long");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void hugeClaimsOnATinyFileFailWithoutAllocating(boolean gz) {
        Path absurd = write(dir, "absurd", encoding(gz).apply(images(100_000, 100_000, 100_000, new byte[20])));
        assertThatThrownBy(() -> IdxReader.readImages(absurd, new int[3]))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("absurd")
                .hasMessageContaining("offsets 4..15")
                .hasMessageContaining("more than");
        // 1.6 GB of pixels would fit in an array; it must still be refused from what the file actually holds.
        Path large = write(dir, "large", encoding(gz).apply(images(1_000_000, 40, 40, new byte[20])));
        assertThatThrownBy(() -> IdxReader.readImages(large, new int[3]))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("large")
                .hasMessageContaining("offset 16");
        Path manyLabels = write(
                dir,
                "many-labels",
                encoding(gz).apply(IdxFiles.concat(header(IdxReader.LABELS_MAGIC, 2_000_000_000), new byte[4])));
        assertThatThrownBy(() -> IdxReader.readLabels(manyLabels))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("many-labels");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void nonPositiveDimensions(boolean gz) {
        Path zero = write(dir, "zero-rows", encoding(gz).apply(images(2, 0, 3, new byte[0])));
        assertThatThrownBy(() -> IdxReader.readImages(zero, new int[3]))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("zero-rows")
                .hasMessageContaining("offset 8")
                .hasMessageContaining("row count");
        Path negative = write(dir, "negative", encoding(gz).apply(images(-1, 2, 3, PIXELS)));
        assertThatThrownBy(() -> IdxReader.readImages(negative, new int[3]))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("negative")
                .hasMessageContaining("0xffffffff");
    }

    @Test
    void missingFileIsAnIoErrorNamingIt() {
        Path missing = dir.resolve("nowhere-idx");
        assertThatThrownBy(() -> IdxReader.readLabels(missing))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("nowhere-idx");
    }

    @Test
    void shapeOutMustHoldThreeDimensions() {
        Path file = write(dir, "ok", images(2, 2, 3, PIXELS));
        assertThatThrownBy(() -> IdxReader.readImages(file, new int[2])).isInstanceOf(IllegalArgumentException.class);
    }
}
