package io.netforge.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The safetensors format (Hugging Face's, used for PyTorch state_dicts): an 8-byte little-endian header length
 * {@code N}, {@code N} bytes of UTF-8 JSON mapping each tensor's name to its {@code dtype}, {@code shape} and
 * {@code data_offsets} (relative to the data buffer) plus an optional {@code __metadata__} object of strings, then
 * the data buffer with every tensor little-endian and row-major.
 *
 * <p>The reader trusts nothing before checking it, as the reference implementation does and more: the header
 * length against a 100 MB limit and the file's size, strict JSON (no duplicate keys, no unknown fields), a dtype
 * allow-list, non-negative integer shapes of rank ≤ 16, {@code shape × dtype size = end − begin} without overflow,
 * offsets inside the buffer, and the tensors covering the buffer exactly: contiguous, no overlap, no hole. Every
 * problem is a {@link SafetensorsFormatException} naming the file and the byte.
 */
public final class Safetensors {
    /** The reference implementation's header limit. */
    public static final long MAX_HEADER = 100_000_000;

    private static final int MAX_RANK = 16;
    private static final int MAX_TENSORS = 1_000_000;
    private static final String METADATA = "__metadata__";

    private Safetensors() {}

    /** One tensor: little-endian row-major bytes. */
    @SuppressWarnings("ArrayRecordComponent") // the shape is copied in and out and equals/hashCode compare contents
    public record Tensor(String name, DType dtype, long[] shape, byte[] data) {
        public Tensor {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dtype, "dtype");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a tensor needs a name");
            }
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

        public static Tensor f32(String name, long[] shape, float[] values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(values);
            return new Tensor(name, DType.F32, shape, b.array());
        }

        public static Tensor i64(String name, long[] shape, long[] values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            b.asLongBuffer().put(values);
            return new Tensor(name, DType.I64, shape, b.array());
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        public long elements() {
            return data.length / dtype.size();
        }

        /** The values as floats (F32 exactly; F64, F16, BF16 converted). */
        public float[] floats() {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            float[] v = new float[(int) elements()];
            switch (dtype) {
                case F32 -> b.asFloatBuffer().get(v);
                case F64 -> {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) b.getDouble();
                    }
                }
                case F16 -> {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = halfToFloat(b.getShort());
                    }
                }
                case BF16 -> {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
                    }
                }
                default ->
                    throw new IllegalStateException(name + " holds " + dtype + " integers, not floating-point values");
            }
            return v;
        }

        /** IEEE 754 binary16 to float, exactly (subnormals, infinities and NaN included). */
        static float halfToFloat(short h) {
            int bits = h & 0xffff;
            int sign = (bits & 0x8000) << 16;
            int exp = (bits >>> 10) & 0x1f;
            int mantissa = bits & 0x3ff;
            if (exp == 0x1f) {
                return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
            }
            if (exp == 0) {
                float v = mantissa * 0x1p-24f;
                return sign == 0 ? v : -v;
            }
            return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mantissa << 13));
        }

        /** The values as longs (integer and BOOL dtypes). */
        public long[] longs() {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            long[] v = new long[(int) elements()];
            for (int i = 0; i < v.length; i++) {
                v[i] = switch (dtype) {
                    case I64 -> b.getLong();
                    case I32 -> b.getInt();
                    case I16 -> b.getShort();
                    case I8 -> b.get();
                    case U8, BOOL -> b.get() & 0xff;
                    default -> throw new IllegalStateException(name + " holds " + dtype + " values, not integers");
                };
            }
            return v;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tensor t
                    && name.equals(t.name)
                    && dtype == t.dtype
                    && Arrays.equals(shape, t.shape)
                    && Arrays.equals(data, t.data);
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

    /** A file's metadata and tensors, in the order of their data. */
    public record Contents(Map<String, String> metadata, List<Tensor> tensors) {
        public Contents {
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
            tensors = List.copyOf(tensors);
        }

        /** The tensor called {@code name}, or null. */
        public Tensor get(String name) {
            for (Tensor t : tensors) {
                if (t.name().equals(name)) {
                    return t;
                }
            }
            return null;
        }
    }

    /** The bytes of a safetensors file; tensors are laid out in the given order, the header padded to 8 bytes. */
    public static byte[] encode(Map<String, String> metadata, List<Tensor> tensors) {
        StringBuilder h = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            h.append(quote(METADATA)).append(":{");
            String sep = "";
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                h.append(sep).append(quote(e.getKey())).append(':').append(quote(e.getValue()));
                sep = ",";
            }
            h.append('}');
        }
        long offset = 0;
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Tensor t : tensors) {
            if (!names.add(t.name()) || t.name().equals(METADATA)) {
                throw new IllegalArgumentException("a second tensor named " + t.name());
            }
            if (h.length() > 1) {
                h.append(',');
            }
            h.append(quote(t.name())).append(":{\"dtype\":\"").append(t.dtype()).append("\",\"shape\":[");
            long[] shape = t.shape();
            for (int d = 0; d < shape.length; d++) {
                h.append(d == 0 ? "" : ",").append(shape[d]);
            }
            h.append("],\"data_offsets\":[")
                    .append(offset)
                    .append(',')
                    .append(offset + t.data().length)
                    .append("]}");
            offset += t.data().length;
        }
        h.append('}');
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (int) ((8 + header.length + 7L) / 8 * 8 - 8);
        ByteBuffer out =
                ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(header);
        for (int k = header.length; k < padded; k++) {
            out.put((byte) ' ');
        }
        for (Tensor t : tensors) {
            out.put(t.data());
        }
        return out.array();
    }

    /** Writes a safetensors file, replacing {@code file} atomically. */
    public static void write(Path file, Map<String, String> metadata, List<Tensor> tensors) throws IOException {
        AtomicFiles.write(file, encode(metadata, tensors), "safetensors");
    }

    /** Reads and validates {@code file}, of at most 2 GB. */
    public static Contents read(Path file) throws IOException {
        return read(file, FileBytes.MAX_ARRAY);
    }

    /**
     * Reads and validates {@code file}, refusing it unread when it is not a regular file or has more than {@code limit}
     * bytes.
     */
    public static Contents read(Path file, long limit) throws IOException {
        return decode(
                file,
                FileBytes.read(
                        file,
                        limit,
                        "safetensors file",
                        (why, message) -> new SafetensorsFormatException(file, message)));
    }

    /** Validates and parses safetensors bytes; {@code file} names them in errors. */
    public static Contents decode(Path file, byte[] all) throws SafetensorsFormatException {
        if (all.length < 8) {
            throw new SafetensorsFormatException(
                    file,
                    0,
                    "a safetensors file starts with an 8-byte header length, but the file has " + all.length
                            + " bytes");
        }
        long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 0 || n > MAX_HEADER) {
            throw new SafetensorsFormatException(
                    file,
                    0,
                    "header length " + Long.toUnsignedString(n) + " exceeds the limit of " + MAX_HEADER + " bytes");
        }
        if (8 + n > all.length) {
            throw new SafetensorsFormatException(
                    file,
                    0,
                    "header length " + n + " runs past the end of the " + all.length + "-byte file (truncated?)");
        }
        if (n < 2 || all[8] != '{') {
            throw new SafetensorsFormatException(file, 8, "the header must be a JSON object starting with '{'");
        }
        String header;
        try {
            header = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(all, 8, (int) n))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsFormatException(file, 8, "the header is not valid UTF-8");
        }
        Object parsed;
        try {
            parsed = Json.parse(header);
        } catch (Json.ParseException e) {
            throw new SafetensorsFormatException(file, 8 + e.offset, "invalid JSON header: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> root)) {
            throw new SafetensorsFormatException(file, 8, "the header must be a JSON object");
        }
        if (root.size() > MAX_TENSORS + 1) {
            throw new SafetensorsFormatException(
                    file, 8, root.size() + " entries; at most " + MAX_TENSORS + " tensors are read");
        }
        long bufferStart = 8 + n;
        long bufferLength = all.length - bufferStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        @SuppressWarnings("ArrayRecordComponent") // a local value of the reader, never compared
        record Entry(String name, DType dtype, long[] shape, long begin, long end) {}
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : root.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA)) {
                if (!(e.getValue() instanceof Map<?, ?> m)) {
                    throw new SafetensorsFormatException(file, 8, METADATA + " must be an object of strings");
                }
                for (Map.Entry<?, ?> kv : m.entrySet()) {
                    if (!(kv.getValue() instanceof String v)) {
                        throw new SafetensorsFormatException(
                                file, 8, METADATA + " value of \"" + kv.getKey() + "\" is not a string");
                    }
                    metadata.put((String) kv.getKey(), v);
                }
                continue;
            }
            if (name.isEmpty()) {
                throw new SafetensorsFormatException(file, 8, "a tensor with an empty name");
            }
            if (!(e.getValue() instanceof Map<?, ?> info)) {
                throw new SafetensorsFormatException(
                        file, 8, "tensor \"" + name + "\": expected an object with dtype, shape and data_offsets");
            }
            for (Object key : info.keySet()) {
                if (!List.of("dtype", "shape", "data_offsets").contains(key)) {
                    throw new SafetensorsFormatException(
                            file, 8, "tensor \"" + name + "\": unknown field \"" + key + "\"");
                }
            }
            Object dt = info.get("dtype");
            DType dtype = null;
            if (dt instanceof String d) {
                for (DType t : DType.values()) {
                    if (t.name().equals(d)) {
                        dtype = t;
                    }
                }
            }
            if (dtype == null) {
                throw new SafetensorsFormatException(
                        file,
                        8,
                        "tensor \"" + name + "\": dtype "
                                + (dt == null
                                        ? "missing"
                                        : "\"" + dt + "\" is not one of " + Arrays.toString(DType.values())));
            }
            long[] shape = integers(file, name, "shape", info.get("shape"), -1);
            if (shape.length > MAX_RANK) {
                throw new SafetensorsFormatException(
                        file, 8, "tensor \"" + name + "\": rank " + shape.length + " exceeds " + MAX_RANK);
            }
            long[] offsets = integers(file, name, "data_offsets", info.get("data_offsets"), 2);
            if (offsets[0] > offsets[1]) {
                throw new SafetensorsFormatException(
                        file,
                        8,
                        "tensor \"" + name + "\": data_offsets " + Arrays.toString(offsets) + " end before they begin");
            }
            long bytes = dtype.size();
            try {
                for (long d : shape) {
                    bytes = Math.multiplyExact(bytes, d);
                }
            } catch (ArithmeticException overflow) {
                throw new SafetensorsFormatException(
                        file,
                        8,
                        "tensor \"" + name + "\": shape " + Arrays.toString(shape) + " of " + dtype
                                + " overflows a 64-bit byte count");
            }
            if (bytes != offsets[1] - offsets[0]) {
                throw new SafetensorsFormatException(
                        file,
                        8,
                        "tensor \"" + name + "\": shape " + Arrays.toString(shape) + " of " + dtype + " needs " + bytes
                                + " bytes but data_offsets span " + (offsets[1] - offsets[0]));
            }
            if (offsets[1] > bufferLength) {
                throw new SafetensorsFormatException(
                        file,
                        bufferStart + offsets[0],
                        "tensor \"" + name + "\": data_offsets " + Arrays.toString(offsets) + " run past the "
                                + bufferLength + "-byte data buffer (truncated?)");
            }
            entries.add(new Entry(name, dtype, shape, offsets[0], offsets[1]));
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : entries) {
            if (e.begin() != expected) {
                throw new SafetensorsFormatException(
                        file,
                        bufferStart + Math.min(e.begin(), expected),
                        "tensor \"" + e.name()
                                + "\" starts at data offset " + e.begin() + " but the previous tensor ends at "
                                + expected + " ("
                                + (e.begin() < expected ? "overlapping tensors" : "a hole in the data buffer") + ")");
            }
            expected = e.end();
        }
        if (expected != bufferLength) {
            throw new SafetensorsFormatException(
                    file,
                    bufferStart + expected,
                    "the tensors cover " + expected + " of the data buffer's " + bufferLength
                            + " bytes; the rest is not indexed");
        }
        List<Tensor> tensors = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            int from = Math.toIntExact(bufferStart + e.begin());
            tensors.add(new Tensor(
                    e.name(),
                    e.dtype(),
                    e.shape(),
                    Arrays.copyOfRange(all, from, Math.toIntExact(bufferStart + e.end()))));
        }
        return new Contents(metadata, tensors);
    }

    private static long[] integers(Path file, String tensor, String field, Object value, int length)
            throws SafetensorsFormatException {
        if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw new SafetensorsFormatException(
                    file,
                    8,
                    "tensor \"" + tensor + "\": " + field + " must be "
                            + (length >= 0
                                    ? "an array of " + length + " non-negative integers"
                                    : "an array of non-negative integers")
                            + (value == null ? " (missing)" : ""));
        }
        long[] out = new long[list.size()];
        for (int k = 0; k < out.length; k++) {
            if (!(list.get(k) instanceof Long v) || v < 0) {
                throw new SafetensorsFormatException(
                        file,
                        8,
                        "tensor \"" + tensor + "\": " + field + " holds " + list.get(k)
                                + ", not a non-negative integer");
            }
            out[k] = v;
        }
        return out;
    }

    private static String quote(String s) {
        return Json.write(s);
    }
}
