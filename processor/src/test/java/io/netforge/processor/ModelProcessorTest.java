package io.netforge.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.netforge.processor.codegen.SourceFileGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

class ModelProcessorTest {

    /**
     * Every optimizer and schedule annotation generates a trainer that compiles against the runtime, with the
     * declared values in its defaults (the golden covers SGD, StepLR, warm-up and the other techniques).
     */
    @Test
    void everyOptimizerAndScheduleGeneratesCompilingCode() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put(
                "@AdamW(learningRate = 0.002)\n@MultiStepLR(milestones = {3, 6}, gamma = 0.5)",
                ".optimizer(new Optimizer.AdamW(0.002, 0.9, 0.999, 1.0E-8, 0.01))\n"
                        + "                .schedule(new LrSchedule.MultiStep(List.of(3, 6), 0.5, LrSchedule.Interval.EPOCH))");
        cases.put(
                "@AdaGrad(lrDecay = 0.01)\n@ExponentialLR(gamma = 0.9, interval = Interval.STEP)",
                ".optimizer(new Optimizer.AdaGrad(0.01, 0.01, 0.0, 0.0, 1.0E-10))\n"
                        + "                .schedule(new LrSchedule.Exponential(0.9, LrSchedule.Interval.STEP))");
        cases.put(
                "@RmsProp(momentum = 0.9, centered = true)\n@CosineAnnealingLR(tMax = 10, etaMin = 1e-5)",
                ".optimizer(new Optimizer.RmsProp(0.01, 0.99, 1.0E-8, 0.0, 0.9, true))\n"
                        + "                .schedule(new LrSchedule.CosineAnnealing(10, 1.0E-5, LrSchedule.Interval.EPOCH))");
        cases.put(
                "@Adam\n@ReduceLROnPlateau(monitor = \"val_accuracy\", factor = 0.5, patience = 2)\n@ClipGradients(value = 1)",
                ".schedule(new LrSchedule.ReduceOnPlateau(LrSchedule.Mode.MAX, 0.5, 2, 1.0E-4, LrSchedule.ThresholdMode.REL, 0, 0.0, 1.0E-8, LrSchedule.Interval.EPOCH))\n"
                        + "                .scheduleMonitor(Metric.VAL_ACCURACY)\n"
                        + "                .clipping(GradientClipping.byValue(1.0))");
        cases.put(
                "@Sgd(momentum = 0.9, dampening = 0.1)\n@WarmupLR(steps = 100, startFactor = 0.01, interval = Interval.STEP)\n"
                        + "@Train(loss = LossFunction.BINARY_CROSS_ENTROPY)",
                ".optimizer(new Optimizer.Sgd(0.01, 0.9, 0.1, false, 0.0))\n"
                        + "                .schedule(new LrSchedule.Constant(LrSchedule.Interval.STEP).withWarmup(100, 0.01))");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            JavaFileObject source = JavaFileObjects.forSourceString("test.Net", """
                    package test;
                    import io.netforge.annotations.*;
                    @Model(input = @Input(features = 8))
                    %s
                    abstract class Net {
                        @Dense(4) @Relu Layer hidden;
                        @Dense(2) Layer out;
                    }
                    """.formatted(c.getKey()));
            Compilation compilation = Samples.compile(source);
            assertThat(compilation).succeededWithoutWarnings();
            assertThat(compilation)
                    .generatedSourceFile("test.NetTrainer")
                    .contentsAsUtf8String()
                    .contains(c.getValue());
        }
    }

    @Test
    void samplesCompileWithoutWarningsAndGenerateGraphAndTrainer() {
        Compilation compilation = Samples.compile(Samples.DIGITS_MLP, Samples.MNIST_CNN);
        assertThat(compilation).succeededWithoutWarnings();
        for (String model : new String[] {"io.netforge.samples.DigitsMlp", "io.netforge.samples.MnistCnn"}) {
            assertThat(compilation).generatedSourceFile(model + "Graph");
            assertThat(compilation).generatedSourceFile(model + "Trainer");
        }
        // Compiled, so they fit the runtime's real signatures:
        assertThat(compilation)
                .generatedFile(StandardLocation.CLASS_OUTPUT, "io/netforge/samples/MnistCnnTrainer.class");
        assertThat(compilation)
                .generatedFile(StandardLocation.CLASS_OUTPUT, "io/netforge/samples/DigitsMlpGraph.class");
    }

    @Test
    void generatedCodeIsOneReadableStatementPerOperation() {
        Compilation compilation = Samples.compile(Samples.MNIST_CNN, Samples.DIGITS_MLP);
        assertThat(compilation)
                .generatedSourceFile("io.netforge.samples.MnistCnnGraph")
                .contentsAsUtf8String()
                .contains("""
                                // conv1: 1×28×28 -> 16×28×28
                                x = g.conv2d("conv1", x, 16, 3, 1, 1, true, ParamInit.pytorchDefault(), Penalty.NONE);
                                x = g.relu("conv1", x);
                        """);
        assertThat(compilation)
                .generatedSourceFile("io.netforge.samples.MnistCnnGraph")
                .contentsAsUtf8String()
                .contains("// pool2: 64×14×14 -> 64×7×7");
        assertThat(compilation)
                .generatedSourceFile("io.netforge.samples.MnistCnnTrainer")
                .contentsAsUtf8String()
                .contains(".optimizer(new Optimizer.Adam(0.001, 0.9, 0.999, 1.0E-8, 0.0))");
        assertThat(compilation)
                .generatedSourceFile("io.netforge.samples.DigitsMlpGraph")
                .contentsAsUtf8String()
                .contains("""
                                // fc1: 64 -> 100
                                x = g.dense("fc1", x, 100, true, ParamInit.pytorchDefault(), Penalty.NONE);
                                x = g.relu("fc1", x);
                                x = g.dropout("fc1", x, 0.5);
                        """);
        assertThat(compilation)
                .generatedSourceFile("io.netforge.samples.DigitsMlpGraph")
                .contentsAsUtf8String()
                .contains("return g.build(x, 10, loss);");
    }

    @Test
    void generatedFilesCarryGeneratedWithoutDate() {
        Compilation compilation = Samples.compile(Samples.DIGITS_MLP);
        assertThat(compilation)
                .generatedSourceFile("io.netforge.samples.DigitsMlpTrainer")
                .contentsAsUtf8String()
                .contains("@Generated(\n        value = \"io.netforge.processor.ModelProcessor\",\n"
                        + "        comments = \"NetForge: see docs/annotations.md\"\n)");
        assertThat(SourceFileGenerator.GENERATOR).isEqualTo(ModelProcessor.class.getName());
    }

    @Test
    void outputIsByteIdenticalAcrossCompilations() throws IOException {
        Map<String, String> first = generatedSources(Samples.compile(Samples.MNIST_CNN, Samples.DIGITS_MLP));
        Map<String, String> second = generatedSources(Samples.compile(Samples.DIGITS_MLP, Samples.MNIST_CNN));
        assertThat(first).hasSize(4).isEqualTo(second);
    }

    @Test
    void classesDefaultToTheLastLayersWidth() {
        JavaFileObject source = JavaFileObjects.forSourceString("test.Net", """
                package test;
                import io.netforge.annotations.*;
                @Model(input = @Input(features = 4))
                abstract class Net {
                    @Dense(3) Layer out;
                }
                """);
        Compilation compilation = Samples.compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation)
                .generatedSourceFile("test.NetGraph")
                .contentsAsUtf8String()
                .contains("return build(seed, LossFunction.SOFTMAX_CROSS_ENTROPY);");
        assertThat(compilation)
                .generatedSourceFile("test.NetTrainer")
                .contentsAsUtf8String()
                .contains(
                        "TrainConfig.builder().epochs(10).batchSize(32).seed(42L).loss(LossFunction.SOFTMAX_CROSS_ENTROPY)");
        assertThat(compilation)
                .generatedSourceFile("test.NetTrainer")
                .contentsAsUtf8String()
                .contains(".optimizer(new Optimizer.Adam(0.001, 0.9, 0.999, 1.0E-8, 0.0))\n                .build();");
    }

    @Test
    void nestedStaticModelsGetPrefixedNames() {
        JavaFileObject source = JavaFileObjects.forSourceString("test.Outer", """
                package test;
                import io.netforge.annotations.*;
                public class Outer {
                    @Model(input = @Input(features = 4))
                    public abstract static class Net {
                        @Dense(2) Layer out;
                    }
                }
                """);
        Compilation compilation = Samples.compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation)
                .generatedSourceFile("test.Outer_NetGraph")
                .contentsAsUtf8String()
                .contains("new GraphBuilder(\"Net\", seed)");
        assertThat(compilation)
                .generatedSourceFile("test.Outer_NetTrainer")
                .contentsAsUtf8String()
                .contains("{@link Outer.Net}");
    }

    @Test
    void anErrorInOneModelDoesNotStopTheOthers() {
        JavaFileObject broken = JavaFileObjects.forSourceString("test.Broken", """
                package test;
                import io.netforge.annotations.*;
                @Model(input = @Input(features = 4))
                abstract class Broken {
                    @Dense(2) @Dropout(1.5) Layer out;
                }
                """);
        // compile-testing hides generated files of a failed compilation; the verbose note follows generation.
        Compilation compilation =
                Samples.javac().withOptions("-Anetforge.verbose=true").compile(broken, Samples.DIGITS_MLP);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadNoteContaining("NetForge DigitsMlp");
        assertThat(compilation.notes()).noneMatch(d -> d.getMessage(null).contains("Broken"));
    }

    @Test
    void modelsWaitForTypesThatALaterRoundGenerates() {
        JavaFileObject source = JavaFileObjects.forSourceString("test.Net", """
                package test;
                import io.netforge.annotations.*;
                @Model(input = @Input(features = 4))
                abstract class Net {
                    @Note @Dense(2) Layer out;
                }
                """);
        Compilation compilation = Samples.javac()
                .withProcessors(new ModelProcessor(), new NoteGenerator())
                .compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.NetGraph");
    }

    @Test
    void verboseOptionPrintsShapesAsANote() {
        Compilation compilation =
                Samples.javac().withOptions("-Anetforge.verbose=true").compile(Samples.MNIST_CNN);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadNoteContaining("NetForge MnistCnn: input 1×28×28, 10 classes")
                .inFile(Samples.MNIST_CNN)
                .onLineContaining("public abstract class MnistCnn");
        assertThat(compilation).hadNoteContaining("pool2 (MaxPool)     64×7×7               0      12,544\n");
        assertThat(compilation).hadNoteContaining("Trainable params: 338,006\n");
    }

    @Test
    void withoutTheOptionThereIsNoNote() {
        assertThat(Samples.compile(Samples.MNIST_CNN).notes())
                .noneMatch(d -> d.getMessage(null).contains("NetForge"));
    }

    @Test
    void incrementalBuildsKnowTheProcessorIsIsolating() throws IOException {
        try (InputStream in =
                ModelProcessor.class.getResourceAsStream("/META-INF/gradle/incremental.annotation.processors")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim())
                    .isEqualTo("io.netforge.processor.ModelProcessor,isolating");
        }
    }

    @Test
    void supportsOnlyModelAndItsTwoOptions() {
        ModelProcessor processor = new ModelProcessor();
        assertThat(processor.getSupportedAnnotationTypes()).containsExactly("io.netforge.annotations.Model");
        assertThat(processor.getSupportedOptions())
                .containsExactlyInAnyOrder("netforge.verbose", "netforge.memoryBudget");
        assertThat(processor.getSupportedSourceVersion()).isEqualTo(SourceVersion.latestSupported());
    }

    static Map<String, String> generatedSources(Compilation compilation) throws IOException {
        assertThat(compilation).succeeded();
        Map<String, String> sources = new LinkedHashMap<>();
        for (JavaFileObject file : compilation.generatedSourceFiles()) {
            sources.put(file.toUri().getPath(), file.getCharContent(true).toString());
        }
        return sources;
    }

    /** Generates the annotation type {@code test.Note} in its first round, after the model was first seen. */
    static final class NoteGenerator extends AbstractProcessor {
        private boolean done;

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!done) {
                done = true;
                try (Writer w =
                        processingEnv.getFiler().createSourceFile("test.Note").openWriter()) {
                    w.write("package test; public @interface Note {}");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return false;
        }
    }
}
