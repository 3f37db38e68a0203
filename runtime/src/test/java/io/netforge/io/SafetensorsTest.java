package io.netforge.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The safetensors codec: the exact bytes of the format, files from another writer, and a reader that trusts nothing. */
class SafetensorsTest {
    private static final Path FILE = Path.of("model.safetensors");

    @Test
    void writesTheFormatByteForByte() {
        byte[] b = Safetensors.encode(
                Map.of(), List.of(Safetensors.Tensor.f32("a", new long[] {2}, new float[] {1f, -2f})));
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        int padded = (header.length() + 8 + 7) / 8 * 8 - 8;
        ByteBuffer expected = ByteBuffer.allocate(8 + padded + 8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(padded);
        expected.put(header.getBytes(StandardCharsets.US_ASCII));
        while (expected.position() < 8 + padded) {
            expected.put((byte) ' ');
        }
        expected.put(HexFormat.of().parseHex("0000803f000000c0")); // 1.0f, -2.0f little-endian
        assertThat(b).isEqualTo(expected.array());
    }

    /** A file as another writer may lay it out: metadata last, keys in another order than the data, white space. */
    private static byte[] reference() {
        String header = "{ \"b\" : {\"shape\":[2,2],\"dtype\":\"F16\",\"data_offsets\":[4,12]},\n"
                + "  \"a\":{\"data_offsets\":[0,4],\"dtype\":\"BF16\",\"shape\":[2]},"
                + "\"c\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[12,20]}, \"__metadata__\":{\"format\":\"pt\",\"k\":\"v\\u00e9\"}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 20).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        b.putShort((short) 0x3f80).putShort((short) 0xc040); // bf16 1.0, -3.0
        b.putShort((short) 0x3c00)
                .putShort((short) 0xc000)
                .putShort((short) 0x0001)
                .putShort((short) 0x7c00); // f16 1, -2, 2^-24, inf
        b.putLong(-5);
        return b.array();
    }

    @Test
    void readsFilesOfAnotherWriter() throws Exception {
        Safetensors.Contents c = Safetensors.decode(FILE, reference());
        assertThat(c.metadata()).isEqualTo(Map.of("format", "pt", "k", "vé"));
        assertThat(c.tensors()).extracting(Safetensors.Tensor::name).containsExactly("a", "b", "c");
        assertThat(c.get("a").floats()).containsExactly(1f, -3f);
        assertThat(c.get("b").floats()).containsExactly(1f, -2f, 0x1p-24f, Float.POSITIVE_INFINITY);
        assertThat(c.get("b").shape()).containsExactly(2, 2);
        assertThat(c.get("c").longs()).containsExactly(-5);
        assertThat(c.get("c").shape()).isEmpty();
    }

    @Test
    void roundTripsEveryKindOfTensor() throws Exception {
        List<Safetensors.Tensor> tensors = List.of(
                Safetensors.Tensor.f32("conv1.weight", new long[] {2, 1, 1, 2}, new float[] {1, 2, Float.NaN, -0f}),
                Safetensors.Tensor.i64("bn1.num_batches_tracked", new long[] {}, new long[] {12}),
                Safetensors.Tensor.f32("empty", new long[] {0}, new float[0]),
                new Safetensors.Tensor("h", io.netforge.io.DType.F64, new long[] {1}, new byte[8]));
        Map<String, String> meta = Map.of("format", "pt", "quote\"and\\", "line\nbreak");
        Safetensors.Contents c = Safetensors.decode(FILE, Safetensors.encode(meta, tensors));
        assertThat(c.tensors()).containsExactlyElementsOf(tensors);
        assertThat(c.metadata()).isEqualTo(meta);
    }

    private static byte[] withHeader(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + dataBytes)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length)
                .put(h)
                .array();
    }

    private static void refused(byte[] bytes, String phrase) {
        assertThatThrownBy(() -> Safetensors.decode(FILE, bytes))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining("model.safetensors")
                .hasMessageContaining(phrase);
    }

    @Test
    void everyRuleOfTheFormatIsChecked() {
        refused(new byte[5], "the file has 5 bytes");
        refused(
                ByteBuffer.allocate(16)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(200_000_000L)
                        .array(),
                "exceeds the limit of 100000000 bytes");
        refused(
                ByteBuffer.allocate(16)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(-1)
                        .array(),
                "exceeds the limit");
        refused(
                ByteBuffer.allocate(16)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(9)
                        .array(),
                "runs past the end of the 16-byte file");
        refused(withHeader("[1]", 0), "must be a JSON object starting with '{'");
        refused(
                withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}} x", 4),
                "after the JSON value");
        refused(withHeader("{\"a\":1,\"a\":2}", 0), "duplicate key \"a\"");
        refused(
                withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", 4),
                "unknown field \"x\"");
        refused(withHeader("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "dtype missing");
        refused(
                withHeader("{\"a\":{\"dtype\":\"F8\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
                "dtype \"F8\" is not one of");
        refused(
                withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4),
                "not a non-negative integer");
        refused(
                withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4),
                "non-integer number");
        refused(
                withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4),
                "an array of 2 non-negative integers");
        refused(
                withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", 4),
                "end before they begin");
        refused(
                withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 20),
                "shape [2, 3] of F32 needs 24 bytes but data_offsets span 20");
        refused(
                withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,4]}}", 4),
                "overflows");
        refused(
                withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,4]}}", 4),
                "out of range");
        refused(
                withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4),
                "run past the 4-byte data buffer");
        refused(
                withHeader(
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}",
                        8),
                "overlapping tensors");
        refused(
                withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8),
                "a hole in the data buffer");
        refused(
                withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8),
                "the rest is not indexed");
        refused(withHeader("{\"__metadata__\":{\"k\":1}}", 0), "is not a string");
        refused(
                withHeader(
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1],\"data_offsets\":[0,4]}}",
                        4),
                "rank 17 exceeds 16");
        refused(
                withHeader("{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}", 0),
                "nested deeper than 64 levels");
        byte[] badUtf = withHeader("{\"\u00e9\":1}", 0);
        badUtf[10] = (byte) 0xff;
        refused(badUtf, "not valid UTF-8");
    }

    @Test
    void noDamagedFileGetsPastTheReaderAsAnythingButAFormatError() {
        byte[] good = Safetensors.encode(
                Map.of("format", "pt"),
                List.of(
                        Safetensors.Tensor.f32("w", new long[] {2, 2}, new float[] {1, 2, 3, 4}),
                        Safetensors.Tensor.f32("b", new long[] {2}, new float[] {5, 6}),
                        Safetensors.Tensor.i64("n", new long[] {}, new long[] {3})));
        int headerEnd =
                8 + (int) ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int accepted = 0;
        int refused = 0;
        for (int n = 0; n <= good.length; n++) {
            if (check(Arrays.copyOf(good, n))) {
                accepted++;
            } else {
                refused++;
            }
        }
        for (int i = 0; i < headerEnd; i++) {
            for (byte v : new byte[] {0, (byte) 0xff, '"', '{', '9', ',', ']'}) {
                byte[] m = good.clone();
                m[i] = v;
                if (check(m)) {
                    accepted++;
                } else {
                    refused++;
                }
            }
        }
        for (int i = 0; i < 64; i++) {
            byte[] m = good.clone();
            m[i / 8] ^= (byte) (1 << (i % 8));
            if (check(m)) {
                accepted++;
            } else {
                refused++;
            }
        }
        assertThat(refused).isGreaterThan(accepted);
    }

    /** Decodes; any outcome but a consistent result or a format error fails the test. */
    private static boolean check(byte[] bytes) {
        try {
            Safetensors.Contents c = Safetensors.decode(FILE, bytes);
            for (Safetensors.Tensor t : c.tensors()) {
                long n = t.dtype().size();
                for (long d : t.shape()) {
                    n *= d;
                }
                assertThat(t.data().length).isEqualTo(n);
            }
            return true;
        } catch (SafetensorsFormatException e) {
            assertThat(e.getMessage()).contains("model.safetensors");
            return false;
        } catch (RuntimeException | Error e) {
            fail("not a SafetensorsFormatException: " + e, e);
            return false;
        }
    }
}
