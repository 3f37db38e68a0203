package io.netforge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-10's binary format on files generated here (the real data set is not on these machines). */
class CifarTest {
    /** Record r: label r % 10; pixel k of channel c is (r + 3c + k) % 256, so every value is recognisable. */
    static byte[] batch(int records, int firstRecord) {
        byte[] b = new byte[records * Cifar10.RECORD];
        for (int r = 0; r < records; r++) {
            int id = firstRecord + r;
            b[r * Cifar10.RECORD] = (byte) (id % 10);
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < 1024; k++) {
                    b[r * Cifar10.RECORD + 1 + c * 1024 + k] = (byte) ((id + 3 * c + k) % 256);
                }
            }
        }
        return b;
    }

    @Test
    void readsLabelsAndChannelPlanesRowMajor(@TempDir Path dir) {
        Path file = IdxFiles.write(dir, "data_batch_1.bin", batch(4, 0));
        Dataset d = Cifar10.read(file);
        assertThat(d.name()).isEqualTo("data_batch_1.bin");
        assertThat(d.size()).isEqualTo(4);
        assertThat(d.sampleShape()).containsExactly(3, 32, 32);
        assertThat(d.numClasses()).isEqualTo(10);
        assertThat(d.label(3)).isEqualTo(3);
        float[] x = d.features(2);
        assertThat(x[0]).isEqualTo(2 / 255f);                   // red (0, 0)
        assertThat(x[33]).isEqualTo((2 + 33) / 255f);            // red (1, 1)
        assertThat(x[1024]).isEqualTo((2 + 3) / 255f);           // green (0, 0)
        assertThat(x[2048 + 1023]).isEqualTo(((2 + 6 + 1023) % 256) / 255f); // blue (31, 31)
        Dataset gz = Cifar10.read(IdxFiles.write(dir, "data_batch_2.bin.gz", IdxFiles.gzip(batch(4, 0))));
        assertThat(gz.features(2)).containsExactly(x);
    }

    @Test
    void loadsFiveTrainingBatchesAndTheTestBatch(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        for (int i = 1; i <= 5; i++) {
            IdxFiles.write(folder, "data_batch_" + i + ".bin", batch(3, 3 * (i - 1)));
        }
        IdxFiles.write(folder, "test_batch.bin", batch(2, 100));
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
        assertThatThrownBy(() -> Cifar10.load(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CIFAR-10 file data_batch_4.bin not found in " + folder)
                .hasMessageContaining("https://www.cs.toronto.edu/~kriz/cifar.html");
        assertThat(Cifar10.CLASS_NAMES).hasSize(10).startsWith("airplane").endsWith("truck");
    }

    @Test
    void refusesBadFilesNamingTheFileAndOffset(@TempDir Path dir) {
        Path empty = IdxFiles.write(dir, "empty.bin", new byte[0]);
        assertThatThrownBy(() -> Cifar10.read(empty)).isInstanceOf(DatasetFormatException.class)
                .hasMessage(empty + ": the file is empty; expected records of 3073 bytes (a label and 3x32x32 pixels)");
        Path cut = IdxFiles.write(dir, "cut.bin", IdxFiles.truncate(batch(2, 0), 2 * 3073 - 10));
        assertThatThrownBy(() -> Cifar10.read(cut)).isInstanceOf(DatasetFormatException.class)
                .hasMessage(cut + ": length 6136 is not a multiple of the 3073-byte record (a label and 3x32x32 pixels):"
                        + " 3063 bytes left over, so the last record, starting at offset 3073, is truncated");
        Path cutGz = IdxFiles.write(dir, "cut.bin.gz", IdxFiles.gzip(IdxFiles.truncate(batch(2, 0), 3074)));
        assertThatThrownBy(() -> Cifar10.read(cutGz)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("length 3074 after decompression is not a multiple");
        byte[] bad = batch(3, 0);
        bad[2 * 3073] = 10;
        Path badLabel = IdxFiles.write(dir, "label.bin", bad);
        assertThatThrownBy(() -> Cifar10.read(badLabel)).isInstanceOf(DatasetFormatException.class)
                .hasMessage(badLabel + ": offset 6146 (record 2): expected a class label in 0..9 but found 10");
        byte[] gz = IdxFiles.gzip(batch(2, 0));
        Path broken = IdxFiles.write(dir, "broken.bin.gz", IdxFiles.truncate(gz, gz.length / 2));
        assertThatThrownBy(() -> Cifar10.read(broken)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(broken + ": corrupt or truncated gzip stream");
    }
}
