package io.netforge.data;

import io.netforge.datasets.Cifar10;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Builds CIFAR-10 binary batches byte by byte, so every pixel is recognisable in the decoded dataset and the
 * tests control every byte, including wrong ones.
 */
final class CifarFiles {
    private CifarFiles() {}

    /** The value of pixel {@code k} (0..1023, row-major) of channel {@code c} in record {@code id}. */
    static int pixel(int id, int c, int k) {
        return (id + 3 * c + k) % 256;
    }

    /** Records {@code first .. first + records - 1}; record {@code id} has label {@code id % 10}. */
    static byte[] batch(int records, int first) {
        byte[] b = new byte[records * Cifar10.RECORD];
        for (int r = 0; r < records; r++) {
            int id = first + r;
            b[r * Cifar10.RECORD] = (byte) (id % 10);
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < 1024; k++) {
                    b[r * Cifar10.RECORD + 1 + c * 1024 + k] = (byte) pixel(id, c, k);
                }
            }
        }
        return b;
    }

    /** A file of {@code length} zero bytes that takes no disk space, for size checks made before reading. */
    static Path sparse(Path dir, String name, long length) {
        Path file = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
