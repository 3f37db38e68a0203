package io.netforge.processor.codegen;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.netforge.processor.ModelProcessor;
import io.netforge.processor.Samples;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * Generated sources compared with goldens under {@code goldens/<TestClass>/<method>/}: as text, so layout
 * and shape comments count, and as syntax trees ({@code hasSourceEquivalentTo}) where javac's internals are
 * exported to the tests. To update a golden, copy the generated file the failure prints, and review the diff.
 */
class GoldenSourcesTest {

    /**
     * Every operation, @Regularize and @Init on class and field, @Sgd. Chosen to cover the writers, not to
     * train well (a softmax inside a network is unusual).
     */
    static final JavaFileObject SMALL_CNN = JavaFileObjects.forSourceString("com.example.SmallCnn", """
            package com.example;

            import io.netforge.annotations.*;

            @Model(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
            @Train(epochs = 5, batchSize = 64, seed = 7, decayBiasesAndNorms = false)
            @Sgd(learningRate = 0.05, momentum = 0.9, nesterov = true, weightDecay = 5e-4)
            @StepLR(stepSize = 2, gamma = 0.5)
            @WarmupLR(steps = 1)
            @EarlyStopping(patience = 2, saveBestTo = "runs/best.nfw")
            @LabelSmoothing(0.1)
            @DisturbLabel(alpha = 0.05)
            @ClipGradients(maxNorm = 5)
            @Regularize(l2 = 1e-4)
            @Init(WeightInit.HE_NORMAL)
            public abstract class SmallCnn {
                @Conv(filters = 16, kernel = 3, padding = 1) @BatchNorm @Relu Layer conv1;
                @MaxPool(2) Layer pool1;
                @Conv(filters = 32, kernel = 3, stride = 2, bias = false) @BatchNorm(momentum = 0.05) @LeakyRelu(0.1)
                @SpatialDropout(0.1) Layer conv2;
                @AvgPool(value = 3, stride = 1, padding = 1) Layer pool2;
                @Flatten Layer flat;
                @Dense(64) @Regularize(l1 = 1e-5) @Init(value = WeightInit.NORMAL, std = 0.02, bias = 0.1) @Tanh @Dropout(0.25)
                Layer fc1;
                @Dense(32) @Sigmoid Layer fc2;
                @Dense(16) @Softmax Layer fc3;
                @Dense(10) @Regularize Layer logits;
            }
            """);

    /** A residual block and a model using it twice: identity and projection shortcuts, {@code @GlobalAvgPool}. */
    static final JavaFileObject BASIC_BLOCK = JavaFileObjects.forSourceString("com.example.BasicBlock", """
            package com.example;

            import io.netforge.annotations.*;

            @Block
            public abstract class BasicBlock {
                @Conv(filters = Block.WIDTH, kernel = 3, stride = Block.STRIDE, padding = 1, bias = false) @BatchNorm @Relu Layer conv1;
                @Conv(filters = Block.WIDTH, kernel = 3, padding = 1, bias = false) @BatchNorm Layer conv2;
            }
            """);

    static final JavaFileObject TINY_RES_NET = JavaFileObjects.forSourceString("com.example.TinyResNet", """
            package com.example;

            import io.netforge.annotations.*;

            @Model(input = @Input(channels = 3, height = 8, width = 8), classes = 10)
            @Regularize(l2 = 1e-4)
            public abstract class TinyResNet {
                @Conv(filters = 8, kernel = 3, padding = 1, bias = false) @BatchNorm @Relu Layer stem;
                @Blocks(value = BasicBlock.class, width = 8) Layer layer1;
                @Blocks(value = BasicBlock.class, width = 16, stride = 2, repeat = 2) Layer layer2;
                @GlobalAvgPool Layer gap;
                @Dense(10) Layer fc;
            }
            """);

    @Test
    void tinyResNet() {
        Compilation compilation = Samples.compile(BASIC_BLOCK, TINY_RES_NET);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation)
                .generatedSourceFile("com.example.TinyResNetGraph")
                .contentsAsUtf8String()
                .isEqualTo(golden("tinyResNet", "com.example.TinyResNetGraph"));
        assertThat(compilation)
                .generatedFile(StandardLocation.CLASS_OUTPUT, "com.example", "TinyResNet.summary.txt")
                .contentsAsUtf8String()
                .isEqualTo(goldenFile("tinyResNet", "com.example.TinyResNet.summary.txt"));
    }

    /** {@code @LayerNorm} after a dense layer and in a field of its own. */
    static final JavaFileObject LAYER_NORM_MLP = JavaFileObjects.forSourceString("com.example.LayerNormMlp", """
            package com.example;

            import io.netforge.annotations.*;

            @Model(input = @Input(features = 20), classes = 4)
            public abstract class LayerNormMlp {
                @Dense(32) @LayerNorm @Relu Layer fc1;
                @LayerNorm(eps = 1e-3) Layer norm;
                @Dense(4) Layer out;
            }
            """);

    @Test
    void layerNormMlp() {
        Compilation compilation = Samples.compile(LAYER_NORM_MLP);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation)
                .generatedSourceFile("com.example.LayerNormMlpGraph")
                .contentsAsUtf8String()
                .isEqualTo(golden("layerNormMlp", "com.example.LayerNormMlpGraph"));
        assertThat(compilation)
                .generatedFile(StandardLocation.CLASS_OUTPUT, "com.example", "LayerNormMlp.summary.txt")
                .contentsAsUtf8String()
                .isEqualTo(goldenFile("layerNormMlp", "com.example.LayerNormMlp.summary.txt"));
    }

    /** A text classifier: token input, {@code @Embedding}, dropout on the sequence, the masked mean, dense layers. */
    static final JavaFileObject TEXT_CLASSIFIER = JavaFileObjects.forSourceString("com.example.TextClassifier", """
            package com.example;

            import io.netforge.annotations.*;

            @Model(input = @Input(tokens = 50, vocabulary = 1000), classes = 2)
            public abstract class TextClassifier {
                @Embedding(dimension = 16) @Dropout(0.2) Layer embed;
                @GlobalAvgPool Layer pool;
                @Dense(8) @Relu Layer hidden;
                @Dense(2) Layer out;
            }
            """);

    @Test
    void textClassifier() {
        Compilation compilation = Samples.compile(TEXT_CLASSIFIER);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation)
                .generatedSourceFile("com.example.TextClassifierGraph")
                .contentsAsUtf8String()
                .isEqualTo(golden("textClassifier", "com.example.TextClassifierGraph"));
        assertThat(compilation)
                .generatedFile(StandardLocation.CLASS_OUTPUT, "com.example", "TextClassifier.summary.txt")
                .contentsAsUtf8String()
                .isEqualTo(goldenFile("textClassifier", "com.example.TextClassifier.summary.txt"));
    }

    /** A recurrent classifier: a bidirectional LSTM over every step, a GRU's last state, dense. */
    static final JavaFileObject RECURRENT_CLASSIFIER =
            JavaFileObjects.forSourceString("com.example.RecurrentClassifier", """
            package com.example;

            import io.netforge.annotations.*;

            @Model(input = @Input(tokens = 40, vocabulary = 500), classes = 2)
            public abstract class RecurrentClassifier {
                @Embedding(dimension = 16) Layer embed;
                @Lstm(units = 12, sequences = true, bidirectional = Bidirectional.CONCAT) @Dropout(0.2) Layer rnn;
                @Gru(units = 8) Layer last;
                @Dense(2) Layer out;
            }
            """);

    @Test
    void recurrentClassifier() {
        Compilation compilation = Samples.compile(RECURRENT_CLASSIFIER);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation)
                .generatedSourceFile("com.example.RecurrentClassifierGraph")
                .contentsAsUtf8String()
                .isEqualTo(golden("recurrentClassifier", "com.example.RecurrentClassifierGraph"));
        assertThat(compilation)
                .generatedFile(StandardLocation.CLASS_OUTPUT, "com.example", "RecurrentClassifier.summary.txt")
                .contentsAsUtf8String()
                .isEqualTo(goldenFile("recurrentClassifier", "com.example.RecurrentClassifier.summary.txt"));
    }

    @Test
    void smallCnn() {
        Compilation compilation = compile();
        assertThat(compilation)
                .generatedSourceFile("com.example.SmallCnnGraph")
                .contentsAsUtf8String()
                .isEqualTo(golden("smallCnn", "com.example.SmallCnnGraph"));
        assertThat(compilation)
                .generatedSourceFile("com.example.SmallCnnTrainer")
                .contentsAsUtf8String()
                .isEqualTo(golden("smallCnn", "com.example.SmallCnnTrainer"));
    }

    /** The summary table written beside the model's class, as the trainer's {@code summary()} returns it. */
    @Test
    void smallCnnSummaryResource() {
        assertThat(compile())
                .generatedFile(StandardLocation.CLASS_OUTPUT, "com.example", "SmallCnn.summary.txt")
                .contentsAsUtf8String()
                .isEqualTo(goldenFile("smallCnn", "com.example.SmallCnn.summary.txt"));
    }

    /** Reproducible builds: two compilations write the same files, byte for byte. */
    @Test
    void compilingTwiceWritesIdenticalFiles() throws IOException {
        Compilation first = compile();
        Compilation second = compile();
        org.assertj.core.api.Assertions.assertThat(contents(first)).hasSize(3);
        org.assertj.core.api.Assertions.assertThat(contents(second)).isEqualTo(contents(first));
    }

    private static java.util.Map<String, String> contents(Compilation compilation) throws IOException {
        java.util.Map<String, String> files = new java.util.TreeMap<>();
        for (javax.tools.JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() == JavaFileObject.Kind.CLASS) {
                continue;
            }
            try (InputStream in = file.openInputStream()) {
                files.put(file.toUri().getPath(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /** The same goldens as syntax trees; compile-testing's parser needs javac's internal packages exported. */
    @Test
    void smallCnnSyntaxTrees() {
        org.assertj.core.api.Assertions.assertThat(javacInternalsExported())
                .as(
                        "surefire must run with --add-exports jdk.compiler/com.sun.tools.javac.{api,file,main,parser,tree,util}=ALL-UNNAMED (processor/pom.xml)")
                .isTrue();
        Compilation compilation = compile();
        assertThat(compilation)
                .generatedSourceFile("com.example.SmallCnnGraph")
                .hasSourceEquivalentTo(goldenSource("smallCnn", "com.example.SmallCnnGraph"));
        assertThat(compilation)
                .generatedSourceFile("com.example.SmallCnnTrainer")
                .hasSourceEquivalentTo(goldenSource("smallCnn", "com.example.SmallCnnTrainer"));
    }

    private static Compilation compile() {
        Compilation compilation =
                Compiler.javac().withProcessors(new ModelProcessor()).compile(SMALL_CNN);
        assertThat(compilation).succeededWithoutWarnings();
        return compilation;
    }

    private static boolean javacInternalsExported() {
        Module unnamed = GoldenSourcesTest.class.getModule();
        return ModuleLayer.boot()
                .findModule("jdk.compiler")
                .map(m -> m.isExported("com.sun.tools.javac.util", unnamed)
                        && m.isExported("com.sun.tools.javac.tree", unnamed))
                .orElse(false);
    }

    private static JavaFileObject goldenSource(String method, String qualifiedName) {
        return JavaFileObjects.forSourceString(qualifiedName, golden(method, qualifiedName));
    }

    private static String golden(String method, String qualifiedName) {
        return goldenFile(method, qualifiedName + ".java");
    }

    private static String goldenFile(String method, String fileName) {
        String path = "/goldens/" + GoldenSourcesTest.class.getSimpleName() + "/" + method + "/" + fileName;
        try (InputStream in = GoldenSourcesTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing golden " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
