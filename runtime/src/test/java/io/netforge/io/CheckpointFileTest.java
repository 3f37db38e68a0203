package io.netforge.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.netforge.io.CheckpointException.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint container: exact round trips, every kind of bad file named and typed, and failed writes that lose nothing. */
class CheckpointFileTest {
    @TempDir
    Path dir;

    @AfterEach
    void realFileSystem() {
        AtomicFiles.calls = AtomicFiles.REAL;
    }

    private static Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", "Net");
        m.put("note", "ünïcödé ✓ and a newline\n");
        m.put("history", "x".repeat(100_000)); // longer than DataOutputStream.writeUTF allows
        return m;
    }

    private static List<CheckpointFile.Array> arrays() {
        return List.of(
                CheckpointFile.Array.f32("fc1/W", new long[] {2, 3}, new float[] {1, 2, 3, 4, Float.NaN, -0f}),
                CheckpointFile.Array.f64("x", new long[] {}, new double[] {Math.PI}),
                CheckpointFile.Array.i64("optimizer/steps", new long[] {2}, new long[] {7, Long.MIN_VALUE}),
                CheckpointFile.Array.f32("empty", new long[] {0, 4}, new float[0]));
    }

    private Path good() throws IOException {
        Path file = dir.resolve("epoch-0001.nfc");
        CheckpointFile.write(file, metadata(), arrays());
        return file;
    }

    @Test
    void roundTripsExactly() throws IOException {
        Path file = good();
        CheckpointFile.Contents c = CheckpointFile.read(file);
        assertThat(c.metadata()).containsExactlyEntriesOf(metadata());
        assertThat(c.arrays().values()).containsExactlyElementsOf(arrays());
        assertThat(Float.floatToRawIntBits(c.arrays().get("fc1/W").floats()[5]))
                .isEqualTo(Float.floatToRawIntBits(-0f));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temp file left").containsExactly(file);
        }
    }

    @Test
    void foreignFilesAreNamedWithAdvice() throws IOException {
        assertProblem(new byte[0], Problem.FOREIGN, "not a NetForge checkpoint", "an empty file");
        assertProblem("\u0089PNG\r\n".getBytes("ISO-8859-1"), Problem.FOREIGN, "not a NetForge checkpoint", "89504e47");
        Path weights = dir.resolve("w.nfw");
        WeightsFile.write(weights, "Net", List.of(new WeightsFile.Entry("a", new long[] {1}, new float[] {1})));
        assertProblem(Files.readAllBytes(weights), Problem.FOREIGN, "weights file: load it with loadWeights");
        byte[] safetensors = "........{\"a\":{}}".getBytes("ISO-8859-1");
        ByteBuffer.wrap(safetensors).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(8);
        assertProblem(safetensors, Problem.FOREIGN, "safetensors file");
        assertProblem("PK\u0003\u0004rest".getBytes("ISO-8859-1"), Problem.FOREIGN, "zip archive");
    }

    @Test
    void aNewerFormatVersionIsNamed() throws IOException {
        byte[] b = Files.readAllBytes(good());
        ByteBuffer.wrap(b).putInt(4, 3);
        assertProblem(b, Problem.VERSION, "checkpoint format version 3; this NetForge reads version 2");
    }

    @Test
    void aFileOfTheFormerFormatBeforeCallbacksIsNamed() throws IOException {
        // version 1 kept the training state as comma-joined metadata strings; version 2 as structured state per owner
        byte[] b = Files.readAllBytes(good());
        ByteBuffer.wrap(b).putInt(4, 1);
        assertProblem(b, Problem.VERSION, "checkpoint format version 1; this NetForge reads version 2");
    }

    @Test
    void everyTruncationIsNamedAsSuch() throws IOException {
        byte[] b = CheckpointFile.encode(
                Map.of("model", "Net"), List.of(CheckpointFile.Array.f32("w", new long[] {3}, new float[] {1, 2, 3})));
        for (int n = 0; n < b.length; n++) {
            CheckpointException e = problem(Arrays.copyOf(b, n));
            if (n < 4) {
                assertThat(e.problem()).isEqualTo(Problem.FOREIGN);
            } else {
                assertThat(e.problem()).as("cut at %d", n).isEqualTo(Problem.TRUNCATED);
                assertThat(e.getMessage()).contains("truncated");
            }
        }
        assertThat(problem(Arrays.copyOf(b, b.length - 1)).getMessage())
                .contains("the file has " + (b.length - 1) + " of its " + b.length + " bytes");
    }

    @Test
    void everyChangedByteIsCaughtAndNoneSlipsThrough() throws IOException {
        byte[] b = CheckpointFile.encode(
                metadataSmall(),
                List.of(
                        CheckpointFile.Array.f32("w", new long[] {2, 2}, new float[] {1, 2, 3, 4}),
                        CheckpointFile.Array.i64("s", new long[] {1}, new long[] {9})));
        int[] counts = new int[Problem.values().length];
        for (int i = 0; i < b.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] m = b.clone();
                m[i] ^= (byte) (1 << bit);
                counts[problem(m).problem().ordinal()]++;
            }
        }
        assertThat(counts[Problem.CORRUPTED.ordinal()]).isGreaterThan(b.length * 7);
        // random overwrites and garbage appended: never accepted, never another exception
        Random r = new Random(1);
        for (int k = 0; k < 300; k++) {
            byte[] m = b.clone();
            m[r.nextInt(m.length)] = (byte) r.nextInt(256);
            if (!Arrays.equals(m, b)) {
                problem(m);
            }
        }
        byte[] longer = Arrays.copyOf(b, b.length + 3);
        assertThat(problem(longer).getMessage()).contains("3 bytes after the end of the checkpoint");
    }

    private static Map<String, String> metadataSmall() {
        return Map.of("model", "Net", "epoch", "3");
    }

    @Test
    void editedContentWithARecomputedHashIsTamperedNotAnIndexError() throws IOException {
        byte[] b = CheckpointFile.encode(
                metadataSmall(), List.of(CheckpointFile.Array.f32("w", new long[] {2, 2}, new float[] {1, 2, 3, 4})));
        int tampered = 0;
        for (int i = 16; i < b.length - 32; i++) {
            for (int v : new int[] {0x00, 0xff, 0x7f, 0x80}) {
                byte[] m = b.clone();
                m[i] = (byte) v;
                rehash(m);
                try {
                    CheckpointFile.decode(dir.resolve("t.nfc"), m);
                } catch (CheckpointException e) {
                    assertThat(e.problem()).isEqualTo(Problem.TAMPERED);
                    assertThat(e.getMessage()).contains("t.nfc").contains("tampered");
                    tampered++;
                } catch (RuntimeException e) {
                    fail("byte " + i + " = " + v + ": " + e, e);
                }
            }
        }
        assertThat(tampered).isGreaterThan(50);
        byte[] huge = b.clone();
        ByteBuffer.wrap(huge).putInt(16, Integer.MAX_VALUE); // metadata count
        rehash(huge);
        assertThat(problem(huge).getMessage()).contains("impossible number of metadata entries: 2147483647");
    }

    private static void rehash(byte[] m) {
        byte[] h = CheckpointFile.sha256(m, m.length - 32);
        System.arraycopy(h, 0, m, m.length - 32, 32);
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> CheckpointFile.read(dir.resolve("nope.nfc")))
                .isInstanceOfSatisfying(
                        CheckpointException.class, e -> assertThat(e.problem()).isEqualTo(Problem.MISSING))
                .hasMessageContaining("nope.nfc");
    }

    // ----- failed writes lose nothing -----

    @Test
    void noSpaceLeftOnDeviceKeepsThePreviousCheckpoint() throws IOException {
        Path file = good();
        byte[] before = Files.readAllBytes(file);
        // the kernel's own ENOSPC: the temp file's bytes go to /dev/full
        AtomicFiles.calls = new Calls() {
            @Override
            public FileChannel openTemp(Path tmp) throws IOException {
                return FileChannel.open(Path.of("/dev/full"), StandardOpenOption.WRITE);
            }
        };
        assertThatThrownBy(() -> CheckpointFile.write(file, Map.of("model", "Other"), List.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("the previous file, if any, is unchanged")
                .hasMessageContaining("No space left on device");
        assertIntact(file, before);
    }

    @Test
    void anIoErrorAtAnyPointOfTheWriteKeepsThePreviousCheckpoint() throws IOException {
        Path file = good();
        byte[] before = Files.readAllBytes(file);
        for (long failAt : new long[] {0, 1, 4096, before.length / 2, before.length - 1}) {
            AtomicFiles.calls = new Calls() {
                @Override
                public FileChannel openTemp(Path tmp) throws IOException {
                    return new FailingChannel(super.openTemp(tmp), failAt, false);
                }
            };
            Map<String, String> other = new LinkedHashMap<>(metadata());
            other.put("model", "Ner"); // same size, other content
            assertThatThrownBy(() -> CheckpointFile.write(file, other, arrays()))
                    .as("failing at byte %d", failAt)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Input/output error");
            assertIntact(file, before);
        }
        AtomicFiles.calls =
                new Calls() { // fsync fails
                    @Override
                    public FileChannel openTemp(Path tmp) throws IOException {
                        return new FailingChannel(super.openTemp(tmp), Long.MAX_VALUE, true);
                    }
                };
        assertThatThrownBy(() -> CheckpointFile.write(file, metadata(), List.of()))
                .hasMessageContaining("fsync");
        assertIntact(file, before);
        AtomicFiles.calls =
                new Calls() { // the rename fails
                    @Override
                    public void move(Path from, Path to) throws IOException {
                        throw new IOException("rename: Read-only file system");
                    }
                };
        assertThatThrownBy(() -> CheckpointFile.write(file, metadata(), List.of()))
                .hasMessageContaining("Read-only file system");
        assertIntact(file, before);
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsNamed() throws IOException {
        Path notADir = dir.resolve("file");
        Files.writeString(notADir, "x");
        assertThatThrownBy(() -> CheckpointFile.write(notADir.resolve("c.nfc"), metadata(), List.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("c.nfc")
                .hasMessageContaining("cannot write checkpoint");
    }

    private void assertIntact(Path file, byte[] before) throws IOException {
        assertThat(Files.readAllBytes(file)).as("the previous checkpoint").isEqualTo(before);
        CheckpointFile.read(file);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp")))
                    .as("temp files left")
                    .isEmpty();
        }
    }

    private CheckpointException problem(byte[] bytes) {
        try {
            CheckpointFile.decode(dir.resolve("bad.nfc"), bytes);
        } catch (CheckpointException e) {
            assertThat(e.getMessage()).contains("bad.nfc");
            assertThat(e.file()).isEqualTo(dir.resolve("bad.nfc"));
            return e;
        } catch (RuntimeException e) {
            fail("not a CheckpointException: " + e, e);
        }
        throw new AssertionError("accepted a bad file");
    }

    private void assertProblem(byte[] bytes, Problem problem, String... phrases) {
        CheckpointException e = problem(bytes);
        assertThat(e.problem()).isEqualTo(problem);
        for (String p : phrases) {
            assertThat(e.getMessage()).contains(p);
        }
    }

    private static class Calls implements AtomicFiles.FileSystemCalls {
        @Override
        public FileChannel openTemp(Path tmp) throws IOException {
            return AtomicFiles.REAL.openTemp(tmp);
        }

        @Override
        public void move(Path from, Path to) throws IOException {
            AtomicFiles.REAL.move(from, to);
        }
    }

    /** A channel that fails with EIO after {@code failAt} bytes, or at {@code force}. */
    private static final class FailingChannel extends FileChannel {
        private final FileChannel inner;
        private final long failAt;
        private final boolean failForce;
        private long written;

        FailingChannel(FileChannel inner, long failAt, boolean failForce) {
            this.inner = inner;
            this.failAt = failAt;
            this.failForce = failForce;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (written + src.remaining() > failAt) {
                int allowed = (int) (failAt - written);
                ByteBuffer part = src.slice(src.position(), allowed);
                inner.write(part);
                src.position(src.position() + allowed);
                written += allowed;
                throw new IOException("Input/output error");
            }
            int n = inner.write(src);
            written += n;
            return n;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (failForce) {
                throw new IOException("fsync: Input/output error");
            }
            inner.force(metaData);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            inner.close();
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() throws IOException {
            return inner.position();
        }

        @Override
        public FileChannel position(long newPosition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long size() throws IOException {
            return inner.size();
        }

        @Override
        public FileChannel truncate(long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferTo(long position, long count, java.nio.channels.WritableByteChannel target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferFrom(java.nio.channels.ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(ByteBuffer dst, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.nio.MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.nio.channels.FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.nio.channels.FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }
    }
}
