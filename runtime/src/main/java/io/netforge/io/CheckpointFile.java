package io.netforge.io;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The container of a training checkpoint: text metadata and named arrays (float32, float64, int64) in one
 * file, written atomically (temp file in the same directory, fsync, rename, fsync of the directory) and
 * verified on read before anything is trusted.
 *
 * <p>Layout, big-endian: magic {@code "NFC1"}, format version ({@code int}), the file's total length
 * ({@code long}), the metadata count and pairs (each string an {@code int} byte length and UTF-8), the array
 * count and arrays (name, dtype byte, rank, shape as {@code long}s, values), and last the SHA-256 of every byte
 * before it. Reading checks in this order: magic, version, length (truncation), hash (corruption), then the
 * structure (sizes against the bytes present before any allocation). No Java serialization.
 */
public final class CheckpointFile {
    /** The file name extension of checkpoints. */
    public static final String EXTENSION = ".nfc";

    static final byte[] MAGIC = {'N', 'F', 'C', '1'};
    static final int VERSION = 2;
    private static final int HASH = 32;
    private static final int HEADER = MAGIC.length + 4 + 8;
    private static final int MAX_RANK = 8;

    private CheckpointFile() {}

    /** The element types a checkpoint holds, in the order of their one-byte codes (0, 1, 2): format-critical. */
    private static final DType[] CODES = {DType.F32, DType.F64, DType.I64};

    private static int code(DType dtype) {
        for (int i = 0; i < CODES.length; i++) {
            if (CODES[i] == dtype) {
                return i;
            }
        }
        throw new IllegalArgumentException("a checkpoint holds F32, F64 or I64 arrays, not " + dtype);
    }

    /** One named array; values are kept as big-endian bytes. */
    @SuppressWarnings("ArrayRecordComponent") // the shape is copied in and out and equals/hashCode compare contents
    public record Array(String name, DType dtype, long[] shape, byte[] data) {
        public Array {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dtype, "dtype");
            shape = shape.clone();
            long n = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException(name + ": negative dimension in " + Arrays.toString(shape));
                }
                n = Math.multiplyExact(n, d);
            }
            if (Math.multiplyExact(n, dtype.size()) != data.length) {
                throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " of " + dtype
                        + " needs " + n * dtype.size() + " bytes, received " + data.length);
            }
        }

        public static Array f32(String name, long[] shape, float[] values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 4);
            b.asFloatBuffer().put(values);
            return new Array(name, DType.F32, shape, b.array());
        }

        public static Array f64(String name, long[] shape, double[] values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 8);
            b.asDoubleBuffer().put(values);
            return new Array(name, DType.F64, shape, b.array());
        }

        public static Array i64(String name, long[] shape, long[] values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 8);
            b.asLongBuffer().put(values);
            return new Array(name, DType.I64, shape, b.array());
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        public float[] floats() {
            require(DType.F32);
            float[] v = new float[data.length / 4];
            ByteBuffer.wrap(data).asFloatBuffer().get(v);
            return v;
        }

        public double[] doubles() {
            require(DType.F64);
            double[] v = new double[data.length / 8];
            ByteBuffer.wrap(data).asDoubleBuffer().get(v);
            return v;
        }

        public long[] longs() {
            require(DType.I64);
            long[] v = new long[data.length / 8];
            ByteBuffer.wrap(data).asLongBuffer().get(v);
            return v;
        }

        private void require(DType t) {
            if (dtype != t) {
                throw new IllegalStateException(name + " holds " + dtype + ", not " + t);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Array a
                    && name.equals(a.name)
                    && dtype == a.dtype
                    && Arrays.equals(shape, a.shape)
                    && Arrays.equals(data, a.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return name + " " + dtype + Arrays.toString(shape);
        }
    }

    /** What a checkpoint holds: metadata in insertion order and arrays by name, in file order. */
    public record Contents(Map<String, String> metadata, Map<String, Array> arrays) {
        public Contents {
            metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
            arrays = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
        }
    }

    /** The bytes of a checkpoint holding {@code metadata} and {@code arrays}. */
    @SuppressWarnings("EnumOrdinal") // the format stores DType's ordinal (F32 0, F64 1, I64 2): never reorder DType
    public static byte[] encode(Map<String, String> metadata, List<Array> arrays) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(0); // patched below
            out.writeInt(metadata.size());
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                string(out, e.getKey());
                string(out, e.getValue());
            }
            out.writeInt(arrays.size());
            java.util.Set<String> names = new java.util.HashSet<>();
            for (Array a : arrays) {
                if (!names.add(a.name())) {
                    throw new IllegalArgumentException("two arrays named " + a.name());
                }
                string(out, a.name());
                out.writeByte(code(a.dtype()));
                out.writeInt(a.shape.length);
                for (long d : a.shape) {
                    out.writeLong(d);
                }
                out.write(a.data());
            }
            out.flush();
            byte[] all = Arrays.copyOf(bytes.toByteArray(), bytes.size() + HASH);
            ByteBuffer.wrap(all, MAGIC.length + 4, 8).putLong(all.length);
            byte[] hash = sha256(all, all.length - HASH);
            System.arraycopy(hash, 0, all, all.length - HASH, HASH);
            return all;
        } catch (IOException e) {
            throw new IllegalStateException(e); // in-memory streams do not fail
        }
    }

    /** Writes a checkpoint to {@code file}, replacing it atomically: on any failure the previous file is intact. */
    public static void write(Path file, Map<String, String> metadata, List<Array> arrays) throws IOException {
        AtomicFiles.write(file, encode(metadata, arrays), "checkpoint");
    }

    /** Writes bytes made by {@link #encode} to {@code file}, replacing it atomically. */
    public static void write(Path file, byte[] encoded) throws IOException {
        AtomicFiles.write(file, encoded, "checkpoint");
    }

    /** Reads and verifies {@code file}, of at most 2 GB. */
    public static Contents read(Path file) throws IOException {
        return read(file, FileBytes.MAX_ARRAY);
    }

    /**
     * Reads and verifies {@code file}, refusing it unread when it is not a regular file or has more than {@code limit}
     * bytes.
     */
    public static Contents read(Path file, long limit) throws IOException {
        byte[] all;
        try {
            all = FileBytes.read(
                    file,
                    limit,
                    "checkpoint",
                    (why, message) -> new CheckpointException(
                            file,
                            switch (why) {
                                case NOT_REGULAR -> CheckpointException.Problem.NOT_A_FILE;
                                case TOO_LARGE -> CheckpointException.Problem.TOO_LARGE;
                                case CHANGED -> CheckpointException.Problem.CORRUPTED;
                            },
                            message));
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, CheckpointException.Problem.MISSING, "no such checkpoint file");
        }
        return decode(file, all);
    }

    /** Verifies and parses checkpoint bytes; {@code file} names them in errors. */
    public static Contents decode(Path file, byte[] all) throws CheckpointException {
        if (all.length < MAGIC.length || !Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CheckpointException(
                    file,
                    CheckpointException.Problem.FOREIGN,
                    0,
                    "not a NetForge checkpoint (expected the magic" + " \"NFC1\", found " + describe(all) + ")"
                            + advice(all));
        }
        if (all.length < HEADER) {
            throw new CheckpointException(
                    file,
                    CheckpointException.Problem.TRUNCATED,
                    all.length,
                    "truncated: the file ends inside" + " its header (" + all.length + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(all);
        buf.position(MAGIC.length);
        int version = buf.getInt();
        if (version != VERSION) {
            throw new CheckpointException(
                    file,
                    CheckpointException.Problem.VERSION,
                    MAGIC.length,
                    "checkpoint format version " + Integer.toUnsignedString(version) + "; this NetForge reads version "
                            + VERSION);
        }
        long declared = buf.getLong();
        if (declared != all.length) {
            if (declared > all.length) {
                throw new CheckpointException(
                        file,
                        CheckpointException.Problem.TRUNCATED,
                        all.length,
                        "truncated: the file has " + all.length + " of its " + declared
                                + " bytes (the write was cut off or the copy is incomplete)");
            }
            throw new CheckpointException(
                    file,
                    CheckpointException.Problem.CORRUPTED,
                    Math.max(0, declared),
                    declared < HEADER + HASH
                            ? "corrupted: impossible length " + declared + " in the header"
                            : "corrupted: " + (all.length - declared) + " bytes after the end of the checkpoint");
        }
        if (all.length < HEADER + HASH) {
            throw new CheckpointException(
                    file, CheckpointException.Problem.TAMPERED, HEADER, "tampered: too short for a checkpoint");
        }
        byte[] expected = Arrays.copyOfRange(all, all.length - HASH, all.length);
        byte[] actual = sha256(all, all.length - HASH);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new CheckpointException(
                    file,
                    CheckpointException.Problem.CORRUPTED,
                    all.length - HASH,
                    "corrupted: the content's"
                            + " SHA-256 " + HexFormat.of().formatHex(actual, 0, 8) + "… does not match the stored "
                            + HexFormat.of().formatHex(expected, 0, 8) + "… (bytes were changed after it was written)");
        }
        buf.limit(all.length - HASH);
        try {
            int metaCount = count(file, buf, 8, "metadata entries");
            Map<String, String> metadata = new LinkedHashMap<>();
            for (int i = 0; i < metaCount; i++) {
                String key = string(file, buf);
                if (metadata.put(key, string(file, buf)) != null) {
                    throw tampered(file, buf.position(), "metadata key " + key + " appears twice");
                }
            }
            int arrayCount = count(file, buf, 13, "arrays");
            Map<String, Array> arrays = new LinkedHashMap<>();
            for (int i = 0; i < arrayCount; i++) {
                String name = string(file, buf);
                int type = buf.get();
                if (type < 0 || type >= CODES.length) {
                    throw tampered(file, buf.position() - 1, name + ": unknown element type " + type);
                }
                DType dtype = CODES[type];
                int rank = buf.getInt();
                if (rank < 0 || rank > MAX_RANK) {
                    throw tampered(file, buf.position() - 4, name + ": impossible rank " + rank);
                }
                long[] shape = new long[rank];
                long n = dtype.size();
                boolean empty = false;
                for (int d = 0; d < rank; d++) {
                    shape[d] = buf.getLong();
                    empty |= shape[d] == 0;
                    if (shape[d] < 0
                            || shape[d] > Integer.MAX_VALUE
                            || (!empty && (shape[d] > buf.remaining() || (n *= shape[d]) > buf.remaining()))) {
                        throw tampered(
                                file,
                                buf.position() - 8,
                                name + ": shape " + Arrays.toString(Arrays.copyOf(shape, d + 1))
                                        + " needs more bytes than the file holds");
                    }
                }
                if (empty) {
                    n = 0;
                }
                byte[] data = new byte[(int) n];
                buf.get(data);
                if (arrays.put(name, new Array(name, dtype, shape, data)) != null) {
                    throw tampered(file, buf.position(), "array " + name + " appears twice");
                }
            }
            if (buf.hasRemaining()) {
                throw tampered(file, buf.position(), buf.remaining() + " unexpected bytes after the last array");
            }
            return new Contents(metadata, arrays);
        } catch (BufferUnderflowException e) {
            throw tampered(file, buf.position(), "the content ends inside an entry");
        }
    }

    private static int count(Path file, ByteBuffer buf, int minBytesEach, String what) throws CheckpointException {
        int n = buf.getInt();
        if (n < 0 || (long) n * minBytesEach > buf.remaining()) {
            throw tampered(file, buf.position() - 4, "impossible number of " + what + ": " + n);
        }
        return n;
    }

    private static String string(Path file, ByteBuffer buf) throws CheckpointException {
        int length = buf.getInt();
        if (length < 0 || length > buf.remaining()) {
            throw tampered(file, buf.position() - 4, "impossible string length " + length);
        }
        int at = buf.position();
        ByteBuffer slice = buf.slice(at, length);
        buf.position(at + length);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice)
                    .toString();
        } catch (CharacterCodingException e) {
            throw tampered(file, at, "a string is not valid UTF-8");
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static CheckpointException tampered(Path file, long offset, String what) {
        return new CheckpointException(
                file,
                CheckpointException.Problem.TAMPERED,
                offset,
                "tampered: " + what + " (the hash matches, so the file was edited and its hash recomputed)");
    }

    private static String describe(byte[] all) {
        if (all.length == 0) {
            return "an empty file";
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(4, all.length); i++) {
            s.append(String.format("%02x", all[i] & 0xff));
        }
        return "bytes " + s;
    }

    private static String advice(byte[] all) {
        if (all.length >= 4 && all[0] == 'N' && all[1] == 'F' && all[2] == 'W') {
            return "; this is a NetForge weights file: load it with loadWeights";
        }
        if (all.length >= 9) {
            long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n > 0 && n < all.length && all[8] == '{') {
                return "; this looks like a safetensors file: load it with importSafetensors";
            }
        }
        if (all.length >= 2 && all[0] == 'P' && all[1] == 'K') {
            return "; this looks like a zip archive (a PyTorch .pt/.pth file?): export the state_dict as safetensors";
        }
        return "";
    }

    static byte[] sha256(byte[] bytes, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, 0, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
