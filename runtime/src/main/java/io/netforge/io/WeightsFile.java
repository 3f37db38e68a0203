package io.netforge.io;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * A model's weights as named float32 arrays in one small binary file, written atomically (a temp file in
 * the same directory, fsync, rename, fsync of the directory) so a crash mid-write leaves the previous file
 * intact, and checked on read (magic, sizes before any allocation, CRC-32 of the whole content).
 *
 * <p>Layout, big-endian: {@code "NFW1"}, the model name (Java modified UTF-8), the entry count, then per
 * entry its name, rank, shape ({@code long}s) and values ({@code float}s); last the CRC-32 of everything
 * before it as a {@code long}.
 */
public final class WeightsFile {
    private static final byte[] MAGIC = {'N', 'F', 'W', '1'};
    private static final int MAX_ENTRIES = 1 << 20;
    private static final int MAX_RANK = 8;

    private WeightsFile() {}

    /** One named array. */
    @SuppressWarnings("ArrayRecordComponent") // read and written whole by the weights format; never compared
    public record Entry(String name, long[] shape, float[] values) {
        public Entry {
            Objects.requireNonNull(name, "name");
            shape = shape.clone();
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            if (n != values.length) {
                throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " needs " + n
                        + " values, received " + values.length);
            }
        }
    }

    /** What a file holds. */
    public record Contents(String model, List<Entry> entries) {
        public Contents {
            entries = List.copyOf(entries);
        }
    }

    /** Writes {@code entries} to {@code file}, replacing it atomically. */
    public static void write(Path file, String model, List<Entry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeUTF(model);
            out.writeInt(entries.size());
            for (Entry e : entries) {
                out.writeUTF(e.name());
                out.writeInt(e.shape().length);
                for (long d : e.shape()) {
                    out.writeLong(d);
                }
                for (float v : e.values()) {
                    out.writeFloat(v);
                }
            }
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
        }
        writeAtomically(file, bytes.toByteArray());
    }

    /** Reads and checks {@code file}, of at most 2 GB. */
    public static Contents read(Path file) throws IOException {
        return read(file, FileBytes.MAX_ARRAY);
    }

    /** Reads and checks {@code file}, refusing it unread when it is not a regular file or has more than {@code limit} bytes. */
    public static Contents read(Path file, long limit) throws IOException {
        byte[] all = FileBytes.read(
                file, limit, "weights file", (why, message) -> new WeightsFormatException(file, message));
        return decode(file, all);
    }

    /** Checks and parses weights-file bytes; {@code file} names them in errors. */
    public static Contents decode(Path file, byte[] all) throws WeightsFormatException {
        if (all.length < MAGIC.length + 8 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new WeightsFormatException(file, 0, "not a NetForge weights file (expected the magic \"NFW1\")");
        }
        ByteBuffer buf = ByteBuffer.wrap(all, 0, all.length - 8);
        long stored = ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        if (crc.getValue() != stored) {
            throw new WeightsFormatException(
                    file, all.length - 8, "checksum mismatch: the file is truncated or corrupted");
        }
        buf.position(MAGIC.length);
        try {
            String model = utf(buf);
            int count = buf.getInt();
            if (count < 0 || count > MAX_ENTRIES) {
                throw new WeightsFormatException(file, buf.position() - 4, "impossible entry count " + count);
            }
            List<Entry> entries = new ArrayList<>();
            java.util.Set<String> names = new java.util.HashSet<>();
            for (int i = 0; i < count; i++) {
                int at = buf.position();
                String name = utf(buf);
                if (!names.add(name)) {
                    throw new WeightsFormatException(file, at, "a second entry named " + name);
                }
                int rank = buf.getInt();
                if (rank < 0 || rank > MAX_RANK) {
                    throw new WeightsFormatException(file, buf.position() - 4, name + ": impossible rank " + rank);
                }
                long[] shape = new long[rank];
                long n = 1;
                for (int d = 0; d < rank; d++) {
                    shape[d] = buf.getLong();
                    if (shape[d] < 0 || shape[d] > Integer.MAX_VALUE || (n = n * shape[d]) > buf.remaining() / 4) {
                        throw new WeightsFormatException(
                                file,
                                buf.position() - 8,
                                name + ": shape " + Arrays.toString(Arrays.copyOf(shape, d + 1))
                                        + " needs more values than the file holds");
                    }
                }
                float[] values = new float[(int) n];
                buf.asFloatBuffer().get(values);
                buf.position(buf.position() + 4 * values.length);
                entries.add(new Entry(name, shape, values));
            }
            if (buf.hasRemaining()) {
                throw new WeightsFormatException(
                        file, buf.position(), buf.remaining() + " unexpected bytes after the last entry");
            }
            return new Contents(model, entries);
        } catch (BufferUnderflowException e) {
            throw new WeightsFormatException(file, buf.position(), "the file ends inside an entry");
        }
    }

    private static String utf(ByteBuffer buf) {
        int length = Short.toUnsignedInt(buf.getShort());
        byte[] b = new byte[length];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Writes {@code bytes} to a temp file beside {@code file}, syncs it, and moves it over {@code file}. */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        AtomicFiles.write(file, bytes, "weights");
    }
}
