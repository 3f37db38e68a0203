package io.netforge.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsFileTest {
    @TempDir
    Path dir;

    private static List<WeightsFile.Entry> entries() {
        return List.of(
                new WeightsFile.Entry("fc1/W", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
                new WeightsFile.Entry("fc1/b", new long[] {3}, new float[] {-1, 0.5f, Float.MIN_VALUE}),
                new WeightsFile.Entry("bn/running_var", new long[] {1}, new float[] {7}));
    }

    /** Saved weights (and checkpoints, written the same way) get the permissions of any new file: the umask's. */
    @Test
    void filesGetTheUmasksPermissionsNotOwnerOnly() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path reference = Files.createFile(dir.resolve("reference"));
        Path file = dir.resolve("w.nfw");
        WeightsFile.write(file, "Net", entries());
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(Files.getPosixFilePermissions(reference));
        WeightsFile.write(file, "Net", entries()); // replacing an existing file too
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(Files.getPosixFilePermissions(reference));
    }

    @Test
    void roundTripsExactly() throws IOException {
        Path file = dir.resolve("best.nfw");
        WeightsFile.write(file, "Net", entries());
        WeightsFile.Contents read = WeightsFile.read(file);
        assertThat(read.model()).isEqualTo("Net");
        assertThat(read.entries()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(read.entries().get(i).name()).isEqualTo(entries().get(i).name());
            assertThat(read.entries().get(i).shape()).isEqualTo(entries().get(i).shape());
            assertThat(read.entries().get(i).values())
                    .isEqualTo(entries().get(i).values());
        }
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temp file left").containsExactly(file);
        }
    }

    @Test
    void everyTruncationAndFlippedByteIsRefusedWithTheFileNamed() throws IOException {
        Path good = dir.resolve("good.nfw");
        WeightsFile.write(good, "Net", entries());
        byte[] bytes = Files.readAllBytes(good);
        Path bad = dir.resolve("bad.nfw");
        for (int n = 0; n < bytes.length; n++) {
            Files.write(bad, java.util.Arrays.copyOf(bytes, n));
            assertThatThrownBy(() -> WeightsFile.read(bad))
                    .isInstanceOf(WeightsFormatException.class)
                    .hasMessageStartingWith(bad.toString());
        }
        Random rng = new Random(1);
        for (int i = 0; i < 200; i++) {
            byte[] flipped = bytes.clone();
            flipped[rng.nextInt(flipped.length)] ^= (byte) (1 << rng.nextInt(8));
            Files.write(bad, flipped);
            assertThatThrownBy(() -> WeightsFile.read(bad)).isInstanceOf(WeightsFormatException.class);
        }
    }

    @Test
    void aFailedWriteKeepsThePreviousFile() throws IOException {
        Path file = dir.resolve("best.nfw");
        WeightsFile.write(file, "Net", entries());
        byte[] before = Files.readAllBytes(file);
        Path notADir = dir.resolve("plain-file");
        Files.writeString(notADir, "x");
        assertThatThrownBy(() -> WeightsFile.write(notADir.resolve("w.nfw"), "Net", entries()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("w.nfw");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }
}
