package io.netforge.processor.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes the sources of distinct, valid {@code @Model} classes for {@link ProcessorCompileBenchmark}: MLPs
 * and CNNs in the style of the samples, 4 to 12 layer fields each, with BatchNorm, dropout, pooling,
 * {@code @Train}, {@code @Adam} or {@code @Sgd}, {@code @Regularize} and {@code @Init} mixed in. Every
 * choice comes from one {@link Random} with the given seed, so a seed always gives the same sources. Shapes
 * are tracked while writing, so every convolution and pooling window fits its input.
 */
final class BenchmarkModels {

    /** One model's source. */
    record Source(String packageName, String simpleName, boolean cnn, String text) {
        String qualifiedName() {
            return packageName + "." + simpleName;
        }

        String relativePath() {
            return packageName.replace('.', '/') + "/" + simpleName + ".java";
        }
    }

    private static final String[] MLP_PREFIXES = {
        "Digits",
        "Iris",
        "Wine",
        "Credit",
        "Churn",
        "Sensor",
        "Activity",
        "Spam",
        "Income",
        "Housing",
        "Diabetes",
        "Heart",
        "Letter",
        "Satellite",
        "Gesture",
        "Fraud",
        "Energy",
        "Traffic",
        "Genre",
        "Loan"
    };
    private static final String[] MLP_SUFFIXES = {"Mlp", "Net", "Classifier", "Model"};
    private static final String[] MLP_PACKAGES = {
        "com.example.tabular", "com.example.tabular.baselines", "com.example.experiments"
    };
    private static final String[] CNN_PREFIXES = {
        "Mnist",
        "Fashion",
        "Cifar",
        "Kmnist",
        "Emnist",
        "Svhn",
        "Leaf",
        "Retina",
        "Xray",
        "Sign",
        "Face",
        "Glyph",
        "Texture",
        "Defect",
        "Cell",
        "Galaxy",
        "Fruit",
        "Plankton",
        "Receipt",
        "Terrain"
    };
    private static final String[] CNN_SUFFIXES = {"Cnn", "ConvNet", "Net", "Classifier"};
    private static final String[] CNN_PACKAGES = {
        "com.example.vision", "com.example.vision.baselines", "com.example.experiments"
    };

    /** Annotations longer than this go on their own line. */
    private static final int MAX_ALIGNED = 72;

    private final Random random;
    private final Set<String> names = new HashSet<>();

    private BenchmarkModels(long seed) {
        this.random = new Random(seed);
    }

    /** {@code count} models, about half of them CNNs, the same for the same seed. */
    static List<Source> generate(int count, long seed) {
        BenchmarkModels models = new BenchmarkModels(seed);
        List<Source> sources = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sources.add(models.random.nextBoolean() ? models.cnn() : models.mlp());
        }
        return sources;
    }

    private Source mlp() {
        int subject = random.nextInt(MLP_PREFIXES.length);
        String name = uniqueName(MLP_PREFIXES[subject], MLP_SUFFIXES);
        Writer w = new Writer();
        int features = pickInt(4, 8, 13, 20, 30, 54, 64, 100, 128, 256, 561, 784);
        int classes = pickInt(2, 3, 4, 5, 6, 7, 10, 26);
        int fields = 4 + random.nextInt(9);
        boolean constant = chance(0.25);
        int units = pickInt(512, 256, 128, 100, 64);
        if (constant) {
            w.constant("HIDDEN", units);
        }
        String prefix = pick("fc", "hidden", "dense");
        int hidden = 0;
        // No BatchNorm after a dropout: the processor warns about it, and the benchmark wants clean compilations.
        boolean dropped = false;
        while (w.layerCount() < fields - 1) {
            hidden++;
            int left = fields - 1 - w.layerCount();
            String size = constant ? "HIDDEN" : Integer.toString(units);
            boolean batchNorm = chance(0.35) && !dropped;
            if (left >= 2 && chance(0.15)) {
                // Keras style: the dense layer, then its normalization and activation on a field of their own.
                w.layer(prefix + hidden, dense(w, size, batchNorm && chance(0.6)) + fieldSettings(w));
                w.layer("act" + hidden, (batchNorm ? batchNorm(w) + " " : "") + activation(w));
            } else {
                boolean normalizeFirst = batchNorm && chance(0.5);
                List<String> ops = new ArrayList<>();
                ops.add(dense(w, size, normalizeFirst && chance(0.6)) + fieldSettings(w));
                if (normalizeFirst) {
                    ops.add(batchNorm(w));
                }
                ops.add(activation(w));
                if (batchNorm && !normalizeFirst) {
                    ops.add(batchNorm(w));
                }
                boolean separateDropout = left >= 2 && chance(0.15);
                if (!separateDropout && chance(0.5)) {
                    ops.add(dropout(w));
                    dropped = true;
                }
                w.layer(prefix + hidden, String.join(" ", ops));
                if (separateDropout) {
                    w.layer("drop" + hidden, dropout(w));
                    dropped = true;
                }
            }
            if (!constant && units > 16 && chance(0.4)) {
                units /= 2;
            }
        }
        w.layer(pick("logits", "out", "scores"), w.use("Dense") + "(" + classes + ")");
        String doc = "An MLP for the " + MLP_PREFIXES[subject] + " data: " + features + " features, " + classes
                + " classes, " + hidden + " hidden layers.";
        return w.source(
                pick(MLP_PACKAGES), name, false, doc, w.use("Input") + "(features = " + features + ")", classes);
    }

    private Source cnn() {
        int subject = random.nextInt(CNN_PREFIXES.length);
        String name = uniqueName(CNN_PREFIXES[subject], CNN_SUFFIXES);
        Writer w = new Writer();
        int[] input = pick(
                new int[] {1, 28, 28},
                new int[] {3, 32, 32},
                new int[] {1, 32, 32},
                new int[] {1, 48, 48},
                new int[] {3, 64, 64},
                new int[] {1, 64, 64});
        int classes = pickInt(2, 5, 10, 10, 10, 26, 43, 100);
        int fields = 5 + random.nextInt(8);
        int denseFields = Math.min(random.nextInt(3), fields - 4);
        int featureFields = fields - 2 - denseFields;
        int size = input[1];
        int filters = pickInt(8, 16, 32);
        int convs = 0;
        boolean spatialDropped = false;
        int pools = 0;
        int sinceLastPool = 0;
        for (int i = 0; i < featureFields; i++) {
            boolean pool = i > 0 && sinceLastPool > 0 && size >= 4 && (sinceLastPool >= 2 || chance(0.45));
            if (pool) {
                pools++;
                sinceLastPool = 0;
                double p = random.nextDouble();
                if (p < 0.7) {
                    w.layer("pool" + pools, w.use("MaxPool") + "(2)");
                    size /= 2;
                } else if (p < 0.85) {
                    w.layer("pool" + pools, w.use("AvgPool") + "(2)");
                    size /= 2;
                } else {
                    w.layer("pool" + pools, w.use("MaxPool") + "(value = 3, stride = 2, padding = 1)");
                    size = (size + 2 - 3) / 2 + 1;
                }
                filters = Math.min(filters * 2, 256);
                continue;
            }
            convs++;
            sinceLastPool++;
            int kernel = chance(0.8) ? 3 : 5;
            int padding = (kernel - 1) / 2;
            if (size >= kernel + 2 && chance(0.2)) {
                padding = 0;
            }
            int stride = padding > 0 && size >= 8 && chance(0.1) ? 2 : 1;
            size = (size + 2 * padding - kernel) / stride + 1;
            boolean batchNorm = chance(0.4) && !spatialDropped;
            StringBuilder conv = new StringBuilder(w.use("Conv"))
                    .append("(filters = ")
                    .append(filters)
                    .append(", kernel = ")
                    .append(kernel);
            if (stride != 1) {
                conv.append(", stride = ").append(stride);
            }
            if (padding != 0) {
                conv.append(", padding = ").append(padding);
            }
            if (batchNorm && chance(0.6)) {
                conv.append(", bias = false");
            }
            conv.append(")").append(fieldSettings(w));
            if (batchNorm) {
                conv.append(' ').append(batchNorm(w));
            }
            conv.append(' ').append(chance(0.8) ? w.use("Relu") : w.use("LeakyRelu") + "(0.1)");
            if (chance(0.1)) {
                conv.append(' ')
                        .append(w.use("SpatialDropout"))
                        .append("(")
                        .append(pick("0.1", "0.2"))
                        .append(")");
                spatialDropped = true;
            }
            w.layer("conv" + convs, conv.toString());
        }
        w.layer("flat", w.use("Flatten"));
        for (int i = 1; i <= denseFields; i++) {
            String ops = w.use("Dense") + "(" + pickInt(64, 100, 128, 256, 512) + ")" + fieldSettings(w) + " "
                    + w.use("Relu") + (chance(0.6) ? " " + dropout(w) : "");
            w.layer("fc" + i, ops);
        }
        w.layer("logits", w.use("Dense") + "(" + classes + ")");
        String doc = "A CNN for " + input[0] + "×" + input[1] + "×" + input[2] + " images, " + classes + " classes: "
                + convs + " convolutions, " + pools + " pooling layers, " + denseFields + " hidden dense layers.";
        return w.source(
                pick(CNN_PACKAGES),
                name,
                true,
                doc,
                w.use("Input") + "(channels = " + input[0] + ", height = " + input[1] + ", width = " + input[2] + ")",
                classes);
    }

    private String dense(Writer w, String units, boolean noBias) {
        return w.use("Dense") + (noBias ? "(value = " + units + ", bias = false)" : "(" + units + ")");
    }

    private String activation(Writer w) {
        double p = random.nextDouble();
        if (p < 0.6) {
            return w.use("Relu");
        } else if (p < 0.75) {
            return w.use("LeakyRelu") + pick("", "(0.1)", "(0.2)");
        } else if (p < 0.9) {
            return w.use("Tanh");
        }
        return w.use("Sigmoid");
    }

    private String batchNorm(Writer w) {
        return w.use("BatchNorm") + pick("", "", "(momentum = 0.05)", "(momentum = 0.01, eps = 1e-3)");
    }

    private String dropout(Writer w) {
        return w.use("Dropout") + "(" + pick("0.1", "0.2", "0.25", "0.3", "0.5") + ")";
    }

    /** Occasionally a per-layer {@code @Regularize} or {@code @Init}. */
    private String fieldSettings(Writer w) {
        double p = random.nextDouble();
        if (p < 0.1) {
            return " " + w.use("Regularize") + pick("(l1 = 1e-5)", "(l2 = 5e-4)", "");
        } else if (p < 0.18) {
            w.use("WeightInit");
            return " " + w.use("Init") + pick("(WeightInit.XAVIER_UNIFORM)", "(WeightInit.HE_UNIFORM)");
        }
        return "";
    }

    private String uniqueName(String prefix, String[] suffixes) {
        String base = prefix + pick(suffixes);
        String name = base;
        for (int version = 2; !names.add(name); version++) {
            name = base + "V" + version;
        }
        return name;
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private int pickInt(int... values) {
        return values[random.nextInt(values.length)];
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    /** Collects one model's layer lines and the annotations it uses, then writes the class. */
    private final class Writer {
        private final Set<String> imports = new TreeSet<>(Set.of("Layer", "Model"));
        private final List<String[]> layers = new ArrayList<>();
        private final List<String> constants = new ArrayList<>();

        /** Returns {@code @Name} (or {@code Name} for {@code WeightInit}) and records the import. */
        String use(String simpleName) {
            imports.add(simpleName);
            return simpleName.equals("WeightInit") ? simpleName : "@" + simpleName;
        }

        void constant(String name, int value) {
            constants.add("static final int " + name + " = " + value + ";");
        }

        void layer(String name, String annotations) {
            layers.add(new String[] {annotations, name});
        }

        int layerCount() {
            return layers.size();
        }

        Source source(String packageName, String name, boolean cnn, String doc, String input, int classes) {
            List<String> classAnnotations = new ArrayList<>();
            classAnnotations.add("@Model(input = " + input + (chance(0.85) ? ", classes = " + classes : "") + ")");
            if (chance(0.9)) {
                classAnnotations.add(use("Train")
                        + pick(
                                "(epochs = " + pickInt(2, 5, 10, 20, 30, 50, 100) + ", batchSize = "
                                        + pickInt(16, 32, 64, 128, 256) + ", seed = " + pickInt(1, 7, 42, 123, 2024)
                                        + ")",
                                "(epochs = " + pickInt(10, 20, 40) + ")",
                                "(epochs = " + pickInt(5, 15) + ", batchSize = " + pickInt(32, 64) + ")"));
            }
            double optimizer = random.nextDouble();
            if (optimizer < 0.45) {
                classAnnotations.add(
                        use("Adam") + "(learningRate = " + pick("1e-3", "3e-4", "5e-4", "2e-3", "1e-4") + ")");
            } else if (optimizer < 0.55) {
                classAnnotations.add(use("Adam") + "(learningRate = 1e-3, weightDecay = 1e-4)");
            } else if (optimizer < 0.9) {
                classAnnotations.add(use("Sgd")
                        + pick(
                                "(learningRate = 0.01)",
                                "(learningRate = 0.1, momentum = 0.9)",
                                "(learningRate = 0.05, momentum = 0.9, nesterov = true, weightDecay = 5e-4)"));
            }
            if (chance(0.3)) {
                classAnnotations.add(use("Regularize") + pick("(l2 = 1e-4)", "(l1 = 1e-6, l2 = 1e-4)"));
            }
            if (chance(0.25)) {
                use("WeightInit");
                classAnnotations.add(use("Init")
                        + pick(
                                "(WeightInit.HE_NORMAL)",
                                "(WeightInit.XAVIER_UNIFORM)",
                                "(value = WeightInit.NORMAL, std = 0.02)"));
            }

            StringBuilder s = new StringBuilder("package ").append(packageName).append(";\n\n");
            if (chance(0.2)) {
                s.append("import io.netforge.annotations.*;\n");
            } else {
                for (String simpleName : imports) {
                    s.append("import io.netforge.annotations.")
                            .append(simpleName)
                            .append(";\n");
                }
            }
            s.append("\n/**\n * ").append(doc).append("\n */\n");
            for (String annotation : classAnnotations) {
                s.append(annotation).append('\n');
            }
            s.append(chance(0.8) ? "public " : "")
                    .append("abstract class ")
                    .append(name)
                    .append(" {\n");
            for (String constant : constants) {
                s.append("    ").append(constant).append("\n\n");
            }
            // Aligned like the samples; a field with many annotations gets them on a line of their own.
            int width = layers.stream()
                    .mapToInt(layer -> layer[0].length())
                    .filter(n -> n <= MAX_ALIGNED)
                    .max()
                    .orElse(0);
            for (String[] layer : layers) {
                if (layer[0].length() > MAX_ALIGNED) {
                    s.append("    ")
                            .append(layer[0])
                            .append("\n    Layer ")
                            .append(layer[1])
                            .append(";\n");
                } else {
                    s.append("    ")
                            .append(layer[0])
                            .append(" ".repeat(width - layer[0].length() + 1))
                            .append("Layer ")
                            .append(layer[1])
                            .append(";\n");
                }
            }
            s.append("}\n");
            return new Source(packageName, name, cnn, s.toString());
        }
    }
}
