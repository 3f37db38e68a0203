package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.io.CheckpointException;
import io.netforge.io.CheckpointFile;
import io.netforge.io.Json;
import io.netforge.io.SafetensorsFormatException;
import io.netforge.io.WeightsFile;
import io.netforge.io.WeightsFormatException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafts files of every kind a loader may meet from the good ones — truncations, bit flips, header lengths, offsets,
 * dtypes, shapes, duplicates, metadata, device, sparse, symlinked and FIFO files, and semantic edits with the hash or CRC
 * recomputed — and feeds each to every loader that takes its kind. Each must either load (a file that passes every
 * check) or throw the format's documented exception naming the file, within a time bound, never another exception or
 * an error, and leave the trainer bit-identical after a failure. Cases that hold a value no training writes must be
 * refused. Prints the count of cases per loader.
 */
class LoaderFuzzTest {
    private static final double SECONDS_PER_CASE = 2.0;

    @TempDir
    Path dir;

    /** One crafted file, the loaders to try it with, and whether it must be refused. */
    private record Case(String name, Path file, boolean mustRefuse, List<String> loaders) {}

    private ModelFiles files;
    private final List<Case> cases = new ArrayList<>();
    private final Random random = new Random(20261206);
    private int serial;

    private Path file(String prefix, String extension, byte[] bytes) {
        return files.write(prefix + "-" + serial++ + extension, bytes);
    }

    private void add(String name, Path file, boolean mustRefuse, String... loaders) {
        cases.add(new Case(name, file, mustRefuse, List.of(loaders)));
    }

    @Test
    void everyCraftedFileIsLoadedOrRefusedWithTheDocumentedExceptionAndAFailureChangesNothing() throws Exception {
        files = new ModelFiles(dir);
        checkpointCases();
        weightsCases();
        safetensorsCases();
        specialFiles();

        Trainer t = files.trainer;
        ModelFiles.Fingerprint good = files.fingerprint(t);
        Map<String, int[]> counts = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        for (Case c : cases) {
            for (String loader : c.loaders()) {
                int[] count = counts.computeIfAbsent(loader, k -> new int[2]);
                long began = System.nanoTime();
                String outcome = null;
                try {
                    boolean tookIt = load(t, loader, c.file());
                    count[tookIt ? 1 : 0]++;
                    if (c.mustRefuse() && tookIt) {
                        outcome = "loaded, but it holds what no training writes";
                    }
                    t.loadCheckpoint(files.checkpoint); // back to the good state for the next case
                    if (!files.fingerprint(t).equals(good)) {
                        outcome = "the good checkpoint did not restore the state after it";
                    }
                } catch (CheckpointException | WeightsFormatException | SafetensorsFormatException e) {
                    count[0]++;
                    if (!e.getMessage().contains(c.file().toString())) {
                        outcome = "the message does not name the file: " + e.getMessage();
                    } else if (!files.fingerprint(t).equals(good)) {
                        outcome = "refused (" + e.getMessage() + ") but the trainer changed";
                    }
                } catch (Throwable e) {
                    count[0]++;
                    outcome = "threw " + e;
                }
                double seconds = (System.nanoTime() - began) / 1e9;
                if (outcome == null && seconds > SECONDS_PER_CASE) {
                    outcome = "took " + seconds + " s";
                }
                if (outcome != null) {
                    failures.add(loader + " " + c.name() + " (" + c.file().getFileName() + "): " + outcome);
                    files.trainer.loadCheckpoint(files.checkpoint);
                }
            }
        }
        StringBuilder summary = new StringBuilder("LoaderFuzzTest: " + cases.size() + " files in "
                + String.format("%.1f", (System.nanoTime() - start) / 1e9) + " s;");
        counts.forEach((loader, n) -> summary.append(' ')
                .append(loader)
                .append(' ')
                .append(n[0] + n[1])
                .append(" (")
                .append(n[0])
                .append(" refused)"));
        System.out.println(summary);
        assertThat(failures).as(summary.toString()).isEmpty();
        assertThat(counts.values().stream().mapToInt(n -> n[0] + n[1]).sum()).isGreaterThan(2000);
    }

    /** Loads {@code file} with {@code loader}; whether the crafted file was taken (resume may skip it). */
    private boolean load(Trainer t, String loader, Path file) throws IOException {
        switch (loader) {
            case "loadCheckpoint" -> t.loadCheckpoint(file);
            case "loadWeights" -> t.loadWeights(file);
            case "importSafetensors" -> t.importSafetensors(file);
            case "load" -> t.load(file);
            case "resume" -> {
                // the crafted file as the newest of a run whose older file is good: resume takes one of the two
                Path run = Files.createTempDirectory(dir, "run");
                Files.copy(files.checkpoint, run.resolve("epoch-0001.nfc"));
                Files.copy(file, run.resolve("epoch-0002.nfc"), java.nio.file.LinkOption.NOFOLLOW_LINKS);
                java.util.Optional<Path> from;
                try {
                    from = t.resume(run);
                } catch (CheckpointException e) {
                    throw new CheckpointException(file, e.problem(), "resume refused the whole run: " + e.getMessage());
                }
                assertThat(from).isPresent();
                return from.get().getFileName().toString().equals("epoch-0002.nfc");
            }
            default -> throw new IllegalArgumentException(loader);
        }
        return true;
    }

    // ---- checkpoints ----

    private static byte[] rehash(byte[] bytes) {
        try {
            byte[] out = bytes.clone();
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(out, 0, out.length - 32);
            System.arraycopy(md.digest(), 0, out, out.length - 32, 32);
            return out;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void checkpointCases() {
        byte[] g = ModelFiles.read(files.checkpoint);
        String[] loaders = {"loadCheckpoint", "load"};
        for (int k = 0; k < 40; k++) {
            int length = k < 20 ? k : random.nextInt(g.length);
            add("nfc truncated to " + length, file("trunc", ".nfc", Arrays.copyOf(g, length)), true, loaders);
        }
        for (int k = 0; k < 150; k++) {
            byte[] b = g.clone();
            int at = random.nextInt(b.length);
            b[at] ^= (byte) (1 << random.nextInt(8));
            add(
                    "nfc bit flip at " + at,
                    file("flip", ".nfc", b),
                    true,
                    k % 10 == 0 ? new String[] {"loadCheckpoint", "resume"} : loaders);
        }
        for (long length : new long[] {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, g.length - 1, g.length + 1, 44}) {
            byte[] b = g.clone();
            ByteBuffer.wrap(b, 8, 8).putLong(length);
            add("nfc declared length " + length, file("length", ".nfc", rehash(b)), true, loaders);
        }
        for (int version : new int[] {0, 1, 3, -1, Integer.MAX_VALUE}) {
            byte[] b = g.clone();
            ByteBuffer.wrap(b, 4, 4).putInt(version);
            add("nfc version " + version, file("version", ".nfc", rehash(b)), true, loaders);
        }
        // Structure edits behind a valid hash: random bytes of the body, and each count and length field at extremes.
        for (int k = 0; k < 150; k++) {
            byte[] b = g.clone();
            int at = 16 + random.nextInt(b.length - 48);
            b[at] = (byte) random.nextInt(256);
            if (Arrays.equals(b, g)) {
                continue;
            }
            add("nfc re-hashed byte at " + at, file("body", ".nfc", rehash(b)), false, loaders);
        }
        for (int value : new int[] {-1, 0, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 20}) {
            byte[] b = g.clone();
            ByteBuffer.wrap(b, 16, 4).putInt(value);
            add("nfc metadata count " + value, file("count", ".nfc", rehash(b)), true, loaders);
        }
        semanticCheckpointEdits();
    }

    private static final List<Object> SCALARS = List.of(
            0L,
            -1L,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            (long) Integer.MAX_VALUE + 1,
            Map.of("double", "NaN"),
            Map.of("double", "Infinity"),
            Map.of("double", "-Infinity"),
            Map.of("double", "1.0E300"),
            Map.of("double", "-1.0"),
            Map.of("double", "0x1p3"),
            Map.of("double", " 1"),
            Map.of("double", "1e"),
            Map.of("float", "1.0"),
            "text",
            "",
            true,
            List.of());

    private void semanticCheckpointEdits() {
        ModelFiles.CheckpointEdit base = new ModelFiles.CheckpointEdit(files.checkpoint);
        String[] loaders = {"loadCheckpoint"};
        for (String part : base.state.keySet()) {
            for (String key :
                    new ModelFiles.CheckpointEdit(files.checkpoint).part(part).keySet()) {
                for (Object value : SCALARS) {
                    ModelFiles.CheckpointEdit e = new ModelFiles.CheckpointEdit(files.checkpoint);
                    e.part(part).put(key, value);
                    add(
                            "state " + part + "." + key + " = " + value,
                            file("scalar", ".nfc", e.encode()),
                            false,
                            loaders);
                }
                ModelFiles.CheckpointEdit removed = new ModelFiles.CheckpointEdit(files.checkpoint);
                removed.part(part).remove(key);
                add(
                        "state " + part + "." + key + " removed",
                        file("noscalar", ".nfc", removed.encode()),
                        false,
                        loaders);
            }
            ModelFiles.CheckpointEdit extra = new ModelFiles.CheckpointEdit(files.checkpoint);
            extra.part(part).put("surprise", 1L);
            add("state " + part + " with an extra entry", file("extra", ".nfc", extra.encode()), false, loaders);
        }
        for (String meta : List.of("model", "architecture")) {
            ModelFiles.CheckpointEdit e = new ModelFiles.CheckpointEdit(files.checkpoint);
            e.metadata.put(meta, "TinyMlp");
            add("metadata " + meta + " replaced", file("meta", ".nfc", e.encode()), true, loaders);
            ModelFiles.CheckpointEdit r = new ModelFiles.CheckpointEdit(files.checkpoint);
            r.metadata.remove(meta);
            add("metadata " + meta + " removed", file("nometa", ".nfc", r.encode()), true, loaders);
        }
        for (String name : base.arrays.keySet()) {
            CheckpointFile.Array a = base.arrays.get(name);
            boolean trained =
                    name.startsWith("model/") || name.startsWith("optimizer/") || name.startsWith("early_stopping/");
            boolean secondMoment = name.endsWith("/exp_avg_sq");
            if (a.dtype() == io.netforge.io.DType.F32) {
                for (float bad :
                        new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -1f, 3.4e38f}) {
                    int at = random.nextInt(a.floats().length);
                    ModelFiles.CheckpointEdit e =
                            new ModelFiles.CheckpointEdit(files.checkpoint).floats(name, v -> v[at] = bad);
                    boolean nonFinite = !Float.isFinite(bad);
                    boolean mustRefuse = trained && nonFinite
                            || (secondMoment || name.endsWith("/running_var")) && bad < 0
                            || name.startsWith("model/input/std") && !(bad > 0)
                            || name.startsWith("model/input/") && nonFinite;
                    add(
                            "array " + name + "[" + at + "] = " + bad,
                            file("value", ".nfc", e.encode()),
                            mustRefuse,
                            loaders);
                }
                ModelFiles.CheckpointEdit f64 = new ModelFiles.CheckpointEdit(files.checkpoint);
                float[] v = a.floats();
                double[] d = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    d[i] = v[i];
                }
                f64.arrays.put(name, CheckpointFile.Array.f64(name, a.shape(), d));
                add("array " + name + " as float64", file("f64", ".nfc", f64.encode()), false, loaders);
            }
            if (a.dtype() == io.netforge.io.DType.F64) {
                ModelFiles.CheckpointEdit e = new ModelFiles.CheckpointEdit(files.checkpoint);
                double[] d = a.doubles();
                d[random.nextInt(d.length)] = Double.NaN;
                e.arrays.put(name, CheckpointFile.Array.f64(name, a.shape(), d));
                add("array " + name + " with a NaN", file("nan64", ".nfc", e.encode()), false, loaders);
            }
            if (a.dtype() == io.netforge.io.DType.I64) {
                for (long bad : new long[] {-1, Long.MAX_VALUE, Long.MIN_VALUE}) {
                    ModelFiles.CheckpointEdit e = new ModelFiles.CheckpointEdit(files.checkpoint);
                    long[] l = a.longs();
                    l[0] = bad;
                    e.arrays.put(name, CheckpointFile.Array.i64(name, a.shape(), l));
                    add("array " + name + "[0] = " + bad, file("long", ".nfc", e.encode()), true, loaders);
                }
            }
            ModelFiles.CheckpointEdit removed = new ModelFiles.CheckpointEdit(files.checkpoint);
            removed.arrays.remove(name);
            add("array " + name + " removed", file("noarray", ".nfc", removed.encode()), trained, loaders);
            long[] shape = a.shape();
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            ModelFiles.CheckpointEdit reshaped = new ModelFiles.CheckpointEdit(files.checkpoint);
            long[] other = shape.length == 1 ? new long[] {1, n} : new long[] {n};
            reshaped.arrays.put(name, new CheckpointFile.Array(name, a.dtype(), other, a.data()));
            add(
                    "array " + name + " reshaped to " + Arrays.toString(other),
                    file("reshape", ".nfc", reshaped.encode()),
                    trained,
                    loaders);
        }
        for (String state : List.of("TinyMlp", "", "[]", "{\"model\": 1}", "{\"model\": {}}", "{".repeat(100))) {
            Map<String, String> meta = new LinkedHashMap<>(base.metadata);
            meta.put("state", state);
            add(
                    "metadata state " + state,
                    file("state", ".nfc", CheckpointFile.encode(meta, new ArrayList<>(base.arrays.values()))),
                    true,
                    loaders);
        }
        Map<String, String> noState = new LinkedHashMap<>(base.metadata);
        noState.remove("state");
        add(
                "metadata state removed",
                file("nostate", ".nfc", CheckpointFile.encode(noState, new ArrayList<>(base.arrays.values()))),
                true,
                loaders);
        ModelFiles.CheckpointEdit stray = new ModelFiles.CheckpointEdit(files.checkpoint);
        stray.arrays.put("model/ghost/W", CheckpointFile.Array.f32("model/ghost/W", new long[] {2}, new float[2]));
        add("an array the model lacks", file("ghost", ".nfc", stray.encode()), true, loaders);
        ModelFiles.CheckpointEdit orphan = new ModelFiles.CheckpointEdit(files.checkpoint);
        orphan.arrays.put("nobody/x", CheckpointFile.Array.f32("nobody/x", new long[] {1}, new float[1]));
        add("an array of no part", file("orphan", ".nfc", orphan.encode()), true, loaders);
    }

    // ---- weights files ----

    private static byte[] recrc(byte[] bytes) {
        byte[] out = bytes.clone();
        CRC32 crc = new CRC32();
        crc.update(out, 0, out.length - 8);
        ByteBuffer.wrap(out, out.length - 8, 8).putLong(crc.getValue());
        return out;
    }

    private void weightsCases() {
        byte[] g = ModelFiles.read(files.weights);
        String[] loaders = {"loadWeights", "load"};
        for (int k = 0; k < 40; k++) {
            int length = k < 20 ? k : random.nextInt(g.length);
            add("nfw truncated to " + length, file("trunc", ".nfw", Arrays.copyOf(g, length)), true, loaders);
        }
        for (int k = 0; k < 120; k++) {
            byte[] b = g.clone();
            int at = random.nextInt(b.length);
            b[at] ^= (byte) (1 << random.nextInt(8));
            add("nfw bit flip at " + at, file("flip", ".nfw", b), true, loaders);
        }
        for (int k = 0; k < 150; k++) {
            byte[] b = g.clone();
            int at = 4 + random.nextInt(b.length - 12);
            b[at] = (byte) random.nextInt(256);
            if (!Arrays.equals(b, g)) {
                add("nfw re-CRC'd byte at " + at, file("body", ".nfw", recrc(b)), false, loaders);
            }
        }
        WeightsFile.Contents c;
        try {
            c = WeightsFile.read(files.weights);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (WeightsFile.Entry entry : c.entries()) {
            String name = entry.name();
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, 0f, -5f}) {
                int at = random.nextInt(entry.values().length);
                Path p = new ModelFiles.WeightsEdit(files.weights)
                        .floats(name, v -> v[at] = bad)
                        .write(dir.resolve("w" + serial++ + ".nfw"));
                boolean mustRefuse = !Float.isFinite(bad)
                        || (name.equals("input/std") || name.endsWith("/running_var")) && bad < 0
                        || name.equals("input/std") && bad == 0;
                add("nfw " + name + "[" + at + "] = " + bad, p, mustRefuse, loaders);
            }
            ModelFiles.WeightsEdit removed = new ModelFiles.WeightsEdit(files.weights);
            removed.entries.removeIf(e -> e.name().equals(name));
            add("nfw " + name + " removed", removed.write(dir.resolve("w" + serial++ + ".nfw")), true, loaders);
            ModelFiles.WeightsEdit twice = new ModelFiles.WeightsEdit(files.weights);
            twice.entries.add(entry);
            add("nfw " + name + " twice", twice.write(dir.resolve("w" + serial++ + ".nfw")), true, loaders);
            ModelFiles.WeightsEdit reshaped = new ModelFiles.WeightsEdit(files.weights);
            reshaped.entries.replaceAll(e -> e.name().equals(name)
                    ? new WeightsFile.Entry(name, new long[] {1, e.values().length}, e.values())
                    : e);
            add("nfw " + name + " reshaped", reshaped.write(dir.resolve("w" + serial++ + ".nfw")), true, loaders);
        }
        ModelFiles.WeightsEdit model = new ModelFiles.WeightsEdit(files.weights);
        model.model = "TinyMlp";
        add("nfw of another model", model.write(dir.resolve("w" + serial++ + ".nfw")), true, loaders);
        ModelFiles.WeightsEdit extra = new ModelFiles.WeightsEdit(files.weights);
        extra.entries.add(new WeightsFile.Entry("ghost/W", new long[] {1}, new float[1]));
        add("nfw with an entry the model lacks", extra.write(dir.resolve("w" + serial++ + ".nfw")), true, loaders);
        ModelFiles.WeightsEdit channels = new ModelFiles.WeightsEdit(files.weights);
        channels.entries.replaceAll(e -> e.name().startsWith("input/")
                ? new WeightsFile.Entry(e.name(), new long[] {3}, new float[] {1, 1, 1})
                : e);
        add("nfw normalization of 3 channels", channels.write(dir.resolve("w" + serial++ + ".nfw")), true, loaders);
        for (int count : new int[] {-1, Integer.MAX_VALUE, 1 << 20, 0}) {
            byte[] b = g.clone();
            int nameLength = ((b[4] & 0xff) << 8) | (b[5] & 0xff);
            ByteBuffer.wrap(b, 6 + nameLength, 4).putInt(count);
            add("nfw entry count " + count, file("count", ".nfw", recrc(b)), true, loaders);
        }
    }

    // ---- safetensors ----

    /** The good file's header as JSON objects and its data buffer. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> header(byte[] g) {
        long n = ByteBuffer.wrap(g, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        try {
            return (Map<String, Object>) Json.parse(new String(g, 8, (int) n, StandardCharsets.UTF_8));
        } catch (Json.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] assemble(String header, byte[] g) {
        long n = ByteBuffer.wrap(g, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int data = g.length - 8 - (int) n;
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + data).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(g, 8 + (int) n, data);
        return out.array();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(
                k,
                v instanceof Map<?, ?> inner
                        ? copy((Map<String, Object>) inner)
                        : v instanceof List<?> l ? new ArrayList<>(l) : v));
        return out;
    }

    @SuppressWarnings("unchecked")
    private void safetensorsCases() {
        byte[] g = ModelFiles.read(files.safetensors);
        String[] loaders = {"importSafetensors", "load"};
        for (int k = 0; k < 40; k++) {
            int length = k < 20 ? k : random.nextInt(g.length);
            add(
                    "safetensors truncated to " + length,
                    file("trunc", ".safetensors", Arrays.copyOf(g, length)),
                    true,
                    loaders);
        }
        long n = ByteBuffer.wrap(g, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        for (int k = 0; k < 150; k++) {
            byte[] b = g.clone();
            int at = random.nextInt(b.length);
            b[at] ^= (byte) (1 << random.nextInt(8));
            add("safetensors bit flip at " + at, file("flip", ".safetensors", b), at < 8 + n && at < 8, loaders);
        }
        for (long length : new long[] {0, 1, 7, n - 1, n + 1, -1, Long.MAX_VALUE, 100_000_001, g.length}) {
            byte[] b = g.clone();
            ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(length);
            add("safetensors header length " + length, file("hlen", ".safetensors", b), true, loaders);
        }
        Map<String, Object> base = header(g);
        for (String tensor : base.keySet()) {
            if (tensor.equals("__metadata__")) {
                continue;
            }
            Object original = ((Map<String, Object>) base.get(tensor)).get("dtype");
            for (Object dtype : List.of("F16", "BF16", "F64", "I64", "I32", "U8", "BOOL", "F8", 4L)) {
                if (dtype.equals(original)) {
                    continue;
                }
                Map<String, Object> h = copy(base);
                ((Map<String, Object>) h.get(tensor)).put("dtype", dtype);
                add(
                        "safetensors " + tensor + " dtype " + dtype,
                        file("dtype", ".safetensors", assemble(Json.write(h), g)),
                        true,
                        loaders);
            }
            for (Object shape : List.of(
                    List.of(),
                    List.of(-1L),
                    List.of(1L << 62, 4L),
                    List.of(0L),
                    List.of(1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L),
                    "3")) {
                if (shape.equals(((Map<String, Object>) base.get(tensor)).get("shape"))) {
                    continue;
                }
                Map<String, Object> h = copy(base);
                ((Map<String, Object>) h.get(tensor)).put("shape", shape);
                add(
                        "safetensors " + tensor + " shape " + shape,
                        file("shape", ".safetensors", assemble(Json.write(h), g)),
                        true,
                        loaders);
            }
            List<Long> offsets = (List<Long>) ((Map<String, Object>) base.get(tensor)).get("data_offsets");
            for (List<Long> bad : List.of(
                    List.of(offsets.get(0) + 4, offsets.get(1) + 4),
                    List.of(offsets.get(1), offsets.get(0)),
                    List.of(0L, offsets.get(1) - offsets.get(0)),
                    List.of(offsets.get(0), Long.MAX_VALUE),
                    List.of(-4L, offsets.get(1)))) {
                Map<String, Object> h = copy(base);
                ((Map<String, Object>) h.get(tensor)).put("data_offsets", bad);
                boolean same = bad.equals(offsets);
                add(
                        "safetensors " + tensor + " offsets " + bad,
                        file("offsets", ".safetensors", assemble(Json.write(h), g)),
                        !same,
                        loaders);
            }
            Map<String, Object> removed = copy(base);
            removed.remove(tensor);
            add(
                    "safetensors " + tensor + " removed",
                    file("removed", ".safetensors", assemble(Json.write(removed), g)),
                    true,
                    loaders);
            Map<String, Object> unknown = copy(base);
            ((Map<String, Object>) unknown.get(tensor)).put("scale", 1L);
            add(
                    "safetensors " + tensor + " unknown field",
                    file("field", ".safetensors", assemble(Json.write(unknown), g)),
                    true,
                    loaders);
            String text = Json.write(base);
            int at = text.indexOf(Json.write(tensor) + ":");
            int end = text.indexOf('}', at) + 1;
            add(
                    "safetensors " + tensor + " twice",
                    file(
                            "twice",
                            ".safetensors",
                            assemble(text.substring(0, end) + "," + text.substring(at, end) + text.substring(end), g)),
                    true,
                    loaders);
            for (float bad : new float[] {Float.NaN, Float.NEGATIVE_INFINITY}) {
                ModelFiles.SafetensorsEdit e = new ModelFiles.SafetensorsEdit(files.safetensors);
                if (e.tensors.stream()
                        .anyMatch(x -> x.name().equals(tensor) && x.dtype() == io.netforge.io.DType.F32)) {
                    e.floats(tensor, v -> v[0] = bad);
                    add(
                            "safetensors " + tensor + "[0] = " + bad,
                            file("value", ".safetensors", e.encode()),
                            true,
                            loaders);
                }
            }
        }
        for (Map.Entry<String, String> meta : Map.of(
                        "netforge.model",
                        "TinyMlp",
                        "netforge.architecture",
                        "00",
                        "netforge.normalization",
                        "STANDARDIZE|0x1p1|1.0",
                        "netforge.normalization ",
                        "x")
                .entrySet()) {
            ModelFiles.SafetensorsEdit e = new ModelFiles.SafetensorsEdit(files.safetensors);
            e.metadata.put(meta.getKey(), meta.getValue());
            add(
                    "safetensors metadata " + meta,
                    file("meta", ".safetensors", e.encode()),
                    !meta.getKey().endsWith(" "),
                    loaders);
        }
        for (String normalization : List.of(
                "STANDARDIZE|0.5|0.0",
                "STANDARDIZE|NaN|1.0",
                "MIN_MAX|1.0|1.0",
                "STANDARDIZE|0.5",
                "STANDARDIZE|0.5|1.0|",
                "STANDARDIZE||",
                "WHITEN|0.5|1.0",
                "STANDARDIZE|0.5,0.5|1.0,1.0",
                "STANDARDIZE|0.5f|1.0")) {
            ModelFiles.SafetensorsEdit e = new ModelFiles.SafetensorsEdit(files.safetensors);
            e.metadata.put("netforge.normalization", normalization);
            add("safetensors normalization " + normalization, file("norm", ".safetensors", e.encode()), true, loaders);
        }
        Map<String, Object> extra = copy(base);
        extra.put("ghost.weight", Map.of("dtype", "F32", "shape", List.of(0L), "data_offsets", List.of(0L, 0L)));
        add(
                "safetensors with a tensor the model lacks",
                file("ghost", ".safetensors", assemble(Json.write(extra), g)),
                true,
                loaders);
        add("safetensors header not an object", file("array", ".safetensors", assemble("[1, 2]", g)), true, loaders);
        add(
                "safetensors header deep",
                file("deep", ".safetensors", assemble("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}", g)),
                true,
                loaders);
    }

    // ---- files that are not files ----

    private void specialFiles() throws Exception {
        String[] all = {"loadCheckpoint", "loadWeights", "importSafetensors", "load"};
        add("/dev/zero", Path.of("/dev/zero"), true, all);
        add("/dev/null", Path.of("/dev/null"), true, all);
        add("a directory", Files.createDirectory(dir.resolve("a-directory")), true, all);
        add("an empty file", file("empty", ".bin", new byte[0]), true, all);
        add("no such file", dir.resolve("nothing-here.nfc"), true, "loadCheckpoint", "load");
        Path fifo = dir.resolve("fifo.nfc");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        add("a FIFO", fifo, true, all);
        Path sparse = dir.resolve("sparse.bin");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        add("a sparse 3 GiB file", sparse, true, all);
        Path link = dir.resolve("link.nfc");
        Files.createSymbolicLink(link, sparse);
        add("a symlink to a sparse 3 GiB file", link, true, "loadCheckpoint", "load", "resume");
        Path goodLink = dir.resolve("good-link.nfc");
        Files.createSymbolicLink(goodLink, files.checkpoint);
        add("a symlink to a good checkpoint", goodLink, false, "loadCheckpoint", "load", "resume");
        Path dangling = dir.resolve("dangling.nfc");
        Files.createSymbolicLink(dangling, dir.resolve("gone"));
        add("a dangling symlink", dangling, true, "loadCheckpoint", "load");
    }
}
