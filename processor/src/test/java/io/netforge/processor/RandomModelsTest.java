package io.netforge.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.netforge.data.Dataset;
import io.netforge.graph.GraphBuilder;
import io.netforge.graph.NetGraph;
import io.netforge.processor.RandomModels.Config;
import io.netforge.processor.RandomModels.Defect;
import io.netforge.processor.RandomModels.Image;
import io.netforge.processor.RandomModels.LayerShape;
import io.netforge.processor.RandomModels.Model;
import io.netforge.processor.RandomModels.Shape;
import io.netforge.train.Optimizer;
import io.netforge.train.TrainConfig;
import io.netforge.train.Trainer;
import io.netforge.train.TrainerBuilder;
import io.netforge.util.Quiet;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Property test: {@link RandomModels} declares 1,000 random models, about 70 % valid and 30 % with one
 * injected defect each, and javac compiles them with the processor in batches of 100. Then:
 *
 * <ul>
 *   <li>the processor never fails: no diagnostic is an internal error and javac never throws;</li>
 *   <li>every invalid model gets at least one processor error, one of which names its defect, and no
 *       generated classes;</li>
 *   <li>every valid model compiles without errors; the processor's shape comments equal the generator's own
 *       shape inference; the trainer's {@code defaults()} hold the annotated settings; the graph builds, and
 *       a forward pass in evaluation mode gives {@code [3, classes]} finite logits, while every layer's
 *       output (executed through a probe copy of the generated graph, see {@link LayerProbe}) has the
 *       inferred shape; every twentieth model also trains one epoch.</li>
 * </ul>
 *
 * <p>The seed is fixed and printed in every failure; {@code -Dnetforge.randomModels.seed=…} replays or varies
 * it, {@code -Dnetforge.randomModels.count=…} changes the number of models.
 *
 * <p>Valid image models also get residual stages: a {@code @Blocks} field and its {@code @Block} class (basic,
 * single-convolution or bottleneck, 1-3 repetitions, identity or projection shortcuts), whose expanded layers are
 * checked like any other. Extreme attribute values (0, -1, MAX/MIN, NaN, ±Infinity, every kind of class literal)
 * are {@link ExtremeValuesTest}'s property.
 */
class RandomModelsTest {
    static final long DEFAULT_SEED = 20240611L;
    static final int DEFAULT_COUNT = 1000;
    private static final int BATCH = 100;
    private static final int SAMPLES = 3;
    private static final int MAX_REPORTED = 25;
    /** javac's code for errors a processor reports through its {@code Messager}. */
    private static final String PROCESSOR_ERROR = "compiler.err.proc.messager";

    private static final Pattern SHAPE_COMMENT = Pattern.compile("^\\s*// (\\S+): (.+?) -> (.+)$");
    private static final Pattern PROBED_CALL =
            Pattern.compile("^(\\s*)x = g\\.\\w+\\((\"(?:[^\"\\\\]|\\\\.)*\"), x.*;$");

    @TempDir
    Path tmp;

    private long seed;
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Model> byClass = new HashMap<>();

    static long seed() {
        String s = System.getProperty("netforge.randomModels.seed");
        return s == null || s.isBlank() ? DEFAULT_SEED : Long.decode(s.trim());
    }

    static int count() {
        String s = System.getProperty("netforge.randomModels.count");
        return s == null || s.isBlank() ? DEFAULT_COUNT : Integer.parseInt(s.trim());
    }

    @Test
    void randomModelsCompileAsPredictedAndValidOnesRun() throws Exception {
        Quiet.install();
        seed = seed();
        long start = System.nanoTime();
        List<Model> models = RandomModels.generate(seed, count());
        models.forEach(m -> byClass.put(m.className(), m));
        List<Model> valid = models.stream().filter(Model::valid).toList();
        List<Model> invalid = models.stream().filter(m -> !m.valid()).toList();

        long compileNanos = 0;
        long runNanos = 0;
        int warnings = 0;
        int trained = 0;
        for (int b = 0; b * BATCH < invalid.size(); b++) {
            List<Model> batch = invalid.subList(b * BATCH, Math.min(invalid.size(), (b + 1) * BATCH));
            long t = System.nanoTime();
            Compilation c = compile(batch, tmp.resolve("invalid-" + b), true);
            compileNanos += System.nanoTime() - t;
            checkInvalid(batch, c);
        }
        for (int b = 0; b * BATCH < valid.size(); b++) {
            List<Model> batch = valid.subList(b * BATCH, Math.min(valid.size(), (b + 1) * BATCH));
            long t = System.nanoTime();
            Compilation c = compile(batch, tmp.resolve("valid-" + b), false);
            Path probes = c.ok() ? compileProbes(batch, c) : null;
            compileNanos += System.nanoTime() - t;
            warnings += (int) c.diagnostics().stream()
                    .filter(d ->
                            d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING)
                    .count();
            if (!checkValid(batch, c)) {
                continue;
            }
            t = System.nanoTime();
            trained += run(batch, c.classes(), probes);
            runNanos += System.nanoTime() - t;
            if (failures.size() > MAX_REPORTED) {
                break;
            }
        }

        String summary = String.format(
                Locale.ROOT,
                "RandomModelsTest seed=%d: %d models, %d valid (%d per step; %d layer outputs checked, %d models also trained),"
                        + " %d invalid %s;"
                        + " %d warnings on valid models;"
                        + " compile %.1fs, run %.1fs (build %.1fs, forward %.1fs, per-layer probe %.1fs, training %.1fs), total %.1fs",
                seed,
                models.size(),
                valid.size(),
                valid.stream().filter(m -> m.outputSteps() > 0).count(),
                layersChecked,
                trained,
                invalid.size(),
                RandomModels.defectCounts(models),
                warnings,
                compileNanos / 1e9,
                runNanos / 1e9,
                buildNanos / 1e9,
                forwardNanos / 1e9,
                probeNanos / 1e9,
                trainNanos / 1e9,
                (System.nanoTime() - start) / 1e9);
        System.out.println(summary);
        int layers = valid.stream().mapToInt(m -> m.layers().size()).sum();
        if (failures.isEmpty() && layersChecked != layers) {
            failures.add("only " + layersChecked + " of the valid models' " + layers + " layer outputs were checked");
        }
        if (!failures.isEmpty()) {
            StringBuilder sb = new StringBuilder(summary)
                    .append("\n")
                    .append(failures.size())
                    .append(" failures (replay with -Dnetforge.randomModels.seed=")
                    .append(seed)
                    .append("):\n");
            failures.stream()
                    .limit(MAX_REPORTED)
                    .forEach(f -> sb.append("\n").append(f).append("\n"));
            fail(sb.toString());
        }
    }

    @Test
    void theGeneratorIsDeterministicPerSeed() {
        List<Model> a = RandomModels.generate(7, 200);
        List<Model> b = RandomModels.generate(7, 200);
        List<Model> c = RandomModels.generate(8, 200);
        assertThat(a.stream().map(Model::source).toList())
                .isEqualTo(b.stream().map(Model::source).toList());
        assertThat(a.stream().map(Model::source).toList())
                .isNotEqualTo(c.stream().map(Model::source).toList());
        assertThat(a.stream().map(Model::className).distinct().count()).isEqualTo(200);
    }

    /** So the property cannot silently degenerate: enough models, the mix of valid and invalid, every defect. */
    @Test
    void everyDefectAndEveryOperationIsGeneratedOften() {
        List<Model> models = RandomModels.generate(seed(), count());
        long validCount = models.stream().filter(Model::valid).count();
        assertThat(models).hasSizeGreaterThanOrEqualTo(1000);
        assertThat(validCount).as("valid models").isBetween(models.size() * 60L / 100, models.size() * 80L / 100);
        Map<Defect, Integer> counts = RandomModels.defectCounts(models);
        assertThat(counts)
                .as("defects")
                .allSatisfy((defect, n) -> assertThat(n).as(defect.name()).isGreaterThanOrEqualTo(8));

        String validSources = String.join(
                "\n", models.stream().filter(Model::valid).map(Model::source).toList());
        for (String op : List.of(
                "@Conv(",
                "@MaxPool(",
                "@AvgPool(",
                "@Flatten",
                "@Dense(",
                "@Relu",
                "@LeakyRelu",
                "@Sigmoid",
                "@Tanh",
                "@Softmax",
                "@BatchNorm",
                "@Dropout(",
                "@SpatialDropout(",
                "@Train(",
                "@Sgd(",
                "@Adam(",
                "@Init(",
                "@Regularize",
                "@Blocks(",
                "classes = ",
                "nesterov = true",
                "Long.MIN_VALUE",
                "UNITS_",
                "0x",
                "@io.netforge.annotations.")) {
            int n = validSources.split(Pattern.quote(op), -1).length - 1;
            assertThat(n).as("valid models using " + op).isGreaterThanOrEqualTo(10);
        }
        long images = models.stream()
                .filter(m -> m.valid() && m.input() instanceof Image)
                .count();
        assertThat(images).as("valid image models").isBetween(validCount / 3, validCount * 3 / 4);
        long text = models.stream()
                .filter(m -> m.valid() && m.input() instanceof RandomModels.Tokens)
                .count();
        assertThat(text)
                .as("valid text models (token input, @Embedding, @GlobalAvgPool)")
                .isGreaterThanOrEqualTo(50);
        long sequences = models.stream()
                .filter(m -> m.valid() && m.input() instanceof RandomModels.Sequence)
                .count();
        assertThat(sequences).as("valid sequence-input models").isGreaterThanOrEqualTo(15);
        long deep =
                models.stream().filter(m -> m.valid() && m.layers().size() >= 6).count();
        assertThat(deep).as("valid models with 6 or more layers").isGreaterThanOrEqualTo(50);
    }

    /** The generator's own arithmetic on docs/annotations.md's examples. */
    @Test
    void theGeneratorsShapeArithmeticIsPyTorchs() {
        assertThat(RandomModels.side(28, 3, 1, 1)).isEqualTo(28);
        assertThat(RandomModels.side(28, 2, 2, 0)).isEqualTo(14);
        assertThat(RandomModels.side(28, 3, 2, 0)).isEqualTo(13);
        assertThat(RandomModels.side(14, 3, 2, 1)).isEqualTo(7);
        assertThat(RandomModels.side(7, 7, 1, 0)).isEqualTo(1);
        assertThat(RandomModels.side(5, 2, 3, 0)).isEqualTo(2);
        assertThat(RandomModels.fits(new Image(16, 4, 4), 5, 0)).isFalse();
        assertThat(RandomModels.fits(new Image(16, 4, 6), 6, 1)).isTrue();
    }

    // ---- compiling

    /** One javac run: its diagnostics, whether it succeeded, where classes and generated sources went. */
    record Compilation(
            List<Diagnostic<? extends JavaFileObject>> diagnostics,
            boolean ok,
            Path classes,
            Path generated,
            String output) {}

    private Compilation compile(List<Model> batch, Path dir, boolean procOnly) throws IOException {
        Path src = dir.resolve("src");
        Path pkg = src.resolve(RandomModels.PACKAGE);
        Files.createDirectories(pkg);
        List<Path> files = new ArrayList<>();
        for (Model m : batch) {
            Path file = pkg.resolve(m.fileName());
            Files.writeString(file, m.source(), StandardCharsets.UTF_8);
            files.add(file);
        }
        List<String> options = new ArrayList<>(List.of("-classpath", System.getProperty("java.class.path")));
        options.addAll(javacOptions(dir));
        if (procOnly) {
            options.add("-proc:only");
        }
        return javac(files, options, List.of(new ModelProcessor()), dir, batch);
    }

    private static List<String> javacOptions(Path dir) throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path generated = Files.createDirectories(dir.resolve("generated"));
        return List.of(
                "-d",
                classes.toString(),
                "-s",
                generated.toString(),
                "-encoding",
                "UTF-8",
                "-Xmaxerrs",
                "100000",
                "-Xmaxwarns",
                "100000",
                "-implicit:class");
    }

    private Compilation javac(
            List<Path> files,
            List<String> options,
            List<javax.annotation.processing.Processor> processors,
            Path dir,
            List<Model> batch) {
        JavaCompiler compiler = java.util.Objects.requireNonNull(
                ToolProvider.getSystemJavaCompiler(), "RandomModelsTest needs a JDK: there is no system Java compiler");
        DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
        StringWriter out = new StringWriter();
        boolean ok = false;
        try (StandardJavaFileManager fm =
                compiler.getStandardFileManager(collector, Locale.ROOT, StandardCharsets.UTF_8)) {
            JavaCompiler.CompilationTask task =
                    compiler.getTask(out, fm, collector, options, null, fm.getJavaFileObjectsFromPaths(files));
            task.setProcessors(processors);
            task.setLocale(Locale.ROOT);
            ok = task.call();
        } catch (RuntimeException | IOException e) {
            failures.add("javac threw while compiling " + batch.get(0).describe() + " .. "
                    + batch.get(batch.size() - 1).describe() + ": " + stackTrace(e));
        }
        for (Diagnostic<? extends JavaFileObject> d : collector.getDiagnostics()) {
            String text = d.getMessage(Locale.ROOT);
            if (text != null && text.toLowerCase(Locale.ROOT).contains("internal error")) {
                Model m = owner(d);
                failures.add("processor internal error: " + format(d) + (m == null ? "" : "\n" + withSource(m)));
            }
        }
        return new Compilation(
                List.copyOf(collector.getDiagnostics()),
                ok,
                dir.resolve("classes"),
                dir.resolve("generated"),
                out.toString());
    }

    /** The model a diagnostic is about: by its source file, the model's own or one generated for it. */
    private Model owner(Diagnostic<? extends JavaFileObject> d) {
        if (d.getSource() == null) {
            return null;
        }
        String file = Path.of(d.getSource().toUri()).getFileName().toString();
        String name = file.endsWith(".java") ? file.substring(0, file.length() - ".java".length()) : file;
        Model m = byClass.get(name);
        if (m == null && name.endsWith("Graph")) {
            m = byClass.get(name.substring(0, name.length() - "Graph".length()));
        }
        if (m == null && name.endsWith("Trainer")) {
            m = byClass.get(name.substring(0, name.length() - "Trainer".length()));
        }
        return m;
    }

    // ---- invalid models

    private void checkInvalid(List<Model> batch, Compilation c) {
        Map<Model, List<Diagnostic<? extends JavaFileObject>>> errors = new LinkedHashMap<>();
        batch.forEach(m -> errors.put(m, new ArrayList<>()));
        for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            Model m = owner(d);
            if (m == null || !errors.containsKey(m)) {
                failures.add("error outside this batch's models: " + format(d));
                continue;
            }
            errors.get(m).add(d);
        }
        if (c.ok()) {
            failures.add("javac reported success for a batch of invalid models, "
                    + batch.get(0).describe() + " ..");
        }
        errors.forEach((m, list) -> {
            List<String> fromProcessor = list.stream()
                    .filter(d -> PROCESSOR_ERROR.equals(d.getCode()))
                    .map(d -> d.getMessage(Locale.ROOT))
                    .toList();
            List<String> fromJavac = list.stream()
                    .filter(d -> !PROCESSOR_ERROR.equals(d.getCode()))
                    .map(this::format)
                    .toList();
            if (fromProcessor.isEmpty()) {
                failures.add("no processor error for " + m.describe() + "; javac: " + fromJavac + "\n" + withSource(m));
            } else if (fromProcessor.stream().noneMatch(text -> text.contains(m.expected()))) {
                failures.add("no error containing \"" + m.expected() + "\" for " + m.describe() + "; errors: "
                        + fromProcessor + "\n" + withSource(m));
            }
            if (!fromJavac.isEmpty() && m.defect() != Defect.UNRESOLVED_CONSTANT) {
                failures.add("javac itself rejects " + m.describe() + " (a generator bug): " + fromJavac + "\n"
                        + withSource(m));
            }
            if (m.defect() != Defect.GENERATED_NAME_TAKEN) {
                for (String suffix : List.of("Graph", "Trainer")) {
                    Path generated =
                            c.generated().resolve(RandomModels.PACKAGE).resolve(m.className() + suffix + ".java");
                    if (Files.exists(generated)) {
                        failures.add("the processor generated " + generated.getFileName() + " for " + m.describe()
                                + ", which has errors " + fromProcessor + "\n" + withSource(m));
                    }
                }
            }
        });
    }

    // ---- valid models

    /** Whether the batch compiled cleanly (errors are failures); checks the generated files against the generator. */
    private boolean checkValid(List<Model> batch, Compilation c) throws IOException {
        boolean clean = c.ok();
        for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                Model m = owner(d);
                failures.add("error on a valid model: " + format(d) + (m == null ? "" : "\n" + withSource(m)));
                clean = false;
            }
        }
        if (!c.ok() && clean) {
            failures.add("javac failed without errors on " + batch.get(0).describe() + " ..: " + c.output());
        }
        if (!clean) {
            return false;
        }
        for (Model m : batch) {
            Path graph = c.generated().resolve(RandomModels.PACKAGE).resolve(m.className() + "Graph.java");
            Path trainer = c.generated().resolve(RandomModels.PACKAGE).resolve(m.className() + "Trainer.java");
            if (!Files.exists(graph) || !Files.exists(trainer)) {
                failures.add("no generated graph or trainer for " + m.describe() + "\n" + withSource(m));
                continue;
            }
            List<String> comments = new ArrayList<>();
            for (String line : Files.readAllLines(graph, StandardCharsets.UTF_8)) {
                Matcher matcher = SHAPE_COMMENT.matcher(line);
                if (matcher.matches()) {
                    comments.add(matcher.group(1) + ": " + matcher.group(2) + " -> " + matcher.group(3));
                }
            }
            List<String> expected = m.layers().stream()
                    .map(l -> l.name() + ": " + l.in().text() + " -> " + l.out().text())
                    .toList();
            if (!comments.equals(expected)) {
                failures.add("the processor's shapes differ from the generator's for " + m.describe()
                        + ":\n  processor " + comments + "\n  generator " + expected + "\n" + withSource(m));
            }
        }
        return true;
    }

    /**
     * A copy of each generated graph, {@code <Model>GraphProbe}, that hands every layer's output to
     * {@link LayerProbe} after the layer's last operation; returns where the probes were compiled.
     */
    private Path compileProbes(List<Model> batch, Compilation c) throws IOException {
        Path dir = c.classes().getParent().resolve("probes");
        Path pkg = Files.createDirectories(dir.resolve("src").resolve(RandomModels.PACKAGE));
        List<Path> files = new ArrayList<>();
        for (Model m : batch) {
            Path graph = c.generated().resolve(RandomModels.PACKAGE).resolve(m.className() + "Graph.java");
            if (!Files.exists(graph)) {
                continue;
            }
            String graphName = m.className() + "Graph";
            List<String> out = new ArrayList<>();
            List<String> lines = Files.readAllLines(graph, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i)
                        .replace("class " + graphName + " ", "class " + graphName + "Probe ")
                        .replace("private " + graphName + "()", "private " + graphName + "Probe()");
                out.add(line);
                Matcher call = PROBED_CALL.matcher(line);
                boolean lastOfLayer = i + 1 < lines.size()
                        && !PROBED_CALL.matcher(lines.get(i + 1)).matches();
                if (call.matches() && (lastOfLayer || !layerOf(lines.get(i + 1)).equals(call.group(2)))) {
                    out.add(call.group(1) + LayerProbe.class.getName() + ".record(" + call.group(2) + ", x);");
                }
            }
            Path file = pkg.resolve(graphName + "Probe.java");
            Files.write(file, out, StandardCharsets.UTF_8);
            files.add(file);
        }
        String cp = c.classes() + java.io.File.pathSeparator + System.getProperty("java.class.path");
        List<String> options = new ArrayList<>(List.of("-classpath", cp, "-proc:none"));
        options.addAll(javacOptions(dir));
        Compilation probes = javac(files, options, List.of(), dir, batch);
        for (Diagnostic<? extends JavaFileObject> d : probes.diagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                failures.add("probe copy does not compile: " + format(d));
            }
        }
        return probes.ok() ? probes.classes() : null;
    }

    private static String layerOf(String line) {
        Matcher call = PROBED_CALL.matcher(line);
        return call.matches() ? call.group(2) : "";
    }

    /** Builds and runs every model of the batch; returns how many were also trained. */
    private int run(List<Model> batch, Path classes, Path probes) throws IOException {
        int trained = 0;
        URL[] urls = probes == null
                ? new URL[] {classes.toUri().toURL()}
                : new URL[] {classes.toUri().toURL(), probes.toUri().toURL()};
        try (URLClassLoader loader = new URLClassLoader(urls, getClass().getClassLoader())) {
            for (Model m : batch) {
                try {
                    trained += runOne(m, loader, probes != null) ? 1 : 0;
                } catch (Throwable e) {
                    Throwable cause =
                            e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
                    failures.add("running " + m.describe() + " threw " + stackTrace(cause) + "\n" + withSource(m));
                }
                if (failures.size() > MAX_REPORTED) {
                    break;
                }
            }
        }
        return trained;
    }

    private long buildNanos;
    private long forwardNanos;
    private long probeNanos;
    private long trainNanos;
    private int layersChecked;

    private boolean runOne(Model m, ClassLoader loader, boolean probe) throws Exception {
        long t0 = System.nanoTime();
        Class<?> graphClass = loader.loadClass(m.qualifiedName() + "Graph");
        NetGraph graph = (NetGraph) graphClass.getMethod("build", long.class).invoke(null, (long) m.index());
        String problem = checkGraph(m, graph);
        if (problem != null) {
            failures.add(problem + " for " + m.describe() + "\n" + withSource(m));
            return false;
        }
        INDArray x = input(m.input(), m.index());
        long t1 = System.nanoTime();
        buildNanos += t1 - t0;
        try {
            Map<String, INDArray> out = graph.sameDiff().output(Map.of(GraphBuilder.INPUT, x), GraphBuilder.LOGITS);
            INDArray logits = out.get(GraphBuilder.LOGITS);
            long[] expected = m.outputSteps() > 0
                    ? new long[] {SAMPLES, m.outputSteps(), m.classes()}
                    : new long[] {SAMPLES, m.classes()};
            if (!Arrays.equals(logits.shape(), expected)) {
                failures.add("logits of " + m.describe() + " have shape " + Arrays.toString(logits.shape())
                        + ", expected " + Arrays.toString(expected) + "\n" + withSource(m));
            } else if (!allFinite(logits)) {
                failures.add("logits of " + m.describe() + " are not finite: " + logits + "\n" + withSource(m));
            }
            close(logits);
            long t2 = System.nanoTime();
            forwardNanos += t2 - t1;
            if (probe) {
                checkLayers(m, loader, x);
            }
            probeNanos += System.nanoTime() - t2;
        } finally {
            x.close();
        }

        Class<?> trainerClass = loader.loadClass(m.qualifiedName() + "Trainer");
        TrainConfig defaults = (TrainConfig) trainerClass.getMethod("defaults").invoke(null);
        String configProblem = checkConfig(m.config(), defaults);
        if (configProblem != null) {
            failures.add(configProblem + " for " + m.describe() + "\n" + withSource(m));
        }
        if (m.index() % 20 != 0) {
            return false;
        }
        long t3 = System.nanoTime();
        TrainerBuilder<?> builder =
                (TrainerBuilder<?>) trainerClass.getMethod("builder").invoke(null);
        Trainer trainer = builder.epochs(1).verbose(false).create();
        // Two samples, so with batchSize >= 2 one step of two: a step of one sample crashes a flat @BatchNorm in ND4J
        // (NullPointerException in BaseReduceOp), e.g. 5 samples in batches of 2; a known runtime issue.
        int n = 2;
        Dataset data = dataset(m, n);
        // the planned engine (the default) against the SameDiff engine, from the same seed, before any training
        TrainerBuilder<?> referenceBuilder =
                (TrainerBuilder<?>) trainerClass.getMethod("builder").invoke(null);
        Trainer reference = referenceBuilder
                .epochs(1)
                .verbose(false)
                .engine(io.netforge.train.engine.Engine.SAMEDIFF)
                .create();
        String mismatch = enginesDisagree(trainer, reference, data);
        if (mismatch != null) {
            failures.add(mismatch + " for " + m.describe() + "\n" + withSource(m));
        }
        trainer.fit(data);
        int rowWidth = m.classes() * Math.max(1, m.outputSteps());
        float[][] p = m.outputSteps() > 0
                ? trainer.predictor().logits(new float[][] {data.features(0), data.features(1)})
                : trainer.predictor().probabilities(data);
        if (p.length != n || Arrays.stream(p).anyMatch(row -> row.length != rowWidth)) {
            failures.add("trained " + m.describe() + " predicts " + p.length + " rows of "
                    + Arrays.stream(p).map(row -> row.length).distinct().toList() + " classes, expected " + n + " of "
                    + m.classes()
                    + "\n" + withSource(m));
        }
        trainNanos += System.nanoTime() - t3;
        return true;
    }

    /**
     * The planned engine's loss and gradients on one batch against the SameDiff engine's (docs/performance.md, "Proven
     * equal to the SameDiff engine"): the loss to 1e-5 relative, every gradient to 1e-3 of the largest one. Null when
     * they agree. The gradient bound is wider than for the sample models (1e-4) because these batches have two
     * samples: a BatchNorm over two samples divides by their tiny spread, so the gradient of a bias just before it,
     * exactly 0 in theory, is rounding times 1/σ (model #340: 5.2e-4 against the SameDiff engine's 0.0, the largest
     * gradient 4.47).
     */
    private static String enginesDisagree(Trainer planned, Trainer reference, Dataset data) {
        io.netforge.data.Batch batch =
                data.batches(data.size(), false, 0).iterator().next();
        io.netforge.train.engine.GradientSums p = planned.manual().gradientSums(batch);
        io.netforge.train.engine.GradientSums r = reference.manual().gradientSums(batch);
        if (Math.abs(p.lossSum() - r.lossSum()) > 1e-5 * Math.abs(r.lossSum()) + 1e-7) {
            return "planned engine's loss " + p.lossSum() + " but the SameDiff engine's " + r.lossSum();
        }
        double largest = 1e-12;
        for (float[] g : r.gradients().values()) {
            for (float v : g) {
                largest = Math.max(largest, Math.abs(v));
            }
        }
        for (Map.Entry<String, float[]> e : r.gradients().entrySet()) {
            float[] actual = p.gradients().get(e.getKey());
            for (int i = 0; i < e.getValue().length; i++) {
                if (Math.abs(actual[i] - e.getValue()[i]) > 1e-3 * largest) {
                    return "gradient of " + e.getKey() + "[" + i + "]: planned engine " + actual[i]
                            + ", SameDiff engine " + e.getValue()[i] + " (largest gradient " + largest + ")";
                }
            }
        }
        return null;
    }

    private static String checkGraph(Model m, NetGraph graph) {
        long[] input = Arrays.copyOfRange(m.input().batched(1), 1, m.input().batched(1).length);
        if (!Arrays.equals(graph.inputShape(), input)) {
            return "graph input shape " + Arrays.toString(graph.inputShape()) + " instead of " + Arrays.toString(input);
        }
        if (graph.classes() != m.classes()) {
            return "graph has " + graph.classes() + " classes instead of " + m.classes();
        }
        return null;
    }

    /** Runs the probe copy and compares each layer's output shape (evaluation branch) with the generator's. */
    private void checkLayers(Model m, ClassLoader loader, INDArray x) throws Exception {
        Class<?> probeClass = loader.loadClass(m.qualifiedName() + "GraphProbe");
        LayerProbe.start();
        NetGraph graph = (NetGraph) probeClass.getMethod("build", long.class).invoke(null, (long) m.index());
        Map<String, String> variables = LayerProbe.finish(graph);
        List<String> names = m.layers().stream().map(LayerShape::name).toList();
        if (!new ArrayList<>(variables.keySet()).equals(names)) {
            failures.add("probe saw layers " + variables.keySet() + " instead of " + names + " for " + m.describe());
            return;
        }
        SameDiff sd = graph.sameDiff();
        // A layer that changes nothing (only @Dropout(0)) outputs its input, possibly the input placeholder itself.
        List<String> outputs = variables.values().stream()
                .filter(v -> !v.equals(GraphBuilder.INPUT))
                .distinct()
                .toList();
        Map<String, INDArray> values = outputs.isEmpty()
                ? new HashMap<>()
                : new HashMap<>(sd.output(Map.of(GraphBuilder.INPUT, x), outputs.toArray(String[]::new)));
        List<String> mismatches = new ArrayList<>();
        for (LayerShape layer : m.layers()) {
            String variable = variables.get(layer.name());
            INDArray value = variable.equals(GraphBuilder.INPUT) ? x : values.get(variable);
            long[] expected = layer.out().batched(SAMPLES);
            layersChecked++;
            if (value == null || !Arrays.equals(value.shape(), expected)) {
                mismatches.add(layer.name() + " " + (value == null ? "missing" : Arrays.toString(value.shape()))
                        + " instead of " + Arrays.toString(expected));
            }
        }
        values.values().stream().filter(v -> v != x).forEach(RandomModelsTest::close);
        if (!mismatches.isEmpty()) {
            failures.add("layer outputs differ from the inferred shapes for " + m.describe() + ": " + mismatches + "\n"
                    + withSource(m));
        }
    }

    private static String checkConfig(Config c, TrainConfig actual) {
        Optimizer expected = c.optimizer().equals("Sgd")
                ? new Optimizer.Sgd(c.learningRate(), c.momentum(), c.nesterov(), c.weightDecay())
                : new Optimizer.Adam(c.learningRate(), c.beta1(), c.beta2(), c.eps(), c.weightDecay());
        if (actual.epochs() != c.epochs()
                || actual.batchSize() != c.batchSize()
                || actual.seed() != c.seed()
                || !actual.optimizer().equals(expected)) {
            return "trainer defaults " + actual + " instead of epochs=" + c.epochs() + ", batchSize=" + c.batchSize()
                    + ", seed=" + c.seed() + ", " + expected;
        }
        return null;
    }

    private static INDArray input(Shape shape, long seed) {
        long[] dims = shape.batched(SAMPLES);
        float[] values = new float[Math.toIntExact(SAMPLES * shape.size())];
        Random r = new Random(seed);
        for (int i = 0; i < values.length; i++) {
            values[i] = shape instanceof RandomModels.Tokens t ? r.nextInt(t.vocabulary()) : (float) r.nextGaussian();
        }
        return Nd4j.create(values, dims, 'c');
    }

    private static Dataset dataset(Model m, int n) {
        Random r = new Random(m.index());
        float[] features = new float[Math.toIntExact(n * m.input().size())];
        for (int i = 0; i < features.length; i++) {
            features[i] = m.input() instanceof RandomModels.Tokens t
                    ? r.nextInt(t.vocabulary()) // ids, padding 0 among them
                    : (float) r.nextGaussian();
        }
        int steps = m.outputSteps();
        int[] labels = new int[n * Math.max(1, steps)];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = steps > 0 && r.nextInt(4) == 0 ? -1 : r.nextInt(m.classes()); // -1: a step without a target
        }
        int[] sampleShape = m.input() instanceof Image img
                ? new int[] {img.c(), img.h(), img.w()}
                : m.input() instanceof RandomModels.Sequence seq
                        ? new int[] {seq.steps(), seq.f()}
                        : new int[] {Math.toIntExact(m.input().size())};
        return steps > 0
                ? Dataset.perStep(m.className(), features, sampleShape, labels, steps, m.classes())
                : new Dataset(m.className(), features, labels, sampleShape, m.classes());
    }

    private static boolean allFinite(INDArray a) {
        for (float v : a.data().asFloat()) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static void close(INDArray a) {
        if (a != null && a.closeable()) {
            a.close();
        }
    }

    // ---- messages

    private String withSource(Model m) {
        return "--- " + m.fileName() + " (seed " + seed + ", model #" + m.index() + ") ---\n" + m.source();
    }

    private String format(Diagnostic<? extends JavaFileObject> d) {
        String where = d.getSource() == null
                ? ""
                : Path.of(d.getSource().toUri()).getFileName() + ":" + d.getLineNumber() + ": ";
        return where + d.getKind().toString().toLowerCase(Locale.ROOT) + ": " + d.getMessage(Locale.ROOT) + " ["
                + d.getCode() + "]";
    }

    private static String stackTrace(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        String s = w.toString();
        return s.length() > 4000 ? s.substring(0, 4000) + "…" : s;
    }
}
