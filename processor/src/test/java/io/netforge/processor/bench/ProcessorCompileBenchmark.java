package io.netforge.processor.bench;

import io.netforge.processor.ModelProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.processing.Completion;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Measures what {@link ModelProcessor} adds to {@code javac} time: generates distinct models
 * ({@link BenchmarkModels}) and compiles all of them, in one JVM with the in-process {@code javax.tools}
 * compiler, three ways, interleaved over several rounds after warm-up rounds:
 *
 * <ul>
 *   <li>{@code baseline}: {@code -proc:none}, the model classes alone;
 *   <li>{@code processor}: with {@code ModelProcessor}, which also writes and compiles each model's
 *       {@code <Model>Graph} and {@code <Model>Trainer};
 *   <li>{@code proc-only}: {@code -proc:only} with the processor, so nothing is compiled to class files.
 * </ul>
 *
 * Then the baseline and processor compilations again, each a few times, with the {@code javac} launcher as
 * a fresh process. Prints per-round times, medians, the time added per model and the ratio
 * processor/baseline.
 * Not a test: run it with {@code scripts/bench-processor.sh} (see docs/benchmarks.md).
 */
public final class ProcessorCompileBenchmark {

    private enum Mode {
        BASELINE("baseline"),
        PROCESSOR("processor"),
        PROC_ONLY("proc-only");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    private static final String USAGE = """
            Usage: ProcessorCompileBenchmark --classpath CP [--models N] [--seed S] [--warmup N] [--rounds N]
                                             [--cold N] [--keep]
              --classpath CP  what the model sources compile against: netforge-runtime's classes and its dependencies
              --models N      models to generate (100)
              --seed S        seed of the generated models (2026)
              --warmup N      in-process warm-up rounds, not counted (3)
              --rounds N      in-process measured rounds (7)
              --cold N        rounds with javac as a fresh process; 0 skips them (3)
              --keep          keep the generated sources and outputs (printed directory)
            """;

    private final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    private final Path work;
    private final List<Path> sources;
    private final String classpath;
    /** Counted after the first compilation with the processor. */
    private int generatedSources;

    private long generatedLines;

    private ProcessorCompileBenchmark(Path work, List<Path> sources, String classpath) {
        this.work = work;
        this.sources = sources;
        this.classpath = classpath;
    }

    public static void main(String[] args) throws Exception {
        try {
            benchmark(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ProcessorCompileBenchmark: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void benchmark(String[] args) throws IOException, InterruptedException {
        String classpath = null;
        int models = 100;
        long seed = 2026;
        int warmup = 3;
        int rounds = 7;
        int cold = 3;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--classpath" -> classpath = value(args, ++i);
                case "--models" -> models = Integer.parseInt(value(args, ++i));
                case "--seed" -> seed = Long.parseLong(value(args, ++i));
                case "--warmup" -> warmup = Integer.parseInt(value(args, ++i));
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i));
                case "--cold" -> cold = Integer.parseInt(value(args, ++i));
                case "--keep" -> keep = true;
                case "-h", "--help" -> {
                    System.out.print(USAGE);
                    return;
                }
                default -> throw usage("unknown argument " + args[i]);
            }
        }
        if (classpath == null || classpath.isBlank()) {
            throw usage("--classpath is required");
        }
        if (models < 1 || rounds < 1 || warmup < 0 || cold < 0) {
            throw usage("--models and --rounds must be positive, --warmup and --cold >= 0");
        }

        Path work = Files.createTempDirectory("netforge-bench-");
        try {
            List<BenchmarkModels.Source> generated = BenchmarkModels.generate(models, seed);
            List<Path> files = new ArrayList<>();
            long lines = 0;
            for (BenchmarkModels.Source source : generated) {
                Path file = work.resolve("src").resolve(source.relativePath());
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.text(), StandardCharsets.UTF_8);
                files.add(file);
                lines += source.text().lines().count();
            }
            long cnns = generated.stream().filter(BenchmarkModels.Source::cnn).count();
            System.out.printf(
                    Locale.ROOT,
                    "NetForge processor compile benchmark: %d models (%d MLPs, %d CNNs," + " %,d lines), seed %d%n",
                    models,
                    models - cnns,
                    cnns,
                    lines,
                    seed);
            System.out.printf(
                    Locale.ROOT,
                    "JDK %s, %d cores, javac --release 17 -g; load average %.2f at start%n",
                    Runtime.version(),
                    Runtime.getRuntime().availableProcessors(),
                    loadAverage());
            new ProcessorCompileBenchmark(work, files, classpath).run(warmup, rounds, cold);
            System.out.printf(Locale.ROOT, "load average %.2f at end%n", loadAverage());
        } finally {
            if (keep) {
                System.out.println("sources and outputs kept in " + work);
            } else {
                deleteTree(work);
            }
        }
    }

    private void run(int warmup, int rounds, int coldRounds) throws IOException, InterruptedException {
        Map<Mode, List<Double>> times = new EnumMap<>(Mode.class);
        List<Double> inProcessor = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            times.put(mode, new ArrayList<>());
        }
        System.out.println();
        System.out.println("in-process javax.tools, ms   baseline  processor (in process())  proc-only");
        Mode[] modes = Mode.values();
        for (int round = 0; round < warmup + rounds; round++) {
            boolean counted = round >= warmup;
            Map<Mode, Result> results = new EnumMap<>(Mode.class);
            for (int i = 0; i < modes.length; i++) {
                Mode mode = modes[(round + i) % modes.length]; // rotates the order: no mode always runs first
                results.put(mode, compileInProcess(mode, round == 0));
            }
            String label = counted ? "round " + (round - warmup + 1) : "warm-up " + (round + 1);
            System.out.printf(
                    Locale.ROOT,
                    "%-27s %9s %10s %12s %11s%n",
                    label,
                    ms(results.get(Mode.BASELINE).millis),
                    ms(results.get(Mode.PROCESSOR).millis),
                    "(" + ms(results.get(Mode.PROCESSOR).processorMillis) + ")",
                    ms(results.get(Mode.PROC_ONLY).millis));
            if (counted) {
                for (Mode mode : modes) {
                    times.get(mode).add(results.get(mode).millis);
                }
                inProcessor.add(results.get(Mode.PROCESSOR).processorMillis);
            }
        }
        double baseline = median(times.get(Mode.BASELINE));
        double processor = median(times.get(Mode.PROCESSOR));
        double procOnly = median(times.get(Mode.PROC_ONLY));
        System.out.printf(
                Locale.ROOT,
                "%-27s %9s %10s %12s %11s%n",
                "median of " + rounds,
                ms(baseline),
                ms(processor),
                "(" + ms(median(inProcessor)) + ")",
                ms(procOnly));
        System.out.printf(
                Locale.ROOT,
                "%-27s %9s %10s %12s %11s%n",
                "min",
                ms(min(times.get(Mode.BASELINE))),
                ms(min(times.get(Mode.PROCESSOR))),
                "(" + ms(min(inProcessor)) + ")",
                ms(min(times.get(Mode.PROC_ONLY))));
        summary("in-process", baseline, processor);
        System.out.printf(
                Locale.ROOT,
                "  of which in ModelProcessor.process(): %.0f ms, %.2f ms per model;"
                        + " -proc:only takes %.0f ms (%.2f x baseline)%n",
                median(inProcessor),
                median(inProcessor) / sources.size(),
                procOnly,
                procOnly / baseline);
        System.out.printf(Locale.ROOT, "  generated: %d sources, %,d lines%n", generatedSources, generatedLines);

        if (coldRounds > 0) {
            List<Double> coldBaseline = new ArrayList<>();
            List<Double> coldProcessor = new ArrayList<>();
            System.out.println();
            System.out.println("javac as a fresh process, ms   baseline  processor");
            for (int round = 0; round < coldRounds; round++) {
                boolean baselineFirst = round % 2 == 0;
                double first = compileCold(baselineFirst ? Mode.BASELINE : Mode.PROCESSOR);
                double second = compileCold(baselineFirst ? Mode.PROCESSOR : Mode.BASELINE);
                double b = baselineFirst ? first : second;
                double p = baselineFirst ? second : first;
                coldBaseline.add(b);
                coldProcessor.add(p);
                System.out.printf(Locale.ROOT, "%-30s %9s %10s%n", "round " + (round + 1), ms(b), ms(p));
            }
            double b = median(coldBaseline);
            double p = median(coldProcessor);
            System.out.printf(Locale.ROOT, "%-30s %9s %10s%n", "median of " + coldRounds, ms(b), ms(p));
            System.out.printf(Locale.ROOT, "%-30s %9s %10s%n", "min", ms(min(coldBaseline)), ms(min(coldProcessor)));
            summary("fresh javac", b, p);
        }
    }

    private void summary(String what, double baseline, double processor) {
        double added = processor - baseline;
        System.out.printf(
                Locale.ROOT,
                "%s: the processor adds %.0f ms for %d models = %.2f ms per model;" + " processor/baseline = %.2f%n",
                what,
                added,
                sources.size(),
                added / sources.size(),
                processor / baseline);
    }

    private record Result(double millis, double processorMillis) {}

    /** One compilation of all models with a new file manager, as a build tool does; checks what it produced. */
    private Result compileInProcess(Mode mode, boolean firstRound) throws IOException {
        Path out = Files.createDirectories(work.resolve("out-" + mode.name()));
        Path gen = Files.createDirectories(work.resolve("gen-" + mode.name()));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = new ArrayList<>(options(out, gen));
        if (mode == Mode.BASELINE) {
            options.add("-proc:none");
        } else if (mode == Mode.PROC_ONLY) {
            options.add("-proc:only");
        }
        TimedProcessor processor = new TimedProcessor(new ModelProcessor());
        System.gc();
        long start = System.nanoTime();
        boolean ok;
        try (StandardJavaFileManager files =
                compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            JavaCompiler.CompilationTask task = compiler.getTask(
                    null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources));
            if (mode != Mode.BASELINE) {
                task.setProcessors(List.of(processor));
            }
            ok = task.call();
        }
        long nanos = System.nanoTime() - start;
        List<Diagnostic<? extends JavaFileObject>> reported = diagnostics.getDiagnostics();
        if (!ok || !reported.isEmpty()) {
            throw new IllegalStateException(mode.label + " compilation " + (ok ? "reported diagnostics" : "failed")
                    + ":\n" + reported.stream().limit(20).map(Object::toString).collect(Collectors.joining("\n")));
        }
        check(mode, out, gen, firstRound);
        deleteTree(out);
        deleteTree(gen);
        return new Result(nanos / 1e6, processor.nanos / 1e6);
    }

    /** The same compilation with the JDK's javac launcher: a fresh JVM, as a build that forks javac pays. */
    private double compileCold(Mode mode) throws IOException, InterruptedException {
        Path out = Files.createDirectories(work.resolve("cold-out-" + mode.name()));
        Path gen = Files.createDirectories(work.resolve("cold-gen-" + mode.name()));
        List<String> args = new ArrayList<>(options(out, gen));
        if (mode == Mode.BASELINE) {
            args.add("-proc:none");
        } else {
            args.addAll(List.of("-processorpath", processorPath(), "-processor", ModelProcessor.class.getName()));
        }
        sources.forEach(source -> args.add(source.toString()));
        Path argFile = work.resolve("javac-" + mode.name() + ".args");
        Files.write(argFile, args.stream().map(ProcessorCompileBenchmark::quote).toList());
        Path log = work.resolve("javac-" + mode.name() + ".log");
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        ProcessBuilder builder = new ProcessBuilder(javac.toString(), "@" + argFile)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        long start = System.nanoTime();
        int exit = builder.start().waitFor();
        long nanos = System.nanoTime() - start;
        String output = Files.readString(log);
        if (exit != 0 || !output.isBlank()) {
            throw new IllegalStateException("fresh javac (" + mode.label + ") exited with " + exit + ":\n" + output);
        }
        check(mode, out, gen, false);
        deleteTree(out);
        deleteTree(gen);
        return nanos / 1e6;
    }

    private List<String> options(Path out, Path gen) {
        return List.of(
                "--release",
                "17",
                "-g",
                "-encoding",
                "UTF-8",
                "-classpath",
                classpath,
                "-d",
                out.toString(),
                "-s",
                gen.toString());
    }

    /**
     * The expected outputs: a class per model, plus a graph and a trainer source with the processor, compiled to
     * three classes (the graph, its nested {@code Layers} subclass of the model, the trainer).
     */
    private void check(Mode mode, Path out, Path gen, boolean countGenerated) throws IOException {
        int models = sources.size();
        List<Path> generated = files(gen, ".java");
        int classes = files(out, ".class").size();
        int expectedGenerated = mode == Mode.BASELINE ? 0 : 2 * models;
        int expectedClasses = switch (mode) {
            case BASELINE -> models;
            case PROCESSOR -> 4 * models;
            case PROC_ONLY -> 0;
        };
        if (generated.size() != expectedGenerated || classes != expectedClasses) {
            throw new IllegalStateException(mode.label + ": expected " + expectedGenerated + " generated sources and "
                    + expectedClasses + " classes, found " + generated.size() + " and " + classes);
        }
        if (countGenerated && mode == Mode.PROCESSOR) {
            generatedSources = generated.size();
            long lines = 0;
            for (Path file : generated) {
                try (Stream<String> fileLines = Files.lines(file)) {
                    lines += fileLines.count();
                }
            }
            generatedLines = lines;
        }
    }

    /** The processor and JavaPoet, for the fresh javac: where this JVM loaded them from. */
    private static String processorPath() {
        return Stream.of(ModelProcessor.class, com.palantir.javapoet.JavaFile.class)
                .map(ProcessorCompileBenchmark::location)
                .distinct()
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A javac argument file entry: quoted, with backslashes and quotes escaped. */
    private static String quote(String arg) {
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).toList();
        }
    }

    private static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%,.0f", millis);
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static IllegalArgumentException usage(String problem) {
        System.err.print(USAGE);
        return new IllegalArgumentException(problem);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Delegates to a processor and adds up the time spent in its {@code process} calls. */
    private static final class TimedProcessor implements Processor {
        private final Processor delegate;
        long nanos;

        TimedProcessor(Processor delegate) {
            this.delegate = delegate;
        }

        @Override
        public Set<String> getSupportedOptions() {
            return delegate.getSupportedOptions();
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return delegate.getSupportedAnnotationTypes();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return delegate.getSupportedSourceVersion();
        }

        @Override
        public void init(ProcessingEnvironment env) {
            long start = System.nanoTime();
            delegate.init(env);
            nanos += System.nanoTime() - start;
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            long start = System.nanoTime();
            try {
                return delegate.process(annotations, round);
            } finally {
                nanos += System.nanoTime() - start;
            }
        }

        @Override
        public Iterable<? extends Completion> getCompletions(
                Element element, AnnotationMirror annotation, ExecutableElement member, String userText) {
            return delegate.getCompletions(element, annotation, member, userText);
        }
    }
}
