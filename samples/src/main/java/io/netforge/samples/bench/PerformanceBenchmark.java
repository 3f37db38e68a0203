package io.netforge.samples.bench;

import io.netforge.data.Splits;
import io.netforge.util.Quiet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NetForge against a hand-written SameDiff baseline and PyTorch (docs/performance.md). For each model (the
 * Keras-tutorial MLP, the tutorial CNN, ResNet-18) it runs, interleaved in one sequence and each in its own
 * process, (a) the generated trainer, (b) the same network written by hand in SameDiff and trained with
 * {@code SameDiff.fit}, (c) PyTorch via {@code scripts/bench_torch.py} when Debian's {@code python3-torch} is
 * installed; then prints training samples/s per batch size, a whole epoch's wall time, inference samples/s,
 * test accuracy and peak RSS, with the ratios generated / hand-written and generated / PyTorch. With
 * {@code --memory N} it then trains the CNN N epochs in one process and prints its resident set after each.
 * Not a test; run with {@code scripts/bench-performance.sh}.
 *
 * <p>Options: {@code --rounds R} (default 1), {@code --models mlp,cnn,resnet18}, {@code --quick} (short runs:
 * fewer steps and 6,000 images per epoch), {@code --memory EPOCHS} (0 = off, the default),
 * {@code --memory-limit N} (training images per memory epoch, default all 60,000).
 */
public final class PerformanceBenchmark {
    /** generated: the generated trainer on its default, planned engine; samediff: the same trainer on the SameDiff engine. */
    private static final List<String> VARIANTS = List.of("generated", "samediff", "handwritten", "pytorch");
    /** Native threads for every variant (0: each its own default, 2 on this machine). */
    private static int threads;

    private static final Pattern NUMBER = Pattern.compile("\"([a-z_0-9]+)\": (-?[0-9.Ee+-]+)");

    private PerformanceBenchmark() {}

    /**
     * What one model's measurement runs: batch sizes, warm-up and timed steps per batch size, epoch, inference, image
     * limit. The warm-up is long enough that the timed steps are past the JIT and oneDNN's first calls: with 5
     * warm-up steps, 30 timed CNN steps at batch 64 ran at 850-960 samples/s, 150 at 980-1,060.
     */
    record Plan(String model, String batches, int warmup, int steps, boolean epoch, int limit) {}

    /**
     * The text samples, measured against PyTorch only: there is no hand-written SameDiff program for them, and the
     * SameDiff engine's embedding is a one-hot product (docs/samediff.md, fact 18), a reference, not a speed path.
     */
    static final List<String> TEXT_MODELS =
            List.of("textcnn", "embedding", "lstm", "transformer", "moby-lstm", "moby-transformer");

    /** The character-level language models: Moby Dick's next-character windows, a target at every step. */
    static final List<String> LANGUAGE_MODELS = List.of("moby-lstm", "moby-transformer");

    /** Where the text models' ids are written for the PyTorch side, once per run and corpus ("spam", "moby"). */
    private static final Map<String, Path> textData = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        PrintStream out = Quiet.install();
        int rounds = 1;
        List<String> models = List.of("mlp", "cnn", "resnet18");
        boolean quick = false;
        int memoryEpochs = 0;
        int memoryLimit = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--models" -> models = List.of(args[++i].split(","));
                case "--quick" -> quick = true;
                case "--memory" -> memoryEpochs = Integer.parseInt(args[++i]);
                case "--memory-limit" -> memoryLimit = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i]
                                    + " (options: --rounds R --models mlp,cnn,resnet18 --quick --threads N --memory EPOCHS --memory-limit N)");
            }
        }
        boolean torch = torchAvailable();
        out.printf(
                Locale.ROOT,
                "NetForge performance benchmark: %d cores, %s, Java %s; %d round(s) of %s%s%n",
                Runtime.getRuntime().availableProcessors(),
                cpu(),
                System.getProperty("java.version"),
                rounds,
                models,
                threads > 0 ? "; " + threads + " thread(s) for every variant" : "");
        out.println(
                torch
                        ? "PyTorch: " + torchDescription()
                        : "PyTorch: not installed (apt-get install python3-torch), column left out");
        out.println();

        Map<String, Plan> plans = new LinkedHashMap<>();
        plans.put("mlp", new Plan("mlp", "64,256", quick ? 20 : 100, quick ? 100 : 400, true, quick ? 6000 : 0));
        plans.put("cnn", new Plan("cnn", "64,256", quick ? 5 : 20, quick ? 8 : 60, true, quick ? 6000 : 0));
        plans.put("resnet18", new Plan("resnet18", "64", quick ? 1 : 3, quick ? 1 : 6, false, 512));
        plans.put("textcnn", new Plan("textcnn", "32,128", quick ? 5 : 20, quick ? 20 : 150, false, 0));
        plans.put("embedding", new Plan("embedding", "32,128", quick ? 5 : 20, quick ? 40 : 400, false, 0));
        plans.put("lstm", new Plan("lstm", "32,128", quick ? 3 : 10, quick ? 10 : 60, false, 0));
        plans.put("transformer", new Plan("transformer", "32,128", quick ? 3 : 10, quick ? 10 : 60, false, 0));
        plans.put("moby-lstm", new Plan("moby-lstm", "64", quick ? 3 : 10, quick ? 10 : 40, false, 0));
        plans.put("moby-transformer", new Plan("moby-transformer", "64", quick ? 3 : 10, quick ? 10 : 40, false, 0));

        Map<String, List<Map<String, Double>>> results = new LinkedHashMap<>();
        int total = rounds * models.size() * (torch ? 4 : 3);
        int done = 0;
        for (int round = 0; round < rounds; round++) {
            for (String model : models) {
                Plan plan = plans.get(model);
                for (int k = 0; k < VARIANTS.size(); k++) {
                    String variant = VARIANTS.get((k + round) % VARIANTS.size()); // rotate the order each round
                    if ((variant.equals("pytorch") && !torch)
                            || (TEXT_MODELS.contains(model)
                                    && !List.of("generated", "pytorch").contains(variant))) {
                        continue;
                    }
                    done++;
                    out.printf(Locale.ROOT, "[%d/%d] round %d  %-11s %-8s ", done, total, round + 1, variant, model);
                    out.flush();
                    long t0 = System.nanoTime();
                    Map<String, Double> r = run(variant, plan);
                    out.printf(Locale.ROOT, "%5.0f s%n", (System.nanoTime() - t0) / 1e9);
                    results.computeIfAbsent(model + "/" + variant, x -> new ArrayList<>())
                            .add(r);
                }
            }
        }
        out.println();
        for (String model : models) {
            table(out, plans.get(model), results, torch);
        }
        if (memoryEpochs > 0) {
            memory(out, memoryEpochs, memoryLimit);
        }
    }

    private static void table(
            PrintStream out, Plan plan, Map<String, List<Map<String, Double>>> results, boolean torch) {
        String title = switch (plan.model()) {
            case "mlp" -> "Keras-tutorial MLP (784-128-10, dropout 0.2)";
            case "cnn" -> "tutorial CNN (conv 16/32/64, Dense 100)";
            case "textcnn" -> "spam text CNN (256 word ids, embedding 32, conv1d 64x5, masked max, 4,837 mails)";
            case "embedding" -> "spam embedding (256 word ids, embedding 32, masked mean, Dense 32, 4,837 mails)";
            case "lstm" -> "spam LSTM (256 word ids, embedding 32, bidirectional LSTM 32, packed, 4,837 mails)";
            case "transformer" ->
                "spam Transformer (256 word ids, embedding 32, sinusoids, encoder layer 2 heads ff 32, 4,837 mails)";
            case "moby-lstm" ->
                "Moby Dick LSTM LM (100 characters, embedding 32, LSTM 256, dense 82 on each step; samples = windows)";
            case "moby-transformer" ->
                "Moby Dick Transformer LM (100 characters, embedding 64, learned positions, 2 causal pre-norm layers"
                        + " 4 heads ff 256, dense 82 on each step; samples = windows)";
            default -> "ResNet-18 (3x32x32, " + plan.limit() + " images, a few steps)";
        };
        Map<String, Double> g = median(results.get(plan.model() + "/generated"));
        Map<String, Double> h = median(results.get(plan.model() + "/handwritten"));
        Map<String, Double> sd = median(results.get(plan.model() + "/samediff"));
        Map<String, Double> p = torch ? median(results.get(plan.model() + "/pytorch")) : Map.of();
        out.printf(Locale.ROOT, "%s, %,.0f parameters%n", title, g.getOrDefault("parameters", 0.0));
        out.printf(
                Locale.ROOT,
                "  %-30s %12s %12s %12s %12s %9s %9s %9s%n",
                "",
                "generated",
                "SameDiff eng",
                "hand-written",
                "PyTorch",
                "gen/sd",
                "gen/hand",
                "gen/torch");
        List<String[]> rows = new ArrayList<>();
        for (String b : plan.batches().split(",", -1)) {
            rows.add(new String[] {"train_samples_per_s_" + b, "train samples/s, batch " + b, "%,.0f", "up"});
        }
        if (plan.epoch()) {
            rows.add(new String[] {
                "epoch_s",
                "one epoch (" + (plan.limit() > 0 ? String.format(Locale.ROOT, "%,d", plan.limit()) : "60,000")
                        + " images), s",
                "%.1f",
                "down"
            });
        }
        rows.add(new String[] {"inference_samples_per_s", "inference samples/s", "%,.0f", "up"});
        rows.add(new String[] {"probabilities_samples_per_s", "predictor probabilities/s", "%,.0f", "up"});
        rows.add(new String[] {"test_accuracy", "test accuracy", "%.4f", "none"});
        rows.add(new String[] {"peak_rss_mb", "peak RSS, MB", "%,.0f", "down"});
        for (String[] row : rows) {
            Double gv = g.get(row[0]);
            Double hv = h.get(row[0]);
            Double pv = p.get(row[0]);
            Double sv = sd.get(row[0]);
            out.printf(
                    Locale.ROOT,
                    "  %-30s %12s %12s %12s %12s %9s %9s %9s%n",
                    row[1],
                    fmt(row[2], gv),
                    fmt(row[2], sv),
                    fmt(row[2], hv),
                    fmt(row[2], pv),
                    ratio(row[3], gv, sv),
                    ratio(row[3], gv, hv),
                    ratio(row[3], gv, pv));
        }
        out.println("  (generated: the planned engine; ratios > 1: it is ahead: faster, or less memory)");
        out.println();
    }

    private static String fmt(String f, Double v) {
        if (v == null) {
            return "-";
        }
        return String.format(Locale.ROOT, f.equals("%,.0f") && v < 100 ? "%,.1f" : f, v); // ResNet-18's few samples/s
    }

    /** Generated over other for rates, other over generated for times and memory: above 1 means ahead. */
    private static String ratio(String direction, Double gv, Double other) {
        if (gv == null || other == null || direction.equals("none") || gv == 0 || other == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "%.2fx", direction.equals("up") ? gv / other : other / gv);
    }

    private static Map<String, Double> median(List<Map<String, Double>> runs) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (runs == null) {
            return m;
        }
        for (String key : runs.get(0).keySet()) {
            double[] v = runs.stream()
                    .filter(r -> r.containsKey(key))
                    .mapToDouble(r -> r.get(key))
                    .sorted()
                    .toArray();
            m.put(key, v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2);
        }
        return m;
    }

    private static Map<String, Double> run(String variant, Plan plan) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (variant.equals("pytorch")) {
            cmd.addAll(List.of(
                    "/usr/bin/python3",
                    script().toString(),
                    "--model",
                    plan.model(),
                    "--batches",
                    plan.batches(),
                    "--warmup",
                    String.valueOf(plan.warmup()),
                    "--steps",
                    String.valueOf(plan.steps()),
                    "--inference",
                    "--limit",
                    String.valueOf(plan.limit())));
            if (plan.epoch()) {
                cmd.add("--epoch");
            }
            if (threads > 0) {
                cmd.addAll(List.of("--threads", String.valueOf(threads)));
            }
            if (TEXT_MODELS.contains(plan.model())) {
                cmd.addAll(List.of("--data", textData(plan.model()).toString()));
            }
        } else {
            cmd.addAll(java(BenchRun.class));
            if (variant.equals("samediff")) {
                cmd.add(1, "-Dnetforge.engine=samediff");
            }
            if (threads > 0) {
                cmd.add(1, "-Dnetforge.nativeThreads=" + threads);
            }
            cmd.addAll(List.of(
                    variant.equals("samediff") ? "generated" : variant,
                    plan.model(),
                    plan.batches(),
                    String.valueOf(plan.warmup()),
                    String.valueOf(plan.steps()),
                    String.valueOf(plan.epoch()),
                    "true",
                    String.valueOf(plan.limit())));
        }
        return numbers(child(cmd));
    }

    /** The numbers of a child's JSON line, by name. */
    static Map<String, Double> numbers(String line) {
        Map<String, Double> r = new LinkedHashMap<>();
        Matcher m = NUMBER.matcher(line);
        while (m.find()) {
            r.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return r;
    }

    /** Trains the CNN for {@code epochs} epochs in one process, printing the resident set after each. */
    private static void memory(PrintStream out, int epochs, int limit) throws IOException, InterruptedException {
        out.printf(
                Locale.ROOT,
                "Memory: the tutorial CNN, %d epochs of %s images, batch 64, one process (-Xmx2g)%n",
                epochs,
                limit > 0 ? String.format(Locale.ROOT, "%,d", limit) : "60,000");
        List<String> cmd = java(MemoryRun.class);
        cmd.addAll(List.of(String.valueOf(epochs), String.valueOf(limit)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LD_BIND_NOW", "1");
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.println("  " + line);
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the memory run failed");
        }
    }

    private static List<String> java(Class<?> main) {
        return new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
    }

    /** Runs a child and returns its last line starting with '{'; its other output is shown only if it fails. */
    static String child(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LD_BIND_NOW", "1");
        if (threads > 0) {
            pb.environment()
                    .put("OMP_NUM_THREADS", String.valueOf(threads)); // the hand-written SameDiff program's libnd4j
        }
        Process p = pb.start();
        StringBuilder all = new StringBuilder();
        String json = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                all.append(line).append('\n');
                if (line.startsWith("{")) {
                    json = line;
                }
            }
        }
        if (p.waitFor() != 0 || json == null) {
            throw new IllegalStateException("benchmark child failed: " + String.join(" ", cmd) + "\n" + all);
        }
        return json;
    }

    /**
     * The spam samples' word ids and labels, or Moby Dick's character windows and their next characters, as raw
     * little-endian files for {@code bench_torch.py --data}.
     */
    private static Path textData(String model) throws IOException {
        String corpus = LANGUAGE_MODELS.contains(model) ? "moby" : "spam";
        Path dir = textData.get(corpus);
        if (dir == null) {
            dir = Files.createTempDirectory("netforge-bench-" + corpus);
            dir.toFile().deleteOnExit();
            Splits s = BenchRun.data(model, 0);
            writeText(dir, "train", s.train());
            writeText(dir, "test", s.test());
            textData.put(corpus, dir);
        }
        return dir;
    }

    private static void writeText(Path dir, String name, io.netforge.data.Dataset d) throws IOException {
        java.nio.ByteBuffer ids =
                java.nio.ByteBuffer.allocate(d.size() * d.featureSize() * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int steps = Math.max(1, d.labelSteps()); // a language model's windows: the next character of every step
        java.nio.ByteBuffer labels =
                java.nio.ByteBuffer.allocate(d.size() * steps * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int[] row = new int[steps];
        for (int i = 0; i < d.size(); i++) {
            for (float v : d.features(i)) {
                ids.putFloat(v);
            }
            if (d.labelSteps() > 0) {
                d.copyStepLabels(i, row, 0);
            } else {
                row[0] = d.label(i);
            }
            for (int label : row) {
                labels.putInt(label);
            }
        }
        Files.write(dir.resolve(name + "_ids.f32"), ids.array());
        Files.write(dir.resolve(name + "_labels.i32"), labels.array());
        dir.resolve(name + "_ids.f32").toFile().deleteOnExit();
        dir.resolve(name + "_labels.i32").toFile().deleteOnExit();
    }

    static Path script() {
        Path s = Path.of("scripts", "bench_torch.py");
        if (!Files.exists(s)) {
            throw new IllegalStateException("run from the repository's root: " + s.toAbsolutePath() + " is missing");
        }
        return s;
    }

    static boolean torchAvailable() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String torchDescription() throws IOException, InterruptedException {
        String json = child(List.of(
                "/usr/bin/python3",
                script().toString(),
                "--model",
                "mlp",
                "--batches",
                "64",
                "--steps",
                "1",
                "--limit",
                "256"));
        Matcher v = Pattern.compile("\"torch\": \"([^\"]+)\"").matcher(json);
        Matcher b = Pattern.compile("\"blas\": \\[([^]]*)]").matcher(json);
        Matcher t = Pattern.compile("\"threads\": ([0-9]+)").matcher(json);
        return (v.find() ? v.group(1) : "?") + ", " + (t.find() ? t.group(1) : "?") + " threads, BLAS "
                + (b.find() ? b.group(1) : "?");
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
