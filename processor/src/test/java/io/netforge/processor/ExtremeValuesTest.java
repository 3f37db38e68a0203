package io.netforge.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.netforge.annotations.Model;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor's promise as a property (docs/annotations.md, "What the processor promises"): every declaration
 * ends in either diagnostics on the model's own source, with an error on the annotation that holds the bad
 * value, or generated code that compiles; never an internal error, an uncaught exception or an error inside
 * generated code.
 *
 * <p>The declarations are the {@link #BASES} (valid models that together use every annotation) with one attribute
 * changed. The attributes are found by reflection on the annotations module, so a new annotation or attribute is
 * covered as soon as it exists (and fails this test until a base uses it). Each attribute takes the extremes of
 * its type: {@code 0, -1, 1, MAX_VALUE, MIN_VALUE} for integers, also {@code NaN, ±Infinity, -0.0,
 * Double.MIN_VALUE} for doubles, empty and odd arrays, strings that need escaping, and for {@code Class<?>} every
 * kind of class literal (primitive, array, {@code void}, interface, annotation, enum, the model itself).
 */
class ExtremeValuesTest {
    private static final String PACKAGE = "x";
    private static final int BATCH = 80;
    private static final Pattern LOCATED = Pattern.compile("^" + PACKAGE + "/(\\w+)\\.java$");

    private static final List<String> INTS = List.of("0", "-1", "1", "2", "Integer.MAX_VALUE", "Integer.MIN_VALUE");
    private static final List<String> LONGS = List.of("0L", "-1L", "Long.MAX_VALUE", "Long.MIN_VALUE");
    private static final List<String> DOUBLES = List.of(
            "0.0",
            "-0.0",
            "-1.0",
            "1.0",
            "2.0",
            "Double.NaN",
            "Double.POSITIVE_INFINITY",
            "Double.NEGATIVE_INFINITY",
            "Double.MAX_VALUE",
            "Double.MIN_VALUE",
            "1e-300");
    private static final List<String> INT_ARRAYS = List.of(
            "{}",
            "{0}",
            "{-1}",
            "{3, 1}",
            "{1, 1}",
            "{Integer.MAX_VALUE}",
            "{Integer.MIN_VALUE}",
            "{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}");
    private static final List<String> STRINGS = List.of(
            "\"\"",
            "\" \"",
            "\"val_loss\"",
            "\"accuracy\"",
            "\"nonsense\"",
            "\"a\\\"b\\\\c\"",
            "\"\\u0000\"",
            "\"line\\nbreak\"",
            "\"/nonexistent/dir/best.nfw\"");
    private static final List<String> CLASSES = List.of(
            "int.class",
            "int[].class",
            "void.class",
            "String.class",
            "Runnable.class",
            "Block.class",
            "WeightInit.class",
            "NAME.class",
            "NAMEBlock[].class",
            "NAMEBlock.class");

    /**
     * Valid models that together use every annotation with numeric, string, array or class attributes; {@code NAME}
     * stands for the class name. Every annotation starts its own line, so that an error can be checked to be on it.
     */
    static final List<String> BASES = List.of("""
            @Model(
                input = @Input(features = 8),
                classes = 3)
            @Train(epochs = 2, batchSize = 4, seed = 1)
            @Sgd(learningRate = 0.1, momentum = 0.9, dampening = 0.0, weightDecay = 1e-4)
            @StepLR(stepSize = 1, gamma = 0.5)
            @WarmupLR(steps = 2, startFactor = 0.1)
            @EarlyStopping(patience = 2, minDelta = 0.001, monitor = "val_loss", saveBestTo = "")
            @ClipGradients(maxNorm = 1.0)
            @LabelSmoothing(0.1)
            @DisturbLabel(alpha = 0.1)
            @Init(value = WeightInit.NORMAL, mean = 0.0, std = 0.01, bias = 0.0)
            @Regularize(l1 = 1e-5, l2 = 1e-4)
            abstract class NAME {
                @Dense(16)
                @BatchNorm(momentum = 0.1, eps = 1e-5)
                @LeakyRelu(0.01)
                @Dropout(0.5)
                Layer fc1;
                @Dense(8)
                @LayerNorm(eps = 1e-5)
                Layer fc2;
                @Dense(3) Layer out;
            }
            """, """
            @Model(
                input = @Input(channels = 1, height = 8, width = 8))
            @Adam(learningRate = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0.0)
            @MultiStepLR(milestones = {1, 2}, gamma = 0.1)
            @ClipGradients(value = 0.5)
            abstract class NAME {
                @Conv(filters = 4, kernel = 3, stride = 1, padding = 1)
                @SpatialDropout(0.1)
                Layer conv;
                @MaxPool(value = 2, stride = 2, padding = 0)
                Layer pool;
                @AvgPool(value = 2, stride = 1, padding = 1)
                Layer avg;
                @Flatten Layer flat;
                @Dense(10) Layer out;
            }
            """, """
            @Model(
                input = @Input(channels = 3, height = 8, width = 8))
            @AdamW(learningRate = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0.01)
            @CosineAnnealingLR(tMax = 10, etaMin = 0.0)
            abstract class NAME {
                @Conv(filters = 4, kernel = 3, padding = 1) @Relu
                @Init(value = WeightInit.HE_NORMAL, mean = 0.5)
                Layer stem;
                @Blocks(value = NAMEBlock.class, width = 8, stride = 2, repeat = 2)
                Layer stage;
                @GlobalAvgPool Layer gap;
                @Dense(10) Layer fc;
            }

            @Block
            abstract class NAMEBlock {
                @Conv(filters = Block.WIDTH, kernel = 3, stride = Block.STRIDE, padding = 1, bias = false) @BatchNorm @Relu Layer c1;
                @Conv(filters = Block.WIDTH, kernel = 3, padding = 1, bias = false) @BatchNorm Layer c2;
            }
            """, """
            @Model(
                input = @Input(features = 4))
            @AdaGrad(learningRate = 0.01, lrDecay = 0.0, weightDecay = 0.0, initialAccumulator = 0.0, eps = 1e-10)
            @ExponentialLR(gamma = 0.9)
            abstract class NAME {
                @Dense(8) @Tanh
                @Init(value = WeightInit.XAVIER_UNIFORM, std = 0.5, bias = 0.1)
                @Regularize(l2 = 1e-3)
                Layer h;
                @Dense(8) @Sigmoid Layer g;
                @Dense(2) Layer out;
            }
            """, """
            @Model(
                input = @Input(features = 4))
            @RmsProp(learningRate = 0.01, alpha = 0.99, eps = 1e-8, weightDecay = 0.0, momentum = 0.0)
            @ReduceLROnPlateau(factor = 0.1, patience = 10, threshold = 1e-4, cooldown = 0, minLr = 0.0, monitor = "val_loss")
            abstract class NAME {
                @Dense(8) @Relu Layer h;
                @Dense(2) Layer out;
            }
            """, """
            @Model(
                input = @Input(tokens = 6, vocabulary = 20),
                classes = 2)
            @Train(epochs = 1, batchSize = 4, seed = 1)
            abstract class NAME {
                @Embedding(dimension = 4) @Dropout(0.1) Layer embed;
                @GlobalAvgPool Layer pool;
                @Dense(2) Layer out;
            }
            """, """
            @Model(
                input = @Input(tokens = 6, vocabulary = 20),
                classes = 2)
            @Train(epochs = 1, batchSize = 4, seed = 1)
            abstract class NAME {
                @Embedding(dimension = 4) Layer embed;
                @Conv1d(filters = 3, kernel = 1, bias = true, dilation = 1, stride = 2) @Relu Layer conv;
                @MaxPool(value = 1, stride = 0, padding = 0) Layer windows;
                @GlobalMaxPool Layer pool;
                @Dense(2) Layer out;
            }
            """, """
            @Model(
                input = @Input(tokens = 6, vocabulary = 20),
                classes = 2)
            @Train(epochs = 1, batchSize = 4, seed = 1)
            abstract class NAME {
                @Embedding(dimension = 4) Layer embed;
                @Lstm(units = 3, sequences = true, bidirectional = Bidirectional.CONCAT) Layer rnn;
                @Gru(units = 2, bidirectional = Bidirectional.SUM) Layer last;
                @Dense(2) Layer out;
            }
            """, """
            @Model(
                input = @Input(tokens = 8, vocabulary = 20),
                task = Task.CLASS_PER_STEP)
            @Train(epochs = 1, batchSize = 4, seed = 1)
            abstract class NAME {
                @Embedding(dimension = 8) Layer embed;
                @TransformerEncoder(heads = 2, feedForward = 16, dropout = 0.1, normFirst = true, causal = true,
                        repeat = 2) Layer encoder;
                @PositionEmbedding(length = 8, sinusoidal = false) Layer positions;
                @MultiHeadAttention(heads = 2, keyDimension = 3, causal = true) Layer attn;
                @Dense(20) Layer next;
            }
            """, """
            @Model(
                input = @Input(steps = 12, features = 1),
                task = Task.REGRESSION)
            @Train(epochs = 2, batchSize = 4, seed = 1, loss = LossFunction.HUBER)
            @ReduceLROnPlateau(monitor = "val_rmse", factor = 0.5, patience = 1)
            abstract class NAME {
                @Lstm(units = 8) Layer rnn;
                @Dense(1) Layer out;
            }
            """);

    /** One declaration: a base with one attribute set to one value. */
    @TempDir
    Path tmp;

    /**
     * One declaration: a base with one attribute set to one value.
     *
     * @param line the annotation's line (0 for an unchanged base)
     * @param field the layer field the annotation is on, {@code null} on the class
     */
    record Variant(
            String className,
            String annotation,
            String attribute,
            String value,
            String source,
            int line,
            String field) {
        String describe() {
            return className + " @" + annotation + "(" + attribute + " = " + value + ")";
        }

        /**
         * Whether an error answers for this change: it is on the annotation, or it is where a value valid on its own
         * conflicts with another element, and then it names the value or the layer that holds it; an input size
         * valid on its own is answered where the shape it flows into fails, by an error that shows that input.
         */
        boolean answeredBy(Diagnostic<? extends JavaFileObject> d) {
            String text = d.getMessage(Locale.ROOT);
            if (d.getLineNumber() == line
                    || field != null
                            && Pattern.compile("\\b" + Pattern.quote(field) + "\\b")
                                    .matcher(text)
                                    .find()) {
                return true;
            }
            if (annotation.equals("Input") && text.contains("input")) {
                return true;
            }
            String plain = switch (value) {
                case "Integer.MAX_VALUE" -> "2147483647";
                case "Integer.MIN_VALUE" -> "-2147483648";
                default -> value;
            };
            String grouped = plain.matches("-?\\d+") ? String.format(Locale.ROOT, "%,d", Long.parseLong(plain)) : plain;
            return text.contains(attribute + " = " + plain)
                    || text.contains("is " + plain + ")")
                    || text.contains(attribute + " = " + grouped);
        }
    }

    @Test
    void everyExtremeValueEndsInDiagnosticsOnTheModelOrInCodeThatCompiles() throws Exception {
        List<String> failures = new ArrayList<>();
        List<Variant> variants = new ArrayList<>();
        for (int b = 0; b < BASES.size(); b++) {
            variants.add(new Variant(
                    String.format(Locale.ROOT, "Base%d", b), "-", "-", "-", source(BASES.get(b), "Base" + b), 0, null));
        }
        int bases = variants.size();
        Map<String, List<String>> attributes = attributes();
        for (var entry : attributes.entrySet()) {
            String annotation = entry.getKey().substring(0, entry.getKey().indexOf('.'));
            String attribute = entry.getKey().substring(entry.getKey().indexOf('.') + 1);
            List<String> using =
                    BASES.stream().filter(t -> find(t, annotation) >= 0).toList();
            if (using.isEmpty()) {
                failures.add("no base declaration uses @" + annotation
                        + "; add it to BASES so that its attributes are covered");
                continue;
            }
            for (String text : using) {
                for (String value : entry.getValue()) {
                    String name = String.format(Locale.ROOT, "V%04d", variants.size());
                    int at = find(text, annotation);
                    String mutated = setAttribute(text, at, attribute, value.replace("NAME", name));
                    String src = source(mutated, name);
                    int line =
                            lineOf(src, source(mutated.substring(0, at), name).length());
                    Matcher field = Pattern.compile("Layer (\\w+);").matcher(text);
                    boolean onField = text.lastIndexOf("abstract class", at) >= 0 && field.find(at);
                    variants.add(new Variant(
                            name, annotation, attribute, value, src, line, onField ? field.group(1) : null));
                }
            }
        }
        assertThat(variants.size() - bases).as("declarations").isGreaterThan(500);

        // 1. Processing alone, in batches: diagnostics or nothing, never an internal error.
        List<Variant> clean = new ArrayList<>();
        int rejected = 0;
        for (int from = 0; from < variants.size(); from += BATCH) {
            List<Variant> batch = variants.subList(from, Math.min(variants.size(), from + BATCH));
            Compilation c = compile(batch, "-proc:only", failures);
            if (c == null) {
                continue;
            }
            java.util.Set<String> generated = c.generated();
            Map<String, List<Diagnostic<? extends JavaFileObject>>> errors = new LinkedHashMap<>();
            for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
                String text = d.getMessage(Locale.ROOT);
                if (text.contains("internal error") || text.contains("uncaught exception")) {
                    failures.add("internal error: " + text);
                }
                if (d.getKind() != Diagnostic.Kind.ERROR) {
                    continue;
                }
                String owner = owner(d);
                if (owner == null) {
                    failures.add("an error outside the declarations' own sources: " + d);
                    continue;
                }
                errors.computeIfAbsent(owner, k -> new ArrayList<>()).add(d);
            }
            for (Variant v : batch) {
                List<Diagnostic<? extends JavaFileObject>> own = errors.getOrDefault(v.className(), List.of());
                if (own.isEmpty()) {
                    clean.add(v);
                    continue;
                }
                rejected++;
                if (v.line() == 0) {
                    failures.add("the valid base " + v.className() + " is rejected: " + own + "\n" + v.source());
                } else if (own.stream().noneMatch(v::answeredBy)) {
                    failures.add(v.describe() + ": no error on line " + v.line()
                            + ", the annotation's, or naming it; errors: "
                            + own.stream()
                                    .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                                    .toList());
                }
                for (String suffix : List.of("Graph", "Trainer")) {
                    if (generated.contains(v.className() + suffix)) {
                        failures.add(v.describe() + " has errors, yet " + v.className() + suffix + " was generated");
                    }
                }
            }
        }

        // 2. What was accepted compiles with its generated code.
        for (int from = 0; from < clean.size(); from += BATCH) {
            List<Variant> batch = clean.subList(from, Math.min(clean.size(), from + BATCH));
            Compilation c = compile(batch, "-proc:full", failures);
            if (c == null) {
                continue;
            }
            for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    failures.add("an accepted declaration does not compile: " + d);
                }
            }
            java.util.Set<String> generated = c.generated();
            for (Variant v : batch) {
                for (String suffix : List.of("Graph", "Trainer")) {
                    if (!generated.contains(v.className() + suffix)) {
                        failures.add(
                                v.describe() + " was accepted but " + v.className() + suffix + " was not generated");
                    }
                }
            }
        }

        System.out.printf(
                Locale.ROOT,
                "ExtremeValuesTest: %d attributes, %d declarations: %d rejected with an error that"
                        + " answers for the change, %d accepted and compiled with their generated code%n",
                attributes.size(),
                variants.size() - bases,
                rejected,
                clean.size() - bases);
        assertThat(rejected).as("rejected declarations").isGreaterThan(200);
        assertThat(clean.size() - bases).as("accepted declarations").isGreaterThan(100);
        if (!failures.isEmpty()) {
            fail(failures.size() + " failures:\n"
                    + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
        }
    }

    /** One javac run over files in {@code dir}: its diagnostics and the simple names of the sources generated. */
    record Compilation(List<Diagnostic<? extends JavaFileObject>> diagnostics, java.util.Set<String> generated) {}

    private Compilation compile(List<Variant> batch, String proc, List<String> failures) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "batch");
        Path src = Files.createDirectories(dir.resolve("src").resolve(PACKAGE));
        Path gen = Files.createDirectories(dir.resolve("generated"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<Path> files = new ArrayList<>();
        for (Variant v : batch) {
            files.add(Files.writeString(src.resolve(v.className() + ".java"), v.source()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm =
                javac.getStandardFileManager(collector, Locale.ROOT, StandardCharsets.UTF_8)) {
            JavaCompiler.CompilationTask task = javac.getTask(
                    new StringWriter(),
                    fm,
                    collector,
                    List.of(
                            "-classpath",
                            System.getProperty("java.class.path"),
                            proc,
                            "-d",
                            classes.toString(),
                            "-s",
                            gen.toString(),
                            "-encoding",
                            "UTF-8",
                            "-Xmaxerrs",
                            "100000",
                            "-Xmaxwarns",
                            "100000"),
                    null,
                    fm.getJavaFileObjectsFromPaths(files));
            task.setProcessors(List.of(new ModelProcessor()));
            task.setLocale(Locale.ROOT);
            task.call();
        } catch (RuntimeException | Error e) {
            failures.add("javac threw on " + batch.get(0).describe() + " .. "
                    + batch.get(batch.size() - 1).describe() + ": " + e);
            return null;
        }
        java.util.Set<String> generated = new java.util.HashSet<>();
        try (Stream<Path> walk = Files.walk(gen)) {
            walk.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString().replace(".java", ""))
                    .forEach(generated::add);
        }
        return new Compilation(collector.getDiagnostics(), generated);
    }

    /** The declaration a diagnostic is about, by its file; {@code null} for generated files and others. */
    private static String owner(Diagnostic<? extends JavaFileObject> d) {
        if (d.getSource() == null) {
            return null;
        }
        Path file = Path.of(d.getSource().toUri());
        Matcher m = LOCATED.matcher(file.getParent().getFileName() + "/" + file.getFileName());
        return m.matches()
                        && file.getParent().getParent().getFileName().toString().equals("src")
                ? m.group(1)
                : null;
    }

    // ---- the attributes and their values

    /** {@code Annotation.attribute} → the values to try, for every attribute whose type has extremes. */
    static Map<String, List<String>> attributes() throws IOException, URISyntaxException, ClassNotFoundException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : annotationNames()) {
            Class<?> type = Class.forName(Model.class.getPackageName() + "." + name);
            if (!type.isAnnotation()) {
                continue;
            }
            Method[] methods = type.getDeclaredMethods();
            Arrays.sort(methods, Comparator.comparing(Method::getName));
            for (Method m : methods) {
                Class<?> r = m.getReturnType();
                List<String> values = r == int.class
                        ? INTS
                        : r == long.class
                                ? LONGS
                                : r == double.class
                                        ? DOUBLES
                                        : r == int[].class
                                                ? INT_ARRAYS
                                                : r == String.class ? STRINGS : r == Class.class ? CLASSES : null;
                if (values == null && r != boolean.class && !r.isEnum() && !r.isAnnotation()) {
                    throw new AssertionError(
                            "@" + name + "." + m.getName() + " has a type this test has no values for: " + r);
                }
                if (values != null) {
                    out.put(name + "." + m.getName(), values);
                }
            }
        }
        return out;
    }

    private static List<String> annotationNames() throws IOException, URISyntaxException {
        Path location = Path.of(
                Model.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String dir = Model.class.getPackageName().replace('.', '/') + "/";
        TreeSet<String> names = new TreeSet<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.list(location.resolve(dir))) {
                files.map(p -> p.getFileName().toString()).forEach(names::add);
            }
        } else {
            try (ZipFile jar = new ZipFile(location.toFile())) {
                jar.stream()
                        .map(e -> e.getName())
                        .filter(n -> n.startsWith(dir) && n.indexOf('/', dir.length()) < 0)
                        .map(n -> n.substring(dir.length()))
                        .forEach(names::add);
            }
        }
        return names.stream()
                .filter(n -> n.endsWith(".class") && !n.contains("$"))
                .map(n -> n.substring(0, n.length() - ".class".length()))
                .toList();
    }

    // ---- editing a declaration's text

    private static String source(String body, String name) {
        return "package " + PACKAGE + ";\n\nimport io.netforge.annotations.*;\n\n" + body.replace("NAME", name);
    }

    /** Where {@code @annotation} (the whole name) first occurs in {@code text}, or -1. */
    static int find(String text, String annotation) {
        Matcher m = Pattern.compile("@" + annotation + "(?![\\w$])").matcher(text);
        return m.find() ? m.start() : -1;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The annotation at {@code at} with {@code attribute = value}, replacing or adding it. */
    static String setAttribute(String text, int at, String attribute, String value) {
        int nameEnd = at + 1;
        while (nameEnd < text.length() && Character.isJavaIdentifierPart(text.charAt(nameEnd))) {
            nameEnd++;
        }
        if (nameEnd >= text.length() || text.charAt(nameEnd) != '(') {
            return text.substring(0, nameEnd) + "(" + attribute + " = " + value + ")" + text.substring(nameEnd);
        }
        List<Integer> marks = topLevel(text, nameEnd);
        int close = marks.get(marks.size() - 1);
        List<String> parts = new ArrayList<>();
        int start = nameEnd + 1;
        for (int mark : marks) {
            if (!text.substring(start, mark).isBlank()) {
                parts.add(text.substring(start, mark));
            }
            start = mark + 1;
        }
        LinkedHashMap<String, String> attrs = new LinkedHashMap<>();
        for (String p : parts) {
            int eq = topLevelEquals(p);
            if (eq < 0) {
                attrs.put("value", p.strip());
            } else {
                attrs.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
            }
        }
        attrs.put(attribute, value);
        List<String> rendered = new ArrayList<>();
        attrs.forEach((k, v) -> rendered.add(k + " = " + v));
        return text.substring(0, nameEnd) + "(" + String.join(", ", rendered) + ")" + text.substring(close + 1);
    }

    /**
     * The offsets of the top-level commas inside the parentheses that open at {@code open}, then of the closing
     * parenthesis; strings, nested annotations and array braces are skipped.
     */
    private static List<Integer> topLevel(String text, int open) {
        List<Integer> marks = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '\\') {
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == '(' || ch == '{') {
                depth++;
            } else if (ch == ',' && depth == 1) {
                marks.add(i);
            } else if ((ch == ')' || ch == '}') && --depth == 0) {
                marks.add(i);
                return marks;
            }
        }
        throw new IllegalArgumentException("unbalanced: " + text.substring(open));
    }

    private static int topLevelEquals(String part) {
        int eq = part.indexOf('=');
        int quote = part.indexOf('"');
        int paren = part.indexOf('(');
        boolean first = eq >= 0 && (quote < 0 || eq < quote) && (paren < 0 || eq < paren);
        return first ? eq : -1;
    }
}
