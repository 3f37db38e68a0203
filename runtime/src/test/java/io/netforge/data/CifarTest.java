package io.netforge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.datasets.Cifar10;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-10's binary format on files generated here (the real data set is not on these machines). */
class CifarTest {
    @Test
    void readsLabelsAndChannelPlanesRowMajor(@TempDir Path dir) throws IOException {
        Path file = IdxFiles.write(dir, "data_batch_1.bin", CifarFiles.batch(4, 0));
        Dataset d = Cifar10.read(file);
        assertThat(d.name()).isEqualTo("data_batch_1.bin");
        assertThat(d.size()).isEqualTo(4);
        assertThat(d.sampleShape()).containsExactly(3, 32, 32);
        assertThat(d.classes()).isEqualTo(10);
        assertThat(d.label(3)).isEqualTo(3);
        float[] x = d.features(2);
        assertThat(x[0]).isEqualTo(2 / 255f); // red (0, 0)
        assertThat(x[33]).isEqualTo((2 + 33) / 255f); // red (1, 1)
        assertThat(x[1024]).isEqualTo((2 + 3) / 255f); // green (0, 0)
        assertThat(x[2048 + 1023]).isEqualTo(((2 + 6 + 1023) % 256) / 255f); // blue (31, 31)
        Dataset gz = Cifar10.read(IdxFiles.write(dir, "data_batch_2.bin.gz", IdxFiles.gzip(CifarFiles.batch(4, 0))));
        assertThat(gz.features(2)).containsExactly(x);
    }

    @Test
    void loadsFiveTrainingBatchesAndTheTestBatch(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        for (int i = 1; i <= 5; i++) {
            IdxFiles.write(folder, "data_batch_" + i + ".bin", CifarFiles.batch(3, 3 * (i - 1)));
        }
        IdxFiles.write(folder, "test_batch.bin", CifarFiles.batch(2, 100));
        for (Path where : new Path[] {dir, folder}) {
            Splits s = Cifar10.load(where);
            assertThat(s.train().name()).isEqualTo("cifar-10/train");
            assertThat(s.train().size()).isEqualTo(15);
            assertThat(s.test().name()).isEqualTo("cifar-10/test");
            assertThat(s.test().size()).isEqualTo(2);
            for (int i = 0; i < 15; i++) {
                assertThat(s.train().label(i)).isEqualTo(i % 10);
                assertThat(s.train().features(i)[0]).isEqualTo(i / 255f);
            }
            assertThat(s.test().label(1)).isEqualTo(1);
        }
        Files.delete(folder.resolve("data_batch_4.bin"));
        assertThatThrownBy(() -> Cifar10.load(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CIFAR-10 file data_batch_4.bin not found in " + folder)
                .hasMessageContaining("https://www.cs.toronto.edu/~kriz/cifar.html");
        assertThat(Cifar10.CLASS_NAMES).hasSize(10).startsWith("airplane").endsWith("truck");
    }

    @Test
    void refusesBadFilesNamingTheFileAndOffset(@TempDir Path dir) {
        Path empty = IdxFiles.write(dir, "empty.bin", new byte[0]);
        assertThatThrownBy(() -> Cifar10.read(empty))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(empty + ": the file is empty; expected records of 3073 bytes (a label and 3x32x32 pixels)");
        Path cut = IdxFiles.write(dir, "cut.bin", IdxFiles.truncate(CifarFiles.batch(2, 0), 2 * 3073 - 10));
        assertThatThrownBy(() -> Cifar10.read(cut))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(
                        cut + ": length 6136 is not a multiple of the 3073-byte record (a label and 3x32x32 pixels):"
                                + " 3063 bytes left over, so the last record, starting at offset 3073, is truncated");
        Path cutGz = IdxFiles.write(dir, "cut.bin.gz", IdxFiles.gzip(IdxFiles.truncate(CifarFiles.batch(2, 0), 3074)));
        assertThatThrownBy(() -> Cifar10.read(cutGz))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("length 3074 after decompression is not a multiple");
        byte[] bad = CifarFiles.batch(3, 0);
        bad[2 * 3073] = 10;
        Path badLabel = IdxFiles.write(dir, "label.bin", bad);
        assertThatThrownBy(() -> Cifar10.read(badLabel))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(badLabel + ": offset 6146 (record 2): expected a class label in 0..9 but found 10");
        byte[] gz = IdxFiles.gzip(CifarFiles.batch(2, 0));
        Path broken = IdxFiles.write(dir, "broken.bin.gz", IdxFiles.truncate(gz, gz.length / 2));
        assertThatThrownBy(() -> Cifar10.read(broken))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(broken + ": corrupt or truncated gzip stream");
    }

    @Test
    void everyPixelLandsInItsChannelPlaneRowMajor(@TempDir Path dir) throws IOException {
        Dataset d = Cifar10.read(IdxFiles.write(dir, "data_batch_1.bin", CifarFiles.batch(2, 7)));
        float[] x = d.features(1);
        assertThat(x).hasSize(3 * 32 * 32);
        for (int c = 0; c < 3; c++) {
            for (int row = 0; row < 32; row++) {
                for (int col = 0; col < 32; col++) {
                    assertThat(x[(c * 32 + row) * 32 + col])
                            .as("channel %d (%d, %d)", c, row, col)
                            .isEqualTo(CifarFiles.pixel(8, c, row * 32 + col) / 255f);
                }
            }
        }
        assertThat(d.label(1)).isEqualTo(8);
    }

    /** 256 records are one read chunk: the exact size, and one record past it, must both come out whole. */
    @Test
    void readsAcrossChunkBoundariesRawAndGzip(@TempDir Path dir) throws IOException {
        for (int records : new int[] {256, 257, 600}) {
            byte[] raw = CifarFiles.batch(records, 0);
            for (Path file : new Path[] {
                IdxFiles.write(dir, records + ".bin", raw), IdxFiles.write(dir, records + ".bin.gz", IdxFiles.gzip(raw))
            }) {
                Dataset d = Cifar10.read(file);
                assertThat(d.size()).as(file.toString()).isEqualTo(records);
                for (int r : new int[] {0, 255, records - 1}) {
                    assertThat(d.label(r)).isEqualTo(r % 10);
                    assertThat(d.features(r)[2048 + 5]).isEqualTo(CifarFiles.pixel(r, 2, 5) / 255f);
                }
            }
        }
        byte[] bad = CifarFiles.batch(300, 0);
        bad[257 * 3073] = (byte) 200;
        Path badGz = IdxFiles.write(dir, "bad.bin.gz", IdxFiles.gzip(bad));
        assertThatThrownBy(() -> Cifar10.read(badGz))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(badGz + ": decompressed offset " + 257 * 3073
                        + " (record 257): expected a class label in 0..9" + " but found 200");
    }

    @Test
    void aFileTooLargeForOneArrayIsRefusedBeforeReading(@TempDir Path dir) {
        long records = (Integer.MAX_VALUE - 8) / 3072 + 1;
        Path huge = CifarFiles.sparse(dir, "huge.bin", records * 3073);
        assertThatThrownBy(() -> Cifar10.read(huge))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(
                        huge + ": " + records + " records are more than one array can hold (" + (records - 1) + ")");
        Path odd = CifarFiles.sparse(dir, "odd.bin", records * 3073 + 1);
        assertThatThrownBy(() -> Cifar10.read(odd))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(odd + ": length " + (records * 3073 + 1) + " is not a multiple")
                .hasMessageContaining("starting at offset " + records * 3073 + ", is truncated");
    }

    @Test
    void loadTakesGzipBatchesAndNamesAMissingTestBatch(@TempDir Path dir) throws IOException {
        for (int i = 1; i <= 5; i++) {
            byte[] batch = CifarFiles.batch(2, 2 * (i - 1));
            IdxFiles.write(
                    dir, "data_batch_" + i + ".bin" + (i == 3 ? ".gz" : ""), i == 3 ? IdxFiles.gzip(batch) : batch);
        }
        assertThatThrownBy(() -> Cifar10.load(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "CIFAR-10 file test_batch.bin not found in " + dir + ": download the binary version")
                .hasMessageEndingWith("NetForge downloads nothing");
        IdxFiles.write(dir, "test_batch.bin", CifarFiles.batch(1, 0));
        Splits s = Cifar10.load(dir);
        assertThat(s.validation()).isNull();
        assertThat(s.train().size()).isEqualTo(10);
        assertThat(s.train().label(5)).isEqualTo(5);
        assertThat(s.train().features(5)[1]).isEqualTo(CifarFiles.pixel(5, 0, 1) / 255f);
    }
}
