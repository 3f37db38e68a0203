package io.netforge.processor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * A seeded generator of {@code @Model} declarations for {@link RandomModelsTest}: valid models from a small
 * grammar, with their shapes tracked by this class's own PyTorch arithmetic (not the processor's), and invalid
 * ones made from a valid model by injecting exactly one {@link Defect}.
 *
 * <p>Valid models stay clear of what the processor warns about or is about to reject: at most one activation
 * per field, {@code @Softmax} only on flat tensors and never last, {@code batchSize >= 2}, package-private
 * non-final layer fields, no constructors or methods, no dropout on the final layer and no dropout anywhere
 * before a {@code @BatchNorm}.
 */
final class RandomModels {
    static final String PACKAGE = "rnd";
    private static final String ANNOTATIONS = "io.netforge.annotations.";
    private static final List<String> MAIN_OPS = List.of("Conv", "MaxPool", "AvgPool", "Flatten", "Dense");
    private static final List<String> SETTINGS = List.of("Init", "Regularize");
    private static final List<String> WEIGHT_INITS =
            List.of("PYTORCH_DEFAULT", "XAVIER_NORMAL", "XAVIER_UNIFORM", "HE_NORMAL", "HE_UNIFORM", "NORMAL", "ZEROS");
    /** Field names that mean something elsewhere: graph variables, the generated code's locals, odd identifiers. */
    private static final List<String> TRICKY_NAMES = List.of(
            "input",
            "labels",
            "loss",
            "logits",
            "train_logits",
            "x",
            "g",
            "seed",
            "classes",
            "_f",
            "$f",
            "größe",
            "Layer",
            "Model",
            "W",
            "b");

    private RandomModels() {}

    // ------------------------------------------------------------------------------------------------------------
    // Shapes, with PyTorch's arithmetic: out = floor((in + 2p - k) / s) + 1; pooling stride 0 means the window.

    sealed interface Shape permits Image, Flat, Tokens, Sequence {
        long size();

        /** The batched shape, {@code [n, C, H, W]} or {@code [n, F]}. */
        long[] batched(int n);

        String text();
    }

    record Image(int c, int h, int w) implements Shape {
        @Override
        public long size() {
            return (long) c * h * w;
        }

        @Override
        public long[] batched(int n) {
            return new long[] {n, c, h, w};
        }

        @Override
        public String text() {
            return c + "×" + h + "×" + w;
        }
    }

    record Flat(int f) implements Shape {
        @Override
        public long size() {
            return f;
        }

        @Override
        public long[] batched(int n) {
            return new long[] {n, f};
        }

        @Override
        public String text() {
            return Integer.toString(f);
        }
    }

    /** The token input: {@code length} ids below {@code vocabulary}. */
    record Tokens(int length, int vocabulary) implements Shape {
        @Override
        public long size() {
            return length;
        }

        @Override
        public long[] batched(int n) {
            return new long[] {n, length};
        }

        @Override
        public String text() {
            return length + " token ids";
        }
    }

    /** A sequence of {@code steps} vectors of {@code f} values (an embedding's output). */
    record Sequence(int steps, int f) implements Shape {
        @Override
        public long size() {
            return (long) steps * f;
        }

        @Override
        public long[] batched(int n) {
            return new long[] {n, steps, f};
        }

        @Override
        public String text() {
            return steps + "×" + f + " (steps×features)";
        }
    }

    /** One side after a window; requires {@code kernel <= in + 2 * padding}, so the division is a floor. */
    static int side(int in, int kernel, int stride, int padding) {
        int padded = in + 2 * padding;
        if (kernel > padded || stride <= 0) {
            throw new IllegalArgumentException("window " + kernel + " on " + padded + ", stride " + stride);
        }
        return (padded - kernel) / stride + 1;
    }

    static boolean fits(Image in, int kernel, int padding) {
        return kernel <= Math.min(in.h(), in.w()) + 2 * padding;
    }

    // ------------------------------------------------------------------------------------------------------------
    // What the generator produces.

    /** The injected defects, each with a fragment that the processor's error message must contain. */
    enum Defect {
        DENSE_ON_IMAGE,
        IMAGE_OP_ON_FLAT,
        WINDOW_TOO_LARGE,
        NOT_POSITIVE_SIZE,
        NEGATIVE_PADDING_OR_STRIDE,
        DROPOUT_RATE,
        BATCH_NORM_MOMENTUM,
        BAD_TRAINING_VALUE,
        TWO_MAIN_OPS,
        FIELD_NOT_LAYER,
        STATIC_LAYER_FIELD,
        NO_LAYERS,
        NOT_ABSTRACT,
        CLASSES_MISMATCH,
        POOL_PADDING_TOO_LARGE,
        INPUT_TWO_SHAPES,
        LAYER_WITHOUT_OP,
        TWO_OPTIMIZERS,
        // Beyond the issue's list, from docs/annotations.md's catalogue.
        INPUT_NO_SHAPE,
        NESTEROV_WITHOUT_MOMENTUM,
        LAST_LAYER_NOT_FLAT,
        SOFTMAX_ON_IMAGE,
        BAD_LAYER_VALUE,
        BAD_OPTIMIZER_VALUE,
        BAD_INIT_OR_PENALTY,
        NEGATIVE_CLASSES,
        SHAPE_TOO_LARGE,
        UNRESOLVED_CONSTANT,
        GENERATED_NAME_TAKEN,
        MODEL_NOT_A_CLASS,
        /** Classes or a class loss on a regression model, or a regression loss on a classifier. */
        REGRESSION_MISUSE,
        /** A class per step declared on a model that pools its steps away, or with another loss. */
        PER_STEP_MISUSE
    }

    /** One layer field of a valid model with the shapes this generator inferred for it. */
    record LayerShape(String name, Shape in, Shape out) {}

    /** What {@code <Model>Trainer.defaults()} must hold. {@code optimizer} is "Sgd" or "Adam". */
    record Config(
            int epochs,
            int batchSize,
            long seed,
            String optimizer,
            double learningRate,
            double momentum,
            boolean nesterov,
            double beta1,
            double beta2,
            double eps,
            double weightDecay) {}

    /**
     * One generated model.
     *
     * @param defect {@code null} for a valid model
     * @param expected for an invalid model, a fragment one of its errors must contain
     * @param input, classes, layers, config what a valid model must build to (undefined for invalid ones)
     */
    record Model(
            int index,
            String className,
            String source,
            Defect defect,
            String expected,
            String detail,
            Shape input,
            int classes,
            List<LayerShape> layers,
            Config config) {
        boolean valid() {
            return defect == null;
        }

        /** The steps of a per-step model's output sequence; 0 for one output row per sample. */
        int outputSteps() {
            return !layers.isEmpty() && layers.get(layers.size() - 1).out() instanceof Sequence seq ? seq.steps() : 0;
        }

        String qualifiedName() {
            return PACKAGE + "." + className;
        }

        String fileName() {
            return className + ".java";
        }

        String describe() {
            return "model #" + index + " " + qualifiedName()
                    + (valid() ? " (valid)" : " (defect " + defect + ": " + detail + ")");
        }
    }

    /**
     * {@code count} models from {@code seed}: about 70 % valid; the invalid ones take the defects in turn, so
     * every defect appears about equally often.
     */
    static List<Model> generate(long seed, int count) {
        SplittableRandom master = new SplittableRandom(seed);
        List<Defect> cycle = new ArrayList<>();
        List<Model> models = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SplittableRandom r = master.split();
            if (r.nextInt(100) < 70) {
                models.add(valid(i, r));
            } else {
                if (cycle.isEmpty()) {
                    cycle.addAll(List.of(Defect.values()));
                    Collections.shuffle(cycle, new java.util.Random(r.nextLong()));
                }
                models.add(invalid(i, r, cycle.remove(cycle.size() - 1)));
            }
        }
        return models;
    }

    static String className(int index) {
        return String.format(java.util.Locale.ROOT, "M%04d", index);
    }

    private static Model valid(int index, SplittableRandom r) {
        Gen gen = new Gen(index, r, false);
        gen.blocksAllowed = true;
        gen.textAllowed = true;
        gen.model();
        return gen.result(null, null, null);
    }

    private static Model invalid(int index, SplittableRandom r, Defect defect) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            Gen gen = new Gen(index, r, needsImage(defect));
            gen.model();
            String[] expectedAndDetail = gen.inject(defect);
            if (expectedAndDetail != null) {
                return gen.result(defect, expectedAndDetail[0], expectedAndDetail[1]);
            }
        }
        throw new IllegalStateException("could not inject " + defect);
    }

    private static boolean needsImage(Defect defect) {
        return switch (defect) {
            case DENSE_ON_IMAGE,
                    WINDOW_TOO_LARGE,
                    POOL_PADDING_TOO_LARGE,
                    LAST_LAYER_NOT_FLAT,
                    SOFTMAX_ON_IMAGE,
                    SHAPE_TOO_LARGE -> true;
            default -> false;
        };
    }

    // ------------------------------------------------------------------------------------------------------------
    // The declaration being built.

    /** One annotation: its simple name and its attributes as source text, in order. */
    static final class Ann {
        final String name;
        final LinkedHashMap<String, String> attrs = new LinkedHashMap<>();

        Ann(String name) {
            this.name = name;
        }

        Ann set(String attribute, String source) {
            attrs.put(attribute, source);
            return this;
        }

        boolean isMain() {
            return MAIN_OPS.contains(name);
        }

        boolean isOp() {
            return !SETTINGS.contains(name);
        }

        String render(boolean qualified, SplittableRandom r) {
            StringBuilder sb =
                    new StringBuilder("@").append(qualified ? ANNOTATIONS : "").append(name);
            if (attrs.isEmpty()) {
                return r.nextInt(8) == 0 ? sb.append("()").toString() : sb.toString();
            }
            if (attrs.size() == 1 && attrs.containsKey("value") && r.nextInt(4) != 0) {
                return sb.append('(').append(attrs.get("value")).append(')').toString();
            }
            List<String> parts = new ArrayList<>();
            attrs.forEach((k, v) -> parts.add(k + " = " + v));
            return sb.append('(').append(String.join(", ", parts)).append(')').toString();
        }
    }

    static final class Field {
        String name;
        String type = "Layer";
        String modifiers = "";
        final List<Ann> anns = new ArrayList<>();
        /** Shapes as generated (the valid model's), {@code null} for fields a defect added. */
        Shape in;

        Shape out;
        /** For a {@code @Blocks} field, the layers it expands to with their shapes; {@code null} otherwise. */
        List<LayerShape> expanded;

        Ann main() {
            return anns.stream().filter(Ann::isMain).findFirst().orElse(null);
        }

        boolean has(String annotation) {
            return anns.stream().anyMatch(a -> a.name.equals(annotation));
        }
    }

    /** Builds one model: first valid, then (optionally) one injected defect, then the source text. */
    private static final class Gen {
        final int index;
        final SplittableRandom r;
        final boolean forceImage;
        /** Residual stages are generated for valid models only, as the defects are injected into plain layers. */
        boolean blocksAllowed;
        /** Text models (token input, embedding, pooling) likewise: valid models only. */
        boolean textAllowed;
        /** Whether the model scores classes at every step ({@code task = CLASS_PER_STEP}): no pooling at the end. */
        boolean perStep;

        final String className;
        boolean qualified;
        boolean isPublic;
        String classKind = "abstract class";
        final LinkedHashMap<String, String> input = new LinkedHashMap<>();
        String classesAttr;
        /** {@code @Model}'s task, or null to leave it out. */
        String taskAttr;

        boolean classesFirst;
        final List<Ann> classAnns = new ArrayList<>();
        final List<Field> fields = new ArrayList<>();
        final List<String> members = new ArrayList<>();
        final List<String> trailer = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        int constants;

        Shape inputShape;
        Shape shape;
        boolean droppedOut;
        int classes;
        Config config;

        Gen(int index, SplittableRandom r, boolean forceImage) {
            this.index = index;
            this.r = r;
            this.forceImage = forceImage;
            this.className = className(index);
        }

        // ---- valid models

        void model() {
            qualified = r.nextInt(6) == 0;
            isPublic = r.nextBoolean();
            if (forceImage || r.nextInt(100) < 60) {
                int c = between(1, 3);
                int h = between(4, 16);
                int w = r.nextInt(3) == 0 ? h : between(4, 16);
                inputShape = new Image(c, h, w);
                List<String> keys = new ArrayList<>(List.of("channels", "height", "width"));
                Collections.shuffle(keys, new java.util.Random(r.nextLong()));
                for (String k : keys) {
                    input.put(k, intLiteral(k.equals("channels") ? c : k.equals("height") ? h : w));
                }
                if (r.nextInt(10) == 0) {
                    input.put("features", "0");
                }
            } else if (textAllowed && r.nextInt(100) < 12) {
                int steps = between(1, 24);
                int f = between(1, 16);
                inputShape = new Sequence(steps, f);
                input.put("steps", intLiteral(steps));
                input.put("features", intLiteral(f));
            } else if (textAllowed && r.nextInt(100) < 35) {
                int length = between(1, 24);
                int vocabulary = between(2, 60);
                inputShape = new Tokens(length, vocabulary);
                if (r.nextBoolean()) {
                    input.put("tokens", intLiteral(length));
                    input.put("vocabulary", intLiteral(vocabulary));
                } else {
                    input.put("vocabulary", intLiteral(vocabulary));
                    input.put("tokens", intLiteral(length));
                }
            } else {
                int f = between(1, 64);
                inputShape = new Flat(f);
                input.put("features", intLiteral(f));
                if (r.nextInt(20) == 0) {
                    input.put("channels", "0");
                }
            }
            shape = inputShape;
            if (inputShape instanceof Tokens tokens) {
                text(tokens.length());
            } else if (inputShape instanceof Sequence sequence) {
                sequenceBody(sequence.steps(), sequence.f());
            }

            int target = between(1, 8);
            while (!perStep && fields.size() + tail(shape) < target) {
                bodyField();
            }
            if (shape instanceof Image) {
                Field flat = newField("flat");
                flat.anns.add(new Ann("Flatten"));
                add(flat, new Flat(Math.toIntExact(shape.size())));
            }
            classes = r.nextInt(5) == 0 ? 2 + r.nextInt(31) : between(2, 12);
            Field last = newField(r.nextBoolean() ? "logits" : "out");
            Ann dense = new Ann("Dense");
            denseAttrs(dense, classes);
            last.anns.add(dense);
            if (r.nextInt(10) == 0 && !droppedOut && !perStep) {
                last.anns.add(batchNorm());
            }
            if (r.nextInt(10) == 0) {
                String act =
                        List.of("Relu", "LeakyRelu", "Sigmoid", "Tanh", "Gelu").get(r.nextInt(5));
                last.anns.add(act.equals("LeakyRelu") ? leakyRelu() : new Ann(act));
            }
            settings(last);
            if (perStep) {
                taskAttr = type("Task") + ".CLASS_PER_STEP";
                add(last, new Sequence(((Sequence) shape).steps(), classes));
            } else {
                add(last, new Flat(classes));
            }

            int pick = r.nextInt(10);
            classesAttr = pick < 5 ? intLiteral(classes) : pick == 5 ? "0" : null;
            classesFirst = r.nextInt(4) == 0;
            classSettings();
        }

        /**
         * A text model's start: token input, an {@code @Embedding} field (sometimes with a dropout or an activation on
         * the sequence) and a {@code @GlobalAvgPool} field; the model goes on from the pooled features.
         */
        void text(int length) {
            int dimension = between(1, 16);
            Field embed = newField("embed");
            Ann embedding = new Ann("Embedding");
            embedding.set("dimension", intLiteral(dimension));
            embed.anns.add(embedding);
            int extra = r.nextInt(6);
            if (extra == 0) {
                embed.anns.add(new Ann("Dropout").set("value", rate()));
                droppedOut = true;
            } else if (extra == 1) {
                String act =
                        List.of("Relu", "LeakyRelu", "Sigmoid", "Tanh", "Gelu").get(r.nextInt(5));
                embed.anns.add(act.equals("LeakyRelu") ? leakyRelu() : new Ann(act));
            }
            add(embed, new Sequence(length, dimension));
            sequenceBody(length, dimension);
        }

        /**
         * What follows a sequence of {@code length} steps of {@code features} values (an embedding's or a sequence
         * input's): an optional {@code @Conv1d}, an optional {@code @Lstm} or {@code @Gru}, and a pooling unless the
         * recurrent layer ends in its last state.
         */
        void sequenceBody(int length, int features) {
            if (r.nextBoolean()) {
                int filters = between(1, 16);
                int kernel = 1 + 2 * r.nextInt((length + 1) / 2); // odd, at most the length
                Field conv = newField("conv");
                Ann conv1d =
                        new Ann("Conv1d").set("filters", intLiteral(filters)).set("kernel", intLiteral(kernel));
                int span = kernel;
                if (kernel > 1 && r.nextInt(3) == 0) {
                    int dilation = 1 + r.nextInt(Math.max(1, (length - 1) / (kernel - 1))); // spans at most the length
                    conv1d.set("dilation", intLiteral(dilation));
                    span = (kernel - 1) * dilation + 1;
                }
                boolean valid = false;
                if (r.nextInt(4) == 0) {
                    valid = r.nextBoolean();
                    conv1d.set("padding", "io.netforge.annotations.Padding." + (valid ? "VALID" : "CAUSAL"));
                }
                if (r.nextInt(4) == 0) {
                    conv1d.set("bias", "false");
                }
                int stride = 1;
                if (r.nextInt(3) == 0) {
                    stride = between(1, 4);
                    conv1d.set("stride", intLiteral(stride));
                }
                length = valid ? (length - span) / stride + 1 : (length + stride - 1) / stride;
                conv.anns.add(conv1d);
                if (r.nextBoolean()) {
                    conv.anns.add(new Ann("Relu"));
                }
                add(conv, new Sequence(length, filters));
                features = filters;
            }
            if (r.nextInt(4) == 0) {
                int window = between(1, Math.min(4, length));
                Field windows = newField("windows");
                windows.anns.add(new Ann(r.nextBoolean() ? "MaxPool" : "AvgPool").set("value", intLiteral(window)));
                length = (length + window - 1) / window;
                add(windows, new Sequence(length, features));
            }
            if (r.nextInt(6) == 0) {
                Field positions = newField("positions");
                Ann pe = new Ann("PositionEmbedding");
                if (r.nextBoolean()) {
                    pe.set("length", intLiteral(length + r.nextInt(4)));
                }
                if (r.nextBoolean()) {
                    pe.set("sinusoidal", "true");
                }
                positions.anns.add(pe);
                add(positions, new Sequence(length, features));
            }
            if (r.nextInt(5) == 0) {
                Field attn = newField("attn");
                Ann mha = new Ann("MultiHeadAttention");
                if (r.nextBoolean()) { // PyTorch's sizes: the heads divide the features
                    List<Integer> divisors = new ArrayList<>();
                    for (int h = 1; h <= features; h++) {
                        if (features % h == 0) {
                            divisors.add(h);
                        }
                    }
                    mha.set("heads", intLiteral(divisors.get(r.nextInt(divisors.size()))));
                } else { // Keras': each head its key dimension
                    mha.set("heads", intLiteral(between(1, 4))).set("keyDimension", intLiteral(between(1, 6)));
                }
                if (r.nextBoolean()) {
                    mha.set("causal", "true");
                }
                if (r.nextBoolean()) {
                    mha.set("dropout", rate());
                    droppedOut = true;
                }
                attn.anns.add(mha);
                add(attn, new Sequence(length, features));
            }
            if (features >= 2 && r.nextInt(6) == 0) {
                List<Integer> divisors = new ArrayList<>();
                for (int h = 1; h <= features; h++) {
                    if (features % h == 0) {
                        divisors.add(h);
                    }
                }
                Field encoder = newField("encoder");
                Ann t = new Ann("TransformerEncoder")
                        .set("heads", intLiteral(divisors.get(r.nextInt(divisors.size()))))
                        .set("feedForward", intLiteral(between(1, 16)));
                if (r.nextBoolean()) {
                    t.set("dropout", rate());
                    droppedOut = true;
                }
                if (r.nextBoolean()) {
                    t.set("normFirst", "true");
                }
                if (r.nextBoolean()) {
                    t.set("gelu", "true");
                }
                if (r.nextBoolean()) {
                    t.set("causal", "true");
                }
                if (r.nextInt(3) == 0) {
                    t.set("repeat", intLiteral(2));
                }
                encoder.anns.add(t);
                add(encoder, new Sequence(length, features));
            }
            if (r.nextInt(3) == 0) {
                int units = between(1, 8);
                boolean sequences = r.nextBoolean();
                String bidirectional = List.of("NONE", "CONCAT", "SUM").get(r.nextInt(3));
                Field rnn = newField("rnn");
                Ann lstm = new Ann(r.nextBoolean() ? "Lstm" : "Gru").set("units", intLiteral(units));
                if (sequences) {
                    lstm.set("sequences", "true");
                }
                if (!bidirectional.equals("NONE") || r.nextBoolean()) {
                    lstm.set("bidirectional", "io.netforge.annotations.Bidirectional." + bidirectional);
                }
                rnn.anns.add(lstm);
                features = bidirectional.equals("CONCAT") ? 2 * units : units;
                if (!sequences) {
                    add(rnn, new Flat(features));
                    return;
                }
                add(rnn, new Sequence(length, features));
            }
            if (textAllowed && r.nextInt(4) == 0) {
                perStep = true; // a dense layer on each step ends the model
                return;
            }
            Field pool = newField("pool");
            pool.anns.add(new Ann(r.nextBoolean() ? "GlobalAvgPool" : "GlobalMaxPool"));
            add(pool, new Flat(features));
        }

        /** How many fields the end of a model needs from this shape: @Flatten and @Dense, or @Dense. */
        static int tail(Shape s) {
            return s instanceof Image ? 2 : 1;
        }

        void bodyField() {
            if (blocksAllowed && shape instanceof Image img && r.nextInt(8) == 0) {
                blocksField(img);
                return;
            }
            int choice = r.nextInt(100);
            Ann main = null;
            String stem = "layer";
            Shape after = shape;
            if (shape instanceof Image img) {
                if (choice < 45) {
                    main = conv(img);
                    stem = "conv";
                } else if (choice < 75) {
                    main = pool(img, choice < 60 ? "MaxPool" : "AvgPool");
                    stem = "pool";
                } else if (choice < 88) {
                    main = new Ann("Flatten");
                    stem = "flat";
                }
            } else {
                if (choice < 75) {
                    main = new Ann("Dense");
                    denseAttrs(main, between(1, 32));
                    stem = "fc";
                } else if (choice < 80) {
                    main = new Ann("Flatten");
                    stem = "flat";
                }
            }
            if (main != null) {
                after = apply(shape, main);
            } else {
                stem = "act";
            }
            Field f = newField(stem);
            if (main != null) {
                f.anns.add(main);
            }
            do {
                modifiers(f, after);
            } while (f.anns.isEmpty());
            settings(f);
            add(f, after);
        }

        /**
         * A {@code @Blocks} field and its {@code @Block} class (a second top-level class of the file): a basic block
         * (two 3×3 convolutions with BatchNorm), a single convolution, or a bottleneck (1×1, 3×3, 1×1 with fixed
         * output channels), repeated 1-3 times; this generator tracks the expanded layers' shapes itself.
         */
        void blocksField(Image img) {
            String blockClass = className + "B" + (fields.size() + 1);
            int kind = droppedOut ? 1 + r.nextInt(2) : r.nextInt(3); // no BatchNorm after a dropout
            int width = between(1, 8);
            int stride = between(1, 2);
            int repeat = between(1, 3);
            int fixed = between(1, 6);
            boolean relu = r.nextInt(3) != 0;
            String w = type("Block") + ".WIDTH";
            String st = type("Block") + ".STRIDE";
            String bn = " @" + type("BatchNorm");
            String act = " @" + type("Relu");
            String conv = "@" + type("Conv");
            List<String[]> body = switch (kind) {
                case 0 ->
                    List.of(
                            new String[] {
                                "c1",
                                conv + "(filters = " + w + ", kernel = 3, stride = " + st
                                        + ", padding = 1, bias = false)" + bn + act,
                                "3",
                                "1"
                            },
                            new String[] {
                                "c2",
                                conv + "(filters = " + w + ", kernel = 3, padding = 1, bias = false)" + bn,
                                "3",
                                "0"
                            });
                case 1 ->
                    List.<String[]>of(new String[] {
                        "c1",
                        conv + "(filters = " + w + ", kernel = 3, stride = " + st + ", padding = 1)" + act,
                        "3",
                        "1"
                    });
                default ->
                    List.of(
                            new String[] {"reduce", conv + "(filters = " + w + ", kernel = 1)" + act, "1", "0"},
                            new String[] {
                                "c2",
                                conv + "(filters = " + w + ", kernel = 3, stride = " + st + ", padding = 1)" + act,
                                "3",
                                "1"
                            },
                            new String[] {"expand", conv + "(filters = " + fixed + ", kernel = 1)", "1", "0"});
            };
            StringBuilder cls = new StringBuilder("@")
                    .append(type("Block"))
                    .append(relu ? "" : "(relu = false)")
                    .append('\n')
                    .append("abstract class ")
                    .append(blockClass)
                    .append(" {\n");
            for (String[] layer : body) {
                cls.append("    ")
                        .append(layer[1])
                        .append(' ')
                        .append(type("Layer"))
                        .append(' ')
                        .append(layer[0])
                        .append(";\n");
            }
            trailer.add(cls.append("}\n").toString());

            Field f = newField("stage");
            Ann blocks = new Ann("Blocks").set("value", blockClass + ".class").set("width", intLiteral(width));
            if (stride != 1 || r.nextBoolean()) {
                blocks.set("stride", intLiteral(stride));
            }
            if (repeat != 1 || r.nextBoolean()) {
                blocks.set("repeat", intLiteral(repeat));
            }
            f.anns.add(blocks);
            f.expanded = new ArrayList<>();
            Image in = img;
            for (int rep = 0; rep < repeat; rep++) {
                int s = rep == 0 ? stride : 1;
                Image x = in;
                for (int i = 0; i < body.size(); i++) {
                    int k = Integer.parseInt(body.get(i)[2]);
                    int p = k == 3 ? 1 : 0;
                    int layerStride = body.get(i)[3].equals("1") ? s : 1;
                    int channels = kind == 2 && i == 2 ? fixed : width;
                    Image y = new Image(channels, side(x.h(), k, layerStride, p), side(x.w(), k, layerStride, p));
                    f.expanded.add(new LayerShape(f.name + "." + rep + "." + body.get(i)[0], x, y));
                    x = y;
                }
                f.expanded.add(new LayerShape(f.name + "." + rep, x, x));
                in = x;
            }
            add(f, in);
        }

        /** BatchNorm (or LayerNorm on two or more features) and one activation in either order, then perhaps dropout. */
        void modifiers(Field f, Shape s) {
            List<Ann> middle = new ArrayList<>();
            if (s instanceof Flat flat && flat.f() >= 2 && r.nextInt(6) == 0) {
                middle.add(r.nextBoolean() ? new Ann("LayerNorm") : new Ann("LayerNorm").set("eps", "1e-3"));
            } else if (!droppedOut && r.nextInt(4) == 0) {
                middle.add(batchNorm());
            }
            if (r.nextBoolean()) {
                int kinds = s instanceof Flat ? 6 : 5;
                String act = List.of("Relu", "LeakyRelu", "Sigmoid", "Tanh", "Gelu", "Softmax")
                        .get(r.nextInt(kinds));
                middle.add(act.equals("LeakyRelu") ? leakyRelu() : new Ann(act));
            }
            if (r.nextBoolean()) {
                Collections.reverse(middle);
            }
            f.anns.addAll(middle);
            if (r.nextInt(5) == 0) {
                boolean spatial = s instanceof Image && r.nextBoolean();
                f.anns.add(new Ann(spatial ? "SpatialDropout" : "Dropout").set("value", rate()));
                droppedOut = true;
            }
        }

        Ann conv(Image img) {
            for (int attempt = 0; attempt < 30; attempt++) {
                int filters = between(1, 8);
                int kernel = between(1, 5);
                int stride = r.nextInt(10) == 0 ? between(4, 7) : between(1, 3);
                int padding = between(0, 2);
                if (r.nextInt(12) == 0) {
                    kernel = Math.min(img.h(), img.w()) + 2 * padding; // the largest kernel that fits: one row out
                    if (kernel > 9) {
                        continue;
                    }
                }
                if (!fits(img, kernel, padding)) {
                    continue;
                }
                Ann a = new Ann("Conv");
                List<String[]> parts = new ArrayList<>();
                parts.add(new String[] {"filters", intLiteral(filters)});
                parts.add(new String[] {"kernel", intLiteral(kernel)});
                if (stride != 1 || r.nextInt(4) == 0) {
                    parts.add(new String[] {"stride", intLiteral(stride)});
                }
                if (padding != 0 || r.nextInt(4) == 0) {
                    parts.add(new String[] {"padding", intLiteral(padding)});
                }
                if (r.nextInt(3) == 0) {
                    parts.add(new String[] {"bias", Boolean.toString(r.nextBoolean())});
                }
                Collections.shuffle(parts, new java.util.Random(r.nextLong()));
                for (String[] p : parts) {
                    a.set(p[0], p[1]);
                }
                return a;
            }
            return null;
        }

        Ann pool(Image img, String kind) {
            for (int attempt = 0; attempt < 30; attempt++) {
                int window = between(1, 3);
                int stride = between(0, 3);
                int padding = between(0, window / 2);
                if (!fits(img, window, padding)) {
                    continue;
                }
                Ann a = new Ann(kind).set("value", intLiteral(window));
                if (stride != 0 || r.nextInt(5) == 0) {
                    a.set("stride", intLiteral(stride));
                }
                if (padding != 0 || r.nextInt(5) == 0) {
                    a.set("padding", intLiteral(padding));
                }
                return a;
            }
            return null;
        }

        void denseAttrs(Ann dense, int units) {
            String value = r.nextInt(10) == 0 ? constant(units) : intLiteral(units);
            dense.set("value", value);
            if (r.nextInt(4) == 0) {
                dense.set("bias", Boolean.toString(r.nextBoolean()));
            }
        }

        Ann batchNorm() {
            Ann a = new Ann("BatchNorm");
            if (r.nextInt(3) == 0) {
                a.set(
                        "momentum",
                        doubleLiteral(List.of(0.0, 0.01, 0.1, 0.5, 0.99, 1.0).get(r.nextInt(6))));
            }
            if (r.nextInt(4) == 0) {
                a.set("eps", doubleLiteral(List.of(1e-5, 1e-3, 0.1, 1.0).get(r.nextInt(4))));
            }
            return a;
        }

        Ann leakyRelu() {
            Ann a = new Ann("LeakyRelu");
            if (r.nextInt(3) != 0) {
                a.set(
                        "value",
                        doubleLiteral(List.of(0.1, 0.01, 0.2, 0.0, -0.5, 1.5).get(r.nextInt(6))));
            }
            return a;
        }

        String rate() {
            return doubleLiteral(List.of(0.0, 0.1, 0.25, 0.5, 0.9, Math.floor(r.nextDouble() * 900) / 1000)
                    .get(r.nextInt(6)));
        }

        /** Field-level @Init / @Regularize, anywhere among the annotations (their position does not matter). */
        void settings(Field f) {
            if (r.nextInt(10) == 0) {
                f.anns.add(r.nextInt(f.anns.size() + 1), init());
            }
            if (r.nextInt(10) == 0) {
                f.anns.add(r.nextInt(f.anns.size() + 1), regularize());
            }
        }

        Ann init() {
            String scheme = WEIGHT_INITS.get(r.nextInt(WEIGHT_INITS.size()));
            Ann a = new Ann("Init").set("value", type("WeightInit") + "." + scheme);
            if (scheme.equals("NORMAL") || r.nextInt(4) == 0) {
                if (r.nextBoolean()) {
                    a.set("mean", doubleLiteral(List.of(0.0, 0.1, -0.05).get(r.nextInt(3))));
                }
                if (scheme.equals("NORMAL")) {
                    a.set("std", doubleLiteral(List.of(0.01, 0.02, 0.1, 1e-4).get(r.nextInt(4))));
                } else if (r.nextBoolean()) {
                    // std is used only by NORMAL; other schemes accept any value. Non-finite ones are left out
                    // because the processor crashes on them (see RandomModelsTest's class comment).
                    a.set("std", doubleLiteral(List.of(0.0, -1.0, 0.5).get(r.nextInt(3))));
                }
                if (r.nextBoolean()) {
                    a.set("bias", doubleLiteral(List.of(0.0, 0.1, -1.0).get(r.nextInt(3))));
                }
            }
            return a;
        }

        Ann regularize() {
            Ann a = new Ann("Regularize");
            if (r.nextBoolean()) {
                a.set("l1", doubleLiteral(List.of(0.0, 1e-5, 1e-3).get(r.nextInt(3))));
            }
            if (r.nextBoolean()) {
                a.set("l2", doubleLiteral(List.of(0.0, 1e-4, 0.01).get(r.nextInt(3))));
            }
            return a;
        }

        void classSettings() {
            int epochs = 10;
            int batchSize = 32;
            long seed = 42;
            if (r.nextInt(10) < 6) {
                Ann train = new Ann("Train");
                if (r.nextInt(4) != 0) {
                    epochs = between(1, 20);
                    train.set("epochs", intLiteral(epochs));
                }
                if (r.nextInt(4) != 0) {
                    batchSize = r.nextInt(10) == 0 ? 2 : between(2, 128);
                    train.set("batchSize", intLiteral(batchSize));
                }
                if (r.nextInt(4) != 0) {
                    int kind = r.nextInt(10);
                    seed = kind == 0
                            ? Long.MIN_VALUE
                            : kind == 1 ? Long.MAX_VALUE : kind < 5 ? r.nextLong() : r.nextInt(1000);
                    boolean isInt = seed == (int) seed;
                    train.set(
                            "seed",
                            seed == Long.MIN_VALUE ? "Long.MIN_VALUE" : seed + (!isInt || r.nextBoolean() ? "L" : ""));
                }
                if (r.nextInt(5) == 0) {
                    train.set("loss", type("LossFunction") + ".SOFTMAX_CROSS_ENTROPY");
                }
                classAnns.add(train);
            }
            int opt = r.nextInt(10);
            if (opt < 4) {
                double lr = List.of(0.1, 0.01, 0.05, 1e-3).get(r.nextInt(4));
                double momentum = r.nextBoolean() ? 0 : List.of(0.5, 0.9, 0.99).get(r.nextInt(3));
                boolean nesterov = momentum > 0 && r.nextBoolean();
                double wd = r.nextBoolean() ? 0 : List.of(1e-4, 5e-4).get(r.nextInt(2));
                Ann sgd = new Ann("Sgd");
                if (r.nextInt(4) != 0) {
                    sgd.set("learningRate", doubleLiteral(lr));
                } else {
                    lr = 0.01;
                }
                if (momentum != 0 || r.nextInt(4) == 0) {
                    sgd.set("momentum", doubleLiteral(momentum));
                }
                if (nesterov || r.nextInt(4) == 0) {
                    sgd.set("nesterov", Boolean.toString(nesterov));
                }
                if (wd != 0 || r.nextInt(4) == 0) {
                    sgd.set("weightDecay", doubleLiteral(wd));
                }
                classAnns.add(sgd);
                config = new Config(epochs, batchSize, seed, "Sgd", lr, momentum, nesterov, 0, 0, 0, wd);
            } else if (opt < 8) {
                double lr = 1e-3;
                double beta1 = 0.9;
                double beta2 = 0.999;
                double eps = 1e-8;
                double wd = 0;
                Ann adam = new Ann("Adam");
                if (r.nextInt(4) != 0) {
                    lr = List.of(1e-3, 3e-4, 0.01, 0.1).get(r.nextInt(4));
                    adam.set("learningRate", doubleLiteral(lr));
                }
                if (r.nextInt(4) == 0) {
                    beta1 = List.of(0.0, 0.5, 0.9).get(r.nextInt(3));
                    adam.set("beta1", doubleLiteral(beta1));
                }
                if (r.nextInt(4) == 0) {
                    beta2 = List.of(0.0, 0.99, 0.999).get(r.nextInt(3));
                    adam.set("beta2", doubleLiteral(beta2));
                }
                if (r.nextInt(4) == 0) {
                    eps = List.of(1e-8, 1e-7, 1e-3).get(r.nextInt(3));
                    adam.set("eps", doubleLiteral(eps));
                }
                if (r.nextInt(4) == 0) {
                    wd = List.of(0.0, 1e-4).get(r.nextInt(2));
                    adam.set("weightDecay", doubleLiteral(wd));
                }
                classAnns.add(adam);
                config = new Config(epochs, batchSize, seed, "Adam", lr, 0, false, beta1, beta2, eps, wd);
            } else {
                config = new Config(epochs, batchSize, seed, "Adam", 1e-3, 0, false, 0.9, 0.999, 1e-8, 0);
            }
            if (r.nextInt(5) == 0) {
                classAnns.add(init());
            }
            if (r.nextInt(5) == 0) {
                classAnns.add(regularize());
            }
            Collections.shuffle(classAnns, new java.util.Random(r.nextLong()));
        }

        Field newField(String stem) {
            Field f = new Field();
            String name = null;
            if (r.nextInt(12) == 0) {
                String tricky = TRICKY_NAMES.get(r.nextInt(TRICKY_NAMES.size()));
                if (!names.contains(tricky)) {
                    name = tricky;
                }
            }
            if (name == null) {
                name = stem.equals("logits") && !names.contains("logits") ? "logits" : stem + (fields.size() + 1);
            }
            names.add(name);
            f.name = name;
            return f;
        }

        void add(Field f, Shape out) {
            f.in = shape;
            f.out = out;
            fields.add(f);
            shape = out;
        }

        /** This generator's own shape rules for one main operation that is known to fit. */
        static Shape apply(Shape in, Ann main) {
            switch (main.name) {
                case "Conv" -> {
                    Image img = (Image) in;
                    int k = intValue(main, "kernel", 0);
                    int s = intValue(main, "stride", 1);
                    int p = intValue(main, "padding", 0);
                    return new Image(intValue(main, "filters", 0), side(img.h(), k, s, p), side(img.w(), k, s, p));
                }
                case "MaxPool", "AvgPool" -> {
                    Image img = (Image) in;
                    int k = intValue(main, "value", 0);
                    int s = intValue(main, "stride", 0);
                    int p = intValue(main, "padding", 0);
                    int stride = s == 0 ? k : s;
                    return new Image(img.c(), side(img.h(), k, stride, p), side(img.w(), k, stride, p));
                }
                case "Flatten" -> {
                    return new Flat(Math.toIntExact(in.size()));
                }
                case "Dense" -> {
                    return new Flat(intValue(main, "value", 0));
                }
                default -> throw new IllegalArgumentException(main.name);
            }
        }

        /** The value of an int attribute as the generator wrote it (literals, {@code 2 + 1}, hex, constants). */
        static int intValue(Ann a, String attribute, int otherwise) {
            String src = a.attrs.get(attribute);
            if (src == null) {
                return otherwise;
            }
            if (src.startsWith("UNITS_")) {
                return Integer.parseInt(src.substring("UNITS_".length()));
            }
            int total = 0;
            for (String part : src.split("\\+")) {
                total += Integer.decode(part.trim());
            }
            return total;
        }

        String intLiteral(int v) {
            int form = r.nextInt(20);
            if (form == 0 && v > 1) {
                int a = 1 + r.nextInt(v - 1);
                return a + " + " + (v - a);
            }
            if (form == 1 && v >= 0) {
                return "0x" + Integer.toHexString(v);
            }
            return Integer.toString(v);
        }

        /** A class constant holding {@code v}, named so {@link #intValue} can read it back. */
        String constant(int v) {
            String name = "UNITS_" + v;
            String decl = "static final int " + name + " = " + v + ";";
            if (!members.contains(decl)) {
                members.add(decl);
            }
            constants++;
            return name;
        }

        String doubleLiteral(double v) {
            String s = Double.toString(v);
            return r.nextInt(10) == 0 ? s + "d" : s;
        }

        String type(String simple) {
            return qualified ? ANNOTATIONS + simple : simple;
        }

        int between(int lo, int hi) {
            return lo + r.nextInt(hi - lo + 1);
        }

        // ---- defects: each returns {expected message fragment, detail}, or null when this model does not fit

        String[] inject(Defect defect) {
            return switch (defect) {
                case DENSE_ON_IMAGE -> {
                    List<Integer> at = positions(s -> s instanceof Image);
                    if (at.isEmpty()) {
                        yield null;
                    }
                    int i = at.get(r.nextInt(at.size()));
                    Field flatten = fields.get(i);
                    if (r.nextBoolean()
                            && "Flatten".equals(flatten.main() == null ? null : flatten.main().name)
                            && flatten.out instanceof Flat
                            && i + 1 < fields.size()) {
                        fields.remove(i);
                        yield new String[] {"needs a flat input", "removed @Flatten field " + flatten.name};
                    }
                    Field f = insert(i, "fc");
                    Ann dense = new Ann("Dense");
                    denseAttrs(dense, between(1, 32));
                    f.anns.add(dense);
                    yield new String[] {"needs a flat input", "@Dense field " + f.name + " on an image"};
                }
                case IMAGE_OP_ON_FLAT -> {
                    List<Integer> at = positions(s -> s instanceof Flat);
                    int i = at.get(r.nextInt(at.size()));
                    int kind = r.nextInt(4);
                    if (kind == 3) {
                        Field f = fields.get(i - 1 < 0 ? i : i - 1);
                        if (f.out instanceof Flat) {
                            f.anns.add(new Ann("SpatialDropout").set("value", "0.5"));
                            yield new String[] {
                                "@SpatialDropout needs a channels×height×width input",
                                "@SpatialDropout on flat field " + f.name
                            };
                        }
                        kind = 0;
                    }
                    Field f = insert(i, "img");
                    String name = List.of("Conv", "MaxPool", "AvgPool").get(kind);
                    f.anns.add(
                            kind == 0
                                    ? new Ann("Conv").set("filters", "2").set("kernel", "1")
                                    : new Ann(name).set("value", "1"));
                    yield new String[] {
                        "@" + name + " needs a channels×height×width input",
                        "@" + name + " field " + f.name + " on a flat input"
                    };
                }
                case WINDOW_TOO_LARGE -> {
                    List<Integer> at = positions(s -> s instanceof Image);
                    if (at.isEmpty()) {
                        yield null;
                    }
                    int i = at.get(r.nextInt(at.size()));
                    Image img = (Image) fields.get(i).in;
                    int padding = between(0, 1);
                    int window = Math.min(img.h(), img.w()) + 2 * padding + between(1, 3);
                    Field f = insert(i, "big");
                    boolean conv =
                            r.nextBoolean(); // window > 2 * padding, so a pool's padding is within half its window
                    if (conv) {
                        f.anns.add(new Ann("Conv")
                                .set("filters", "3")
                                .set("kernel", intLiteral(window))
                                .set("padding", intLiteral(padding)));
                    } else {
                        f.anns.add(new Ann(r.nextBoolean() ? "MaxPool" : "AvgPool")
                                .set("value", intLiteral(window))
                                .set("padding", intLiteral(padding)));
                    }
                    yield new String[] {
                        "is larger than its padded input",
                        "window " + window + " on " + img.text() + " padding " + padding
                    };
                }
                case NOT_POSITIVE_SIZE -> {
                    String bad = List.of("0", "-1", "-7", "Integer.MIN_VALUE").get(r.nextInt(4));
                    List<Field> mains = fields.stream()
                            .filter(f -> f.main() != null && !f.main().name.equals("Flatten"))
                            .toList();
                    Field f = mains.get(r.nextInt(mains.size()));
                    Ann main = f.main();
                    String attribute = switch (main.name) {
                        case "Conv" -> List.of("filters", "kernel", "stride").get(r.nextInt(3));
                        default -> "value";
                    };
                    main.set(attribute, bad);
                    String label =
                            main.name.equals("Dense") ? "units" : main.name.endsWith("Pool") ? "window" : attribute;
                    yield new String[] {
                        "invalid value for `" + label + "` of @" + main.name + ". Expected a positive integer",
                        f.name + " @" + main.name + " " + attribute + " = " + bad
                    };
                }
                case NEGATIVE_PADDING_OR_STRIDE -> {
                    String bad = List.of("-1", "-2", "Integer.MIN_VALUE").get(r.nextInt(3));
                    List<Field> windows = fields.stream()
                            .filter(f -> f.main() != null
                                    && List.of("Conv", "MaxPool", "AvgPool").contains(f.main().name))
                            .toList();
                    Ann a;
                    String where;
                    if (windows.isEmpty()) {
                        List<Integer> at = positions(s -> s instanceof Image);
                        if (at.isEmpty()) {
                            yield null;
                        }
                        Field f = insert(at.get(r.nextInt(at.size())), "pool");
                        a = new Ann("MaxPool").set("value", "1");
                        f.anns.add(a);
                        where = f.name;
                    } else {
                        Field f = windows.get(r.nextInt(windows.size()));
                        a = f.main();
                        where = f.name;
                    }
                    String attribute = a.name.equals("Conv") || r.nextBoolean() ? "padding" : "stride";
                    a.set(attribute, bad);
                    yield new String[] {
                        "invalid value for `" + attribute + "` of @" + a.name, where + " " + attribute + " = " + bad
                    };
                }
                case DROPOUT_RATE -> {
                    String bad = List.of("1.0", "1", "1.5", "-0.1", "-1.0E-9", "Double.NaN", "Double.POSITIVE_INFINITY")
                            .get(r.nextInt(7));
                    Field f = fields.get(r.nextInt(fields.size()));
                    boolean spatial = f.out instanceof Image && r.nextBoolean();
                    f.anns.removeIf(a -> a.name.equals("Dropout") || a.name.equals("SpatialDropout"));
                    f.anns.add(new Ann(spatial ? "SpatialDropout" : "Dropout").set("value", bad));
                    yield new String[] {
                        "invalid value for `rate` of @" + (spatial ? "SpatialDropout" : "Dropout"),
                        f.name + " rate " + bad
                    };
                }
                case BATCH_NORM_MOMENTUM -> {
                    String bad = List.of("-0.1", "1.0001", "2", "Double.NaN", "Double.NEGATIVE_INFINITY")
                            .get(r.nextInt(5));
                    Field f = fields.get(r.nextInt(fields.size()));
                    Ann bn = f.anns.stream()
                            .filter(a -> a.name.equals("BatchNorm"))
                            .findFirst()
                            .orElse(null);
                    if (bn == null) {
                        bn = new Ann("BatchNorm");
                        f.anns.add(r.nextInt(f.anns.size() + 1), bn);
                    }
                    bn.set("momentum", bad);
                    yield new String[] {"invalid value for `momentum` of @BatchNorm", f.name + " momentum " + bad};
                }
                case BAD_TRAINING_VALUE -> {
                    int which = r.nextInt(3);
                    if (which < 2) {
                        String attribute = which == 0 ? "epochs" : "batchSize";
                        String bad = List.of("0", "-1", "Integer.MIN_VALUE").get(r.nextInt(3));
                        classAnn("Train").set(attribute, bad);
                        yield new String[] {"invalid value for `" + attribute + "` of @Train", attribute + " = " + bad};
                    }
                    String bad = List.of("0", "0.0", "-0.0", "-0.01", "Double.NaN", "Double.POSITIVE_INFINITY")
                            .get(r.nextInt(6));
                    Ann opt = optimizer();
                    opt.set("learningRate", bad);
                    yield new String[] {
                        "invalid value for `learningRate` of @" + opt.name, "@" + opt.name + " learningRate = " + bad
                    };
                }
                case TWO_MAIN_OPS -> {
                    List<Field> mains =
                            fields.stream().filter(f -> f.main() != null).toList();
                    Field f = mains.get(r.nextInt(mains.size()));
                    List<String> others = new ArrayList<>(MAIN_OPS);
                    others.remove(f.main().name);
                    String second = others.get(r.nextInt(others.size()));
                    Ann a = switch (second) {
                        case "Conv" -> new Ann("Conv").set("filters", "1").set("kernel", "1");
                        case "Dense" -> new Ann("Dense").set("value", "4");
                        case "Flatten" -> new Ann("Flatten");
                        default -> new Ann(second).set("value", "1");
                    };
                    f.anns.add(r.nextInt(f.anns.size() + 1), a);
                    yield new String[] {"a field declares one layer, but it has both", f.name + " gets @" + second};
                }
                case FIELD_NOT_LAYER -> {
                    Field f = fields.get(r.nextInt(fields.size()));
                    f.type = List.of(
                                    "Object",
                                    "int",
                                    "String",
                                    type("Layer") + "[]",
                                    "java.util.List<" + type("Layer") + ">",
                                    "Runnable",
                                    "Double")
                            .get(r.nextInt(7));
                    yield new String[] {"must have type io.netforge.annotations.Layer", f.name + " has type " + f.type};
                }
                case STATIC_LAYER_FIELD -> {
                    Field f = fields.get(r.nextInt(fields.size()));
                    f.modifiers = List.of("static ", "public static ", "static final ")
                            .get(r.nextInt(3));
                    yield new String[] {"a layer field must not be static", f.name + " is " + f.modifiers.trim()};
                }
                case NO_LAYERS -> {
                    fields.clear();
                    int noise = r.nextInt(4);
                    if (noise == 1) {
                        members.add("static final int HIDDEN = 100;");
                    } else if (noise == 2) {
                        members.add("static " + type("Layer") + " notALayer;");
                    } else if (noise == 3) {
                        members.add("int count;");
                        members.add(type("Layer") + "[] layers;");
                    }
                    yield new String[] {"declares no layers", "no layer fields, noise " + noise};
                }
                case PER_STEP_MISUSE -> {
                    if (perStep) {
                        yield null;
                    }
                    taskAttr = type("Task") + ".CLASS_PER_STEP";
                    if (r.nextBoolean()) {
                        String loss = r.nextBoolean() ? "MSE" : "BINARY_CROSS_ENTROPY";
                        classAnn("Train").set("loss", type("LossFunction") + "." + loss);
                        yield new String[] {
                            "a CLASS_PER_STEP model trains with SOFTMAX_CROSS_ENTROPY over each step's classes, not "
                                    + loss,
                            "per step " + loss
                        };
                    }
                    yield new String[] {
                        "a CLASS_PER_STEP model scores classes at every step, but the last layer produces " + classes
                                + ", one vector per sample",
                        "per step on a vector"
                    };
                }
                case REGRESSION_MISUSE -> {
                    int which = r.nextInt(3);
                    if (which == 0) {
                        taskAttr = type("Task") + ".REGRESSION";
                        int declared = between(1, 12);
                        classesAttr = intLiteral(declared);
                        yield new String[] {
                            "a regression model has outputs, not classes, but @Model declares classes = " + declared,
                            "regression with classes = " + declared
                        };
                    }
                    if (which == 1) {
                        taskAttr = type("Task") + ".REGRESSION";
                        String loss = r.nextBoolean() ? "SOFTMAX_CROSS_ENTROPY" : "BINARY_CROSS_ENTROPY";
                        classAnn("Train").set("loss", type("LossFunction") + "." + loss);
                        yield new String[] {
                            "a regression model trains with loss = MSE, MAE or HUBER, not " + loss, "regression " + loss
                        };
                    }
                    String loss = r.nextBoolean() ? "MAE" : "HUBER";
                    classAnn("Train").set("loss", type("LossFunction") + "." + loss);
                    yield new String[] {"loss = " + loss + " is a regression loss", "classifier " + loss};
                }
                case NOT_ABSTRACT -> {
                    classKind = r.nextBoolean() ? "class" : "final class";
                    yield new String[] {"a @Model class must be abstract", classKind};
                }
                case CLASSES_MISMATCH -> {
                    int declared = classes > 1 && r.nextBoolean() ? between(1, classes - 1) : classes + between(1, 5);
                    classesAttr = intLiteral(declared);
                    yield new String[] {
                        "the last layer produces " + classes + " class scores but @Model declares classes = "
                                + declared,
                        "classes = " + declared + " for width " + classes
                    };
                }
                case POOL_PADDING_TOO_LARGE -> {
                    List<Integer> at = positions(s -> s instanceof Image);
                    if (at.isEmpty()) {
                        yield null;
                    }
                    int window = between(1, 4);
                    int padding = window / 2 + between(1, 2);
                    Field f = insert(at.get(r.nextInt(at.size())), "pool");
                    String kind = r.nextBoolean() ? "MaxPool" : "AvgPool";
                    f.anns.add(new Ann(kind).set("value", intLiteral(window)).set("padding", intLiteral(padding)));
                    yield new String[] {
                        "invalid value for `padding` of @" + kind + ". Expected at most half the window (" + window / 2
                                + ")",
                        "window " + window + " padding " + padding
                    };
                }
                case INPUT_TWO_SHAPES -> {
                    if (inputShape instanceof Image) {
                        input.put("features", List.of("1", "64", "-1").get(r.nextInt(3)));
                    } else {
                        input.put(
                                List.of("channels", "height", "width").get(r.nextInt(3)),
                                List.of("1", "8", "-1").get(r.nextInt(3)));
                    }
                    yield new String[] {"not two", "input " + input};
                }
                case LAYER_WITHOUT_OP -> {
                    int kind = r.nextInt(3);
                    if (kind == 0 && fields.size() > 1) {
                        Field f = fields.get(r.nextInt(fields.size()));
                        f.anns.removeIf(Ann::isOp);
                        if (f.anns.isEmpty() && r.nextBoolean()) {
                            f.anns.add(init());
                        }
                        yield new String[] {f.name + ": a Layer field needs a layer annotation", "stripped " + f.name};
                    }
                    Field f = insert(r.nextInt(fields.size() + 1), "bare");
                    if (kind == 1) {
                        f.anns.add(r.nextBoolean() ? init() : regularize());
                    }
                    yield new String[] {f.name + ": a Layer field needs a layer annotation", "bare field " + f.name};
                }
                case TWO_OPTIMIZERS -> {
                    optimizer();
                    boolean hasSgd = classAnns.stream().anyMatch(a -> a.name.equals("Sgd"));
                    Ann other = new Ann(hasSgd ? "Adam" : "Sgd");
                    if (r.nextBoolean()) {
                        other.set("learningRate", "0.01");
                    }
                    classAnns.add(r.nextInt(classAnns.size() + 1), other);
                    yield new String[] {"declares two optimizers", "@Sgd and @Adam"};
                }
                case INPUT_NO_SHAPE -> {
                    if (inputShape instanceof Image && r.nextBoolean()) {
                        String k = List.of("channels", "height", "width").get(r.nextInt(3));
                        if (r.nextBoolean()) {
                            input.remove(k);
                        } else {
                            input.put(k, List.of("0", "-1", "Integer.MIN_VALUE").get(r.nextInt(3)));
                        }
                    } else {
                        input.clear();
                        if (r.nextBoolean()) {
                            input.put("features", List.of("0", "-3").get(r.nextInt(2)));
                        }
                    }
                    yield new String[] {
                        "Expected an image (channels, height and width all > 0), a flat vector (features > 0)",
                        "input " + input
                    };
                }
                case NESTEROV_WITHOUT_MOMENTUM -> {
                    classAnns.removeIf(a -> a.name.equals("Sgd") || a.name.equals("Adam"));
                    Ann sgd = new Ann("Sgd").set("nesterov", "true");
                    if (r.nextBoolean()) {
                        sgd.set("momentum", r.nextBoolean() ? "0" : "0.0");
                    }
                    classAnns.add(r.nextInt(classAnns.size() + 1), sgd);
                    yield new String[] {"@Sgd(nesterov = true) needs momentum > 0", "nesterov without momentum"};
                }
                case LAST_LAYER_NOT_FLAT -> {
                    int firstFlat = -1;
                    for (int i = 0; i < fields.size(); i++) {
                        if (fields.get(i).out instanceof Flat) {
                            firstFlat = i;
                            break;
                        }
                    }
                    if (firstFlat < 1 || !(fields.get(firstFlat - 1).out instanceof Image)) {
                        yield null;
                    }
                    Image out = (Image) fields.get(firstFlat - 1).out;
                    while (fields.size() > firstFlat) {
                        fields.remove(fields.size() - 1);
                    }
                    classesAttr = null;
                    yield new String[] {
                        "the last layer must produce a flat vector of class scores but produces " + out.text(),
                        "ends with image " + out.text()
                    };
                }
                case SOFTMAX_ON_IMAGE -> {
                    List<Field> images =
                            fields.stream().filter(f -> f.out instanceof Image).toList();
                    if (images.isEmpty()) {
                        yield null;
                    }
                    Field f = images.get(r.nextInt(images.size()));
                    f.anns.removeIf(a -> List.of("Relu", "LeakyRelu", "Sigmoid", "Tanh", "Gelu")
                            .contains(a.name));
                    f.anns.add(new Ann("Softmax"));
                    yield new String[] {"@Softmax needs a flat input", "softmax on " + f.name + " " + f.out.text()};
                }
                case BAD_LAYER_VALUE -> {
                    Field f = fields.get(r.nextInt(fields.size()));
                    if (r.nextBoolean()) {
                        Ann bn = new Ann("BatchNorm")
                                .set(
                                        "eps",
                                        List.of("0", "0.0", "-1.0E-5", "Double.NaN", "Double.POSITIVE_INFINITY")
                                                .get(r.nextInt(5)));
                        f.anns.removeIf(a -> a.name.equals("BatchNorm"));
                        f.anns.add(bn);
                        yield new String[] {
                            "invalid value for `eps` of @BatchNorm", f.name + " eps " + bn.attrs.get("eps")
                        };
                    }
                    f.anns.removeIf(a -> List.of("Relu", "LeakyRelu", "Sigmoid", "Tanh", "Gelu", "Softmax")
                            .contains(a.name));
                    String bad = List.of(
                                    "Double.NaN", "Double.POSITIVE_INFINITY", "Double.NEGATIVE_INFINITY", "1.0 / 0")
                            .get(r.nextInt(4));
                    f.anns.add(new Ann("LeakyRelu").set("value", bad));
                    yield new String[] {"invalid value for `alpha` of @LeakyRelu", f.name + " alpha " + bad};
                }
                case BAD_OPTIMIZER_VALUE -> {
                    Ann opt = optimizer();
                    String attribute;
                    String bad;
                    if (opt.name.equals("Sgd")) {
                        attribute = r.nextBoolean() ? "momentum" : "weightDecay";
                        bad = attribute.equals("momentum")
                                ? List.of("1.0", "-0.1", "Double.NaN").get(r.nextInt(3))
                                : List.of("-1.0E-4", "Double.POSITIVE_INFINITY").get(r.nextInt(2));
                        opt.attrs.remove("nesterov");
                    } else {
                        attribute =
                                List.of("beta1", "beta2", "eps", "weightDecay").get(r.nextInt(4));
                        bad = switch (attribute) {
                            case "beta1", "beta2" ->
                                List.of("1.0", "1", "-0.5", "Double.NaN").get(r.nextInt(4));
                            case "eps" ->
                                List.of("0", "-1.0E-8", "Double.POSITIVE_INFINITY")
                                        .get(r.nextInt(3));
                            default -> List.of("-1.0", "Double.NaN").get(r.nextInt(2));
                        };
                    }
                    opt.set(attribute, bad);
                    yield new String[] {
                        "invalid value for `" + attribute + "` of @" + opt.name,
                        "@" + opt.name + " " + attribute + " = " + bad
                    };
                }
                case BAD_INIT_OR_PENALTY -> {
                    boolean onClass = r.nextBoolean();
                    Ann a;
                    String attribute;
                    String bad;
                    if (r.nextBoolean()) {
                        attribute = List.of("std", "mean", "bias").get(r.nextInt(3));
                        a = new Ann("Init").set("value", type("WeightInit") + ".NORMAL");
                        bad = attribute.equals("std")
                                ? List.of("0", "-0.01", "Double.NaN", "Double.POSITIVE_INFINITY")
                                        .get(r.nextInt(4))
                                : List.of("Double.NaN", "Double.NEGATIVE_INFINITY")
                                        .get(r.nextInt(2));
                        if (!attribute.equals("std")) {
                            a.attrs.put(
                                    "value",
                                    type("WeightInit") + "." + WEIGHT_INITS.get(r.nextInt(WEIGHT_INITS.size())));
                        }
                    } else {
                        attribute = r.nextBoolean() ? "l1" : "l2";
                        a = new Ann("Regularize");
                        bad = List.of("-1.0E-5", "-1", "Double.NaN", "Double.POSITIVE_INFINITY")
                                .get(r.nextInt(4));
                    }
                    a.set(attribute, bad);
                    String name = a.name;
                    if (onClass) {
                        classAnns.removeIf(c -> c.name.equals(name));
                        classAnns.add(r.nextInt(classAnns.size() + 1), a);
                    } else {
                        Field f = fields.get(r.nextInt(fields.size()));
                        f.anns.removeIf(c -> c.name.equals(name));
                        f.anns.add(r.nextInt(f.anns.size() + 1), a);
                    }
                    yield new String[] {
                        "invalid value for `" + attribute + "` of @" + a.name,
                        "@" + a.name + " " + attribute + " = " + bad + (onClass ? " on the class" : " on a field")
                    };
                }
                case NEGATIVE_CLASSES -> {
                    classesAttr = List.of("-1", "-10", "Integer.MIN_VALUE").get(r.nextInt(3));
                    yield new String[] {"invalid value for `classes` of @Model", "classes = " + classesAttr};
                }
                case SHAPE_TOO_LARGE -> {
                    // Large enough that even a stride-7 first window leaves more than 2^31 values per channel.
                    int h = r.nextInt(3) == 0 ? Integer.MAX_VALUE : between(1_000_000, Integer.MAX_VALUE - 1);
                    input.put("height", intLiteral(h));
                    input.put("width", intLiteral(r.nextBoolean() ? h : between(1_000_000, Integer.MAX_VALUE - 1)));
                    yield new String[] {"would produce more than 2,147,483,647 values per sample", "input " + input};
                }
                case UNRESOLVED_CONSTANT -> {
                    List<Field> denses = fields.stream()
                            .filter(f -> f.main() != null && f.main().name.equals("Dense"))
                            .toList();
                    Field f = denses.get(r.nextInt(denses.size()));
                    f.main().set("value", r.nextBoolean() ? "Sizes.HIDDEN" : "MISSING_UNITS");
                    yield new String[] {
                        "field `" + f.name + "` refers to a type or constant that could not be resolved",
                        f.name + " @Dense(" + f.main().attrs.get("value") + ")"
                    };
                }
                case GENERATED_NAME_TAKEN -> {
                    String suffix = r.nextBoolean() ? "Graph" : "Trainer";
                    trailer.add("class " + className + suffix + " {\n}\n");
                    yield new String[] {
                        "NetForge could not write " + PACKAGE + "." + className + suffix,
                        "hand-written " + className + suffix
                    };
                }
                case MODEL_NOT_A_CLASS -> {
                    String kind =
                            List.of("interface", "enum", "record", "@interface").get(r.nextInt(4));
                    classKind = kind;
                    fields.clear();
                    members.clear();
                    if (kind.equals("enum")) {
                        members.add("A, B;");
                    }
                    String what = switch (kind) {
                        case "interface" -> "an interface";
                        case "enum" -> "an enum";
                        case "record" -> "a record";
                        default -> "an annotation type";
                    };
                    yield new String[] {
                        "@Model applies to abstract classes, but " + PACKAGE + "." + className + " is " + what, kind
                    };
                }
            };
        }

        /** Indices of fields whose (generated) input satisfies {@code p}: places to insert a field receiving that shape. */
        List<Integer> positions(Predicate<Shape> p) {
            List<Integer> at = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).in != null && p.test(fields.get(i).in)) {
                    at.add(i);
                }
            }
            return at;
        }

        Field insert(int index, String stem) {
            Field f = new Field();
            f.name = stem + "X" + index;
            while (names.contains(f.name)) {
                f.name += "x";
            }
            names.add(f.name);
            fields.add(index, f);
            return f;
        }

        Ann classAnn(String name) {
            for (Ann a : classAnns) {
                if (a.name.equals(name)) {
                    return a;
                }
            }
            Ann a = new Ann(name);
            classAnns.add(r.nextInt(classAnns.size() + 1), a);
            return a;
        }

        /** The declared optimizer, adding one when there is none. */
        Ann optimizer() {
            for (Ann a : classAnns) {
                if (a.name.equals("Sgd") || a.name.equals("Adam")) {
                    return a;
                }
            }
            return classAnn(r.nextBoolean() ? "Sgd" : "Adam");
        }

        // ---- source

        Model result(Defect defect, String expected, String detail) {
            List<LayerShape> layers = new ArrayList<>();
            for (Field f : fields) {
                if (f.expanded != null) {
                    layers.addAll(f.expanded);
                } else {
                    layers.add(new LayerShape(f.name, f.in, f.out));
                }
            }
            return new Model(
                    index,
                    className,
                    render(),
                    defect,
                    expected,
                    detail,
                    inputShape,
                    classes,
                    List.copyOf(layers),
                    config);
        }

        String render() {
            StringBuilder sb = new StringBuilder();
            sb.append("package ").append(PACKAGE).append(";\n\n");
            if (!qualified) {
                sb.append("import io.netforge.annotations.*;\n\n");
            }
            sb.append("// Generated by RandomModels, model #").append(index).append('\n');
            List<String> inputParts = new ArrayList<>();
            input.forEach((k, v) -> inputParts.add(k + " = " + v));
            String inputText = "input = @" + type("Input") + "(" + String.join(", ", inputParts) + ")";
            String modelArgs = classesAttr == null
                    ? inputText
                    : classesFirst
                            ? "classes = " + classesAttr + ", " + inputText
                            : inputText + ", classes = " + classesAttr;
            if (taskAttr != null) {
                modelArgs += ", task = " + taskAttr;
            }
            List<String> classLines = new ArrayList<>();
            classLines.add("@" + type("Model") + "(" + modelArgs + ")");
            for (Ann a : classAnns) {
                classLines.add(a.render(qualified, r));
            }
            Collections.shuffle(classLines, new java.util.Random(r.nextLong()));
            for (String line : classLines) {
                sb.append(line).append('\n');
            }
            String header = (isPublic ? "public " : "") + classKind + " " + className;
            sb.append(header).append(classKind.equals("record") ? "()" : "").append(" {\n");
            for (String m : members) {
                sb.append("    ").append(m).append('\n');
            }
            for (Field f : fields) {
                List<String> anns = new ArrayList<>();
                for (Ann a : f.anns) {
                    anns.add(a.render(qualified, r));
                }
                String type = f.type.equals("Layer") ? type("Layer") : f.type;
                String init = f.modifiers.contains("final") ? " = null" : "";
                String sep = r.nextInt(5) == 0 ? "\n    " : " ";
                sb.append("    ");
                if (!anns.isEmpty()) {
                    sb.append(String.join(sep, anns)).append(sep);
                }
                sb.append(f.modifiers)
                        .append(type)
                        .append(' ')
                        .append(f.name)
                        .append(init)
                        .append(";\n");
            }
            sb.append("}\n");
            for (String t : trailer) {
                sb.append('\n').append(t);
            }
            return sb.toString();
        }
    }

    /** How many models of each defect (and {@code null} for valid) {@code models} holds. */
    static Map<Defect, Integer> defectCounts(List<Model> models) {
        Map<Defect, Integer> counts = new EnumMap<>(Defect.class);
        for (Defect d : Defect.values()) {
            counts.put(d, 0);
        }
        for (Model m : models) {
            if (!m.valid()) {
                counts.merge(m.defect(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
