package io.netforge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.datasets.CsvReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    /** The copy of scikit-learn's digits.csv.gz that the samples module ships; Maven runs tests in the module dir. */
    private static final Path DIGITS = Path.of(System.getProperty("basedir", "."))
            .resolve("../samples/src/main/resources/io/netforge/samples/digits.csv.gz")
            .normalize();

    @TempDir
    Path dir;

    private static Dataset parse(String csv) throws IOException {
        return CsvReader.read(
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "toy.csv", new int[] {2}, 3, 1f);
    }

    @Test
    void readsTheDigitsFile() throws IOException {
        Dataset digits = CsvReader.read(DIGITS, new int[] {1, 8, 8}, 10, 1 / 16f);
        assertThat(digits.size()).isEqualTo(1797);
        assertThat(digits.classes()).isEqualTo(10);
        assertThat(digits.sampleShape()).containsExactly(1, 8, 8);

        int[] perClass = new int[10];
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int i = 0; i < digits.size(); i++) {
            perClass[digits.label(i)]++;
            for (float v : digits.features(i)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        assertThat(perClass).containsExactly(178, 182, 177, 183, 181, 182, 181, 179, 174, 180);
        assertThat(min).isEqualTo(0f);
        assertThat(max).isEqualTo(1f);
        // First row of the file: 0,0,5,13,9,1,0,0,... label 0.
        assertThat(digits.features(0)).startsWith(0f, 0f, 5 / 16f, 13 / 16f, 9 / 16f, 1 / 16f);
        assertThat(digits.label(0)).isZero();
    }

    @Test
    void gzippedStreamIsDetectedByItsMagicBytes() throws Exception {
        try (InputStream in = Files.newInputStream(DIGITS)) {
            assertThat(CsvReader.read(in, "digits", new int[] {64}, 10, 1f).size())
                    .isEqualTo(1797);
        }
    }

    @Test
    void parsesScalesAndIgnoresTrailingBlankLines() throws IOException {
        Dataset d = CsvReader.read(
                new ByteArrayInputStream("1,2,0\n 3.5 ,-4e1,2\r\n5,6,1.0\n\n  \n".getBytes(StandardCharsets.UTF_8)),
                "toy.csv",
                new int[] {2},
                3,
                0.5f);
        assertThat(d.name()).isEqualTo("toy.csv");
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.features(1)).containsExactly(1.75f, -20f);
        assertThat(d.label(1)).isEqualTo(2);
        assertThat(d.label(2)).isEqualTo(1);
    }

    @Test
    void plainFileWithoutGzip() throws Exception {
        Path file = Files.writeString(dir.resolve("plain.csv"), "1,2,0\n3,4,1\n");
        assertThat(CsvReader.read(file, new int[] {2}, 2, 1f).size()).isEqualTo(2);
    }

    @Test
    void raggedRow() {
        assertThatThrownBy(() -> parse("1,2,0\n3,1\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("toy.csv")
                .hasMessageContaining("line 2")
                .hasMessageContaining("expected 3 columns")
                .hasMessageContaining("found 2");
        assertThatThrownBy(() -> parse("1,2,0,\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("line 1");
    }

    @Test
    void nonNumericCell() {
        assertThatThrownBy(() -> parse("1,2,0\n3,4,1\n5,x,1\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("toy.csv")
                .hasMessageContaining("line 3, column 2")
                .hasMessageContaining("expected a number")
                .hasMessageContaining("'x'");
        assertThatThrownBy(() -> parse("NaN,2,0\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("line 1, column 1");
        assertThatThrownBy(() -> parse(",2,0\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("line 1, column 1");
    }

    @Test
    void labelOutOfRangeOrNotAnInteger() {
        assertThatThrownBy(() -> parse("1,2,0\n3,4,3\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("toy.csv")
                .hasMessageContaining("line 2, column 3")
                .hasMessageContaining("0..2")
                .hasMessageContaining("'3'");
        assertThatThrownBy(() -> parse("1,2,-1\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("line 1, column 3");
        assertThatThrownBy(() -> parse("1,2,1.5\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("integer");
    }

    @Test
    void blankLineInsideTheDataIsAnError() {
        assertThatThrownBy(() -> parse("1,2,0\n\n3,4,1\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void emptyInputIsAnError() {
        assertThatThrownBy(() -> parse(""))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("toy.csv");
    }

    @Test
    void missingResourceAndMissingFileAreNamed() {
        assertThatThrownBy(() -> CsvReader.read((InputStream) null, "digits.csv.gz", new int[] {64}, 10, 1f))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("digits.csv.gz");
        assertThatThrownBy(() -> CsvReader.read(dir.resolve("gone.csv"), new int[] {2}, 2, 1f))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("gone.csv");
    }
}
