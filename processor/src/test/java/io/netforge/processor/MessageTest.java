package io.netforge.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.netforge.processor.validation.Message;
import java.util.EnumSet;
import java.util.Set;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One compile-testing case per {@link Message} key, each checking the text and the line it points at.
 * Tests name the key they cover through {@link #covers}; {@link #everyKeyIsCovered} runs after all of them.
 */
class MessageTest {
    private static final Set<Message> COVERED = EnumSet.noneOf(Message.class);

    /** A model {@code test.Net} with the given class annotations and body. */
    private static JavaFileObject net(String classAnnotations, String body) {
        return JavaFileObjects.forSourceString(
                "test.Net", """
                package test;

                import io.netforge.annotations.*;

                %s
                abstract class Net {
                %s
                }
                """.formatted(classAnnotations, body.indent(4).stripTrailing()));
    }

    private static JavaFileObject flatNet(String body) {
        return net("@Model(input = @Input(features = 8))", body);
    }

    private static JavaFileObject imageNet(String body) {
        return net("@Model(input = @Input(channels = 1, height = 28, width = 28))", body);
    }

    private static Compilation compile(JavaFileObject... sources) {
        return Samples.compile(sources);
    }

    private static void covers(Message message) {
        COVERED.add(message);
    }

    @Test
    void modelNotAClass() {
        covers(Message.MODEL_NOT_A_CLASS);
        JavaFileObject source = JavaFileObjects.forSourceString("test.Net", """
                package test;
                import io.netforge.annotations.*;
                @Model(input = @Input(features = 8))
                interface Net {
                }
                """);
        assertThat(compile(source))
                .hadErrorContaining("@Model applies to abstract classes, but test.Net is an interface")
                .inFile(source)
                .onLineContaining("@Model(");
    }

    @Test
    void modelNotAbstract() {
        covers(Message.MODEL_NOT_ABSTRACT);
        JavaFileObject source = JavaFileObjects.forSourceString("test.Net", """
                package test;
                import io.netforge.annotations.*;
                @Model(input = @Input(features = 8))
                class Net {
                    @Dense(2) Layer out;
                }
                """);
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining(
                        "Net: a @Model class must be abstract, as NetForge generates NetGraph and NetTrainer beside it; add `abstract`")
                .inFile(source)
                .onLineContaining("@Model(");
        assertThat(compilation).hadErrorCount(1);
    }

    /** A final class cannot just gain `abstract` (javac refuses both), so the hint says what to replace. */
    @Test
    void finalModelIsToldToReplaceFinal() {
        covers(Message.MODEL_NOT_ABSTRACT);
        JavaFileObject source = JavaFileObjects.forSourceString("test.Net", """
                package test;
                import io.netforge.annotations.*;
                @Model(input = @Input(features = 8))
                final class Net {
                    @Dense(2) Layer out;
                }
                """);
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("Net: a @Model class must be abstract, as NetForge generates NetGraph and"
                        + " NetTrainer beside it; replace `final` with `abstract`")
                .inFile(source)
                .onLineContaining("@Model(");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void modelNotStatic() {
        covers(Message.MODEL_NOT_STATIC);
        JavaFileObject source = JavaFileObjects.forSourceString("test.Outer", """
                package test;
                import io.netforge.annotations.*;
                class Outer {
                    @Model(input = @Input(features = 8))
                    abstract class Net {
                        @Dense(2) Layer out;
                    }
                }
                """);
        assertThat(compile(source))
                .hadErrorContaining("Net: a nested @Model class must be static; add `static`")
                .inFile(source)
                .onLineContaining("@Model(");
    }

    @Test
    void modelPrivate() {
        covers(Message.MODEL_PRIVATE);
        JavaFileObject source = JavaFileObjects.forSourceString("test.Outer", """
                package test;
                import io.netforge.annotations.*;
                class Outer {
                    @Model(input = @Input(features = 8))
                    private abstract static class Net {
                        @Dense(2) Layer out;
                    }
                }
                """);
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining(
                        "Net: a @Model class must not be private, as the generated Outer_NetGraph and Outer_NetTrainer refer to it")
                .inFile(source)
                .onLineContaining("@Model(");
        // its implicit constructor is private too, but dropping `private` fixes both: no constructor advice
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void inputWithNoShape() {
        covers(Message.INPUT_NO_SHAPE);
        JavaFileObject source = net("@Model(input = @Input(channels = 1, height = 28))", "@Dense(2) Layer out;");
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining(
                        "Net: invalid @Input. Expected an image (channels, height and width all > 0), a flat"
                                + " vector (features > 0) or token ids (tokens > 0 with vocabulary). Received: channels=1,"
                                + " height=28, width=0, features=0, tokens=0")
                .inFile(source)
                .onLineContaining("@Input(channels = 1, height = 28)");
        assertThat(compilation).hadErrorCount(1);
        assertThat(compile(net("@Model(input = @Input)", "@Dense(2) Layer out;")))
                .hadErrorContaining("Received: channels=0, height=0, width=0, features=0, tokens=0");
        assertThat(compile(net("@Model(input = @Input(features = -3))", "@Dense(2) Layer out;")))
                .hadErrorContaining("Received: channels=0, height=0, width=0, features=-3, tokens=0");
    }

    @Test
    void inputWithTwoShapes() {
        covers(Message.INPUT_TWO_SHAPES);
        JavaFileObject source = net(
                "@Model(input = @Input(channels = 1, height = 28, width = 28, features = 784))",
                "@Dense(2) Layer out;");
        assertThat(compile(source))
                .hadErrorContaining(
                        "Net: invalid @Input. Expected one of an image (channels, height, width), a flat vector"
                                + " (features) and token ids (tokens, vocabulary), not two. Received: channels=1,"
                                + " height=28, width=28, features=784, tokens=0")
                .inFile(source)
                .onLineContaining("features = 784");
    }

    @Test
    void noLayers() {
        covers(Message.NO_LAYERS);
        JavaFileObject source = flatNet("static final int WIDTH = 3;");
        assertThat(compile(source))
                .hadErrorContaining("Net declares no layers; add Layer fields, first layer first")
                .inFile(source)
                .onLineContaining("@Model(");
    }

    @Test
    void fieldNotLayer() {
        covers(Message.FIELD_NOT_LAYER);
        JavaFileObject source = flatNet("""
                @Dense(4) @Relu Layer hidden;
                @Dense(2) Object out;
                """);
        assertThat(compile(source))
                .hadErrorContaining(
                        "out: a field with @Dense must have type io.netforge.annotations.Layer, but its type is java.lang.Object")
                .inFile(source)
                .onLineContaining("Object out;");
    }

    @Test
    void fieldStatic() {
        covers(Message.FIELD_STATIC);
        JavaFileObject source = flatNet("""
                @Dense(4) Layer hidden;
                @Dense(2) static Layer out;
                """);
        assertThat(compile(source))
                .hadErrorContaining("out: a layer field must not be static")
                .inFile(source)
                .onLineContaining("static Layer out;");
    }

    @Test
    void layerWithoutOperation() {
        covers(Message.LAYER_WITHOUT_OP);
        JavaFileObject source = flatNet("""
                @Dense(4) Layer hidden;
                Layer forgotten;
                @Regularize(l2 = 0.1) Layer regularizedOnly;
                @Dense(2) Layer out;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("forgotten: a Layer field needs a layer annotation, one of @Conv, @MaxPool,")
                .inFile(source)
                .onLineContaining("Layer forgotten;");
        assertThat(compilation)
                .hadErrorContaining("regularizedOnly: a Layer field needs a layer annotation")
                .inFile(source)
                .onLineContaining("regularizedOnly");
        assertThat(compilation).hadErrorCount(2);
    }

    @Test
    void twoMainOperationsOnOneField() {
        covers(Message.TWO_MAIN_OPS);
        JavaFileObject source = imageNet("""
                @Conv(filters = 8, kernel = 3)
                @Dense(10) Layer both;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining(
                        "both: a field declares one layer, but it has both @Conv and @Dense; put them on two fields")
                .inFile(source)
                .onLineContaining("@Dense(10)");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void notPositive() {
        covers(Message.NOT_POSITIVE);
        JavaFileObject source = imageNet("""
                @Conv(filters = 0, kernel = 3) Layer conv1;
                @Flatten Layer flat;
                @Dense(10) Layer out;
                """);
        assertThat(compile(source))
                .hadErrorContaining(
                        "conv1: invalid value for `filters` of @Conv. Expected a positive integer. Received: filters=0")
                .inFile(source)
                .onLineContaining("@Conv(filters = 0");
        JavaFileObject units = flatNet("@Dense(-1) Layer out;");
        assertThat(compile(units))
                .hadErrorContaining("out: invalid value for `units` of @Dense. Expected a positive integer."
                        + " Received: units=-1")
                .inFile(units)
                .onLineContaining("@Dense(-1)");
        JavaFileObject lr =
                net("@Model(input = @Input(features = 8))\n@Adam(learningRate = 0)", "@Dense(2) Layer out;");
        assertThat(compile(lr))
                .hadErrorContaining("Net: invalid value for `learningRate` of @Adam. Expected a finite number > 0."
                        + " Received: learningRate=0.0")
                .inFile(lr)
                .onLineContaining("@Adam(learningRate = 0)");
    }

    @Test
    void negative() {
        covers(Message.NEGATIVE);
        JavaFileObject source = imageNet("""
                @Conv(filters = 4, kernel = 3, padding = -1) Layer conv1;
                @Flatten Layer flat;
                @Dense(10) Layer out;
                """);
        assertThat(compile(source))
                .hadErrorContaining(
                        "conv1: invalid value for `padding` of @Conv. Expected an integer >= 0. Received: padding=-1")
                .inFile(source)
                .onLineContaining("padding = -1");
        JavaFileObject stride = imageNet("""
                @MaxPool(value = 2, stride = -2) Layer pool;
                @Flatten Layer flat;
                @Dense(10) Layer out;
                """);
        assertThat(compile(stride))
                .hadErrorContaining("pool: invalid value for `stride` of @MaxPool."
                        + " Expected 0 (the window size) or a positive integer. Received: stride=-2")
                .inFile(stride)
                .onLineContaining("stride = -2");
    }

    @Test
    void outOfRange() {
        covers(Message.OUT_OF_RANGE);
        JavaFileObject source = flatNet("""
                @Dense(16) @Relu @Dropout(1.5) Layer fc1;
                @Dense(2) Layer out;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining(
                        "fc1: invalid value for `rate` of @Dropout. Expected a number in [0, 1). Received: rate=1.5")
                .inFile(source)
                .onLineContaining("@Dropout(1.5)");
        assertThat(compilation).hadErrorCount(1);
        assertThat(compile(flatNet("@Dense(2) @Dropout(1) Layer out;"))).hadErrorContaining("Received: rate=1.0");
        assertThat(compile(flatNet("@Dense(2) @Dropout(-0.1) Layer out;"))).hadErrorContaining("Received: rate=-0.1");
        JavaFileObject lr =
                net("@Model(input = @Input(features = 8))\n@Sgd(learningRate = 1e7)", "@Dense(2) Layer out;");
        assertThat(compile(lr))
                .hadErrorContaining("Net: invalid value for `learningRate` of @Sgd. Expected a number in"
                        + " (0, 1000000]. Received: learningRate=1.0E7")
                .inFile(lr)
                .onLineContaining("@Sgd(learningRate = 1e7)");
    }

    @Test
    void poolPaddingTooLarge() {
        covers(Message.POOL_PADDING_TOO_LARGE);
        JavaFileObject source = imageNet("""
                @AvgPool(value = 2, padding = 2) Layer pool;
                @Flatten Layer flat;
                @Dense(10) Layer out;
                """);
        assertThat(compile(source))
                .hadErrorContaining(
                        "pool: invalid value for `padding` of @AvgPool. Expected at most half the window (1). Received: padding=2")
                .inFile(source)
                .onLineContaining("@AvgPool(value = 2, padding = 2)");
    }

    @Test
    void nesterovWithoutMomentum() {
        covers(Message.NESTEROV_WITHOUT_MOMENTUM);
        JavaFileObject source = net(
                "@Model(input = @Input(features = 8))\n@Sgd(learningRate = 0.1, nesterov = true)",
                "@Dense(2) Layer out;");
        assertThat(compile(source))
                .hadErrorContaining("Net: @Sgd(nesterov = true) needs momentum > 0 and dampening = 0, as in"
                        + " PyTorch. Received: momentum=0.0, dampening=0.0")
                .inFile(source)
                .onLineContaining("@Sgd(");
        JavaFileObject dampened = net(
                "@Model(input = @Input(features = 8))\n@Sgd(momentum = 0.9, dampening = 0.1, nesterov = true)",
                "@Dense(2) Layer out;");
        assertThat(compile(dampened)).hadErrorContaining("Received: momentum=0.9, dampening=0.1");
    }

    @Test
    void twoSchedules() {
        covers(Message.TWO_SCHEDULES);
        JavaFileObject source = net(
                "@Model(input = @Input(features = 8))\n@StepLR(stepSize = 5)\n@WarmupLR(steps = 2)\n"
                        + "@CosineAnnealingLR(tMax = 10)",
                "@Dense(2) Layer out;");
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("Net declares two learning-rate schedules, @StepLR and @CosineAnnealingLR;"
                        + " keep one (@WarmupLR combines with either)")
                .inFile(source)
                .onLineContaining("@CosineAnnealingLR(");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void warmupInterval() {
        covers(Message.WARMUP_INTERVAL);
        JavaFileObject source = net(
                "@Model(input = @Input(features = 8))\n@CosineAnnealingLR(tMax = 10)\n"
                        + "@WarmupLR(steps = 100, interval = Interval.STEP)",
                "@Dense(2) Layer out;");
        assertThat(compile(source))
                .hadErrorContaining("Net: @WarmupLR(interval = STEP) must step like the schedule it is"
                        + " multiplied on, but @CosineAnnealingLR steps per EPOCH; give both the same interval")
                .inFile(source)
                .onLineContaining("interval = Interval.STEP");
    }

    @Test
    void unknownMetric() {
        covers(Message.UNKNOWN_METRIC);
        JavaFileObject source = net(
                "@Model(input = @Input(features = 8))\n@EarlyStopping(monitor = \"val_acc\")", "@Dense(2) Layer out;");
        assertThat(compile(source))
                .hadErrorContaining("Net: invalid value for `monitor` of @EarlyStopping. Expected one of"
                        + " val_loss, val_accuracy, loss, accuracy, val_mae, val_rmse. Received: monitor=\"val_acc\"")
                .inFile(source)
                .onLineContaining("@EarlyStopping(");
        JavaFileObject plateau = net(
                "@Model(input = @Input(features = 8))\n@ReduceLROnPlateau(monitor = \"lr\")", "@Dense(2) Layer out;");
        assertThat(compile(plateau)).hadErrorContaining("of @ReduceLROnPlateau. Expected one of");
    }

    @Test
    void milestonesNotIncreasing() {
        covers(Message.MILESTONES_NOT_INCREASING);
        JavaFileObject source =
                net("@Model(input = @Input(features = 8))\n@MultiStepLR(milestones = {10, 5})", "@Dense(2) Layer out;");
        assertThat(compile(source))
                .hadErrorContaining("Net: invalid value for `milestones` of @MultiStepLR. Expected at least"
                        + " one positive epoch (or step), in strictly increasing order. Received: milestones=[10, 5]")
                .inFile(source)
                .onLineContaining("@MultiStepLR(");
        JavaFileObject empty =
                net("@Model(input = @Input(features = 8))\n@MultiStepLR(milestones = {})", "@Dense(2) Layer out;");
        assertThat(compile(empty)).hadErrorContaining("Received: milestones=[]");
    }

    @Test
    void clipNeedsOne() {
        covers(Message.CLIP_NEEDS_ONE);
        JavaFileObject both = net(
                "@Model(input = @Input(features = 8))\n@ClipGradients(maxNorm = 1, value = 0.5)",
                "@Dense(2) Layer out;");
        assertThat(compile(both))
                .hadErrorContaining("Net: @ClipGradients clips by norm or by value: set exactly one of maxNorm"
                        + " and value to a positive number. Received: maxNorm=1.0, value=0.5")
                .inFile(both)
                .onLineContaining("@ClipGradients(");
        JavaFileObject none = net("@Model(input = @Input(features = 8))\n@ClipGradients", "@Dense(2) Layer out;");
        assertThat(compile(none)).hadErrorContaining("Received: maxNorm=0.0, value=0.0");
    }

    @Test
    void trainingValuesOutOfRange() {
        JavaFileObject source = net("""
                @Model(input = @Input(features = 8))
                @LabelSmoothing(1.0)
                @DisturbLabel(alpha = -0.1)
                @WarmupLR(steps = 0, startFactor = 0)
                @ReduceLROnPlateau(factor = 1.0, patience = -1)
                @RmsProp(alpha = 1.0)""", "@Dense(2) Layer out;");
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("Net: invalid value for `value` of @LabelSmoothing. Expected a number in [0, 1)."
                        + " Received: value=1.0")
                .inFile(source)
                .onLineContaining("@LabelSmoothing(1.0)");
        assertThat(compilation)
                .hadErrorContaining("Net: invalid value for `alpha` of @DisturbLabel. Expected a number in [0, 1]."
                        + " Received: alpha=-0.1")
                .inFile(source)
                .onLineContaining("@DisturbLabel(");
        assertThat(compilation)
                .hadErrorContaining("Net: invalid value for `steps` of @WarmupLR. Expected a positive integer.");
        assertThat(compilation)
                .hadErrorContaining("Net: invalid value for `startFactor` of @WarmupLR. Expected a number in (0, 1].");
        assertThat(compilation)
                .hadErrorContaining(
                        "Net: invalid value for `factor` of @ReduceLROnPlateau. Expected a number in (0, 1).");
        assertThat(compilation)
                .hadErrorContaining(
                        "Net: invalid value for `patience` of @ReduceLROnPlateau. Expected an integer >= 0.");
        assertThat(compilation)
                .hadErrorContaining("Net: invalid value for `alpha` of @RmsProp. Expected a number in [0, 1).");
        assertThat(compilation).hadErrorCount(7);
    }

    @Test
    void twoOptimizers() {
        covers(Message.TWO_OPTIMIZERS);
        JavaFileObject source =
                net("@Model(input = @Input(features = 8))\n@Sgd\n@Adam(learningRate = 0.01)", "@Dense(2) Layer out;");
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("Net declares two optimizers, @Sgd and @Adam; keep one")
                .inFile(source)
                .onLineContaining("@Adam(");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void denseNeedsAFlatInput() {
        covers(Message.NEEDS_FLAT);
        JavaFileObject source = JavaFileObjects.forSourceString("test.Net", """
                package test;
                import io.netforge.annotations.*;
                @Model(input = @Input(channels = 1, height = 28, width = 28))
                abstract class Net {
                    @Conv(filters = 16, kernel = 3, padding = 1) @Relu Layer conv1;
                    @Conv(filters = 32, kernel = 3, padding = 1) @Relu Layer conv2;
                    @MaxPool(2) Layer pool1;
                    @Conv(filters = 64, kernel = 3, padding = 1) @Relu Layer conv3;
                    @MaxPool(2) Layer pool2;
                    @Dense(100) @Relu Layer fc1;
                    @Dense(10) Layer logits;
                }
                """);
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("fc1: @Dense needs a flat input but pool2 produces 64×7×7; add @Flatten before fc1")
                .inFile(source)
                .onLineContaining("@Dense(100)");
        assertThat(compilation).hadErrorCount(1);
        JavaFileObject first = imageNet("@Dense(10) Layer out;");
        assertThat(compile(first))
                .hadErrorContaining("out: @Dense needs a flat input but the input is 1×28×28; add @Flatten before out")
                .inFile(first)
                .onLineContaining("@Dense(10)");
        JavaFileObject softmax = imageNet("@Softmax Layer out;");
        assertThat(compile(softmax)).hadErrorContaining("out: @Softmax needs a flat input but the input is 1×28×28");
    }

    private static JavaFileObject textNet(String body) {
        return net("@Model(input = @Input(tokens = 20, vocabulary = 100))", body);
    }

    @Test
    void tokenInputNeedsAVocabulary() {
        covers(Message.INPUT_VOCABULARY);
        JavaFileObject source = net("@Model(input = @Input(tokens = 20, vocabulary = 1))", "@Dense(2) Layer out;");
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("Net: invalid @Input. tokens = 20 needs vocabulary = the number of token ids, at"
                        + " least 2 (id 0 is the padding). Received: vocabulary=1")
                .inFile(source)
                .onLineContaining("@Input(tokens = 20");
        assertThat(compilation).hadErrorCount(1);
        assertThat(compile(net(
                        "@Model(input = @Input(features = 8, tokens = 20, vocabulary = 100))", "@Dense(2) Layer out;")))
                .hadErrorContaining("not two. Received: channels=0, height=0, width=0, features=8, tokens=20");
    }

    @Test
    void aSequenceInputNeedsStepsAndFeatures() {
        covers(Message.INPUT_SEQUENCE);
        JavaFileObject source =
                net("@Model(input = @Input(steps = 20))", "@Lstm(units = 4) Layer rnn;\n@Dense(2) Layer out;");
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("Net: invalid @Input. A sequence needs steps > 0 and features > 0 (the values of"
                        + " each step). Received: steps=20, features=0")
                .inFile(source)
                .onLineContaining("@Input(steps = 20");
        assertThat(compilation).hadErrorCount(1);
        assertThat(compile(net(
                        "@Model(input = @Input(steps = 20, features = 3))",
                        "@Lstm(units = 4) Layer rnn;\n@Dense(2) Layer out;")))
                .succeededWithoutWarnings();
        // a @Dense on the sequence runs on each step; the last layer then is a sequence, and the message says why
        JavaFileObject dense = net("@Model(input = @Input(steps = 20, features = 3))", "@Dense(2) Layer out;");
        assertThat(compile(dense))
                .hadErrorContaining("out: the last layer must produce a flat vector of class scores but produces 20×2"
                        + " (steps×features); end the model with @GlobalAvgPool and @Dense(classes), or declare"
                        + " @Model(task = Task.CLASS_PER_STEP) for a class at every step; the input is a sequence, 20×3"
                        + " (steps×features)")
                .inFile(dense)
                .onLineContaining("@Dense(2)");
        JavaFileObject norm = net(
                "@Model(input = @Input(steps = 20, features = 3))",
                "@Dense(4) Layer fc;\n@BatchNorm Layer norm;\n@GlobalMaxPool Layer pool;\n@Dense(2) Layer out;");
        assertThat(compile(norm))
                .hadErrorContaining("norm: @BatchNorm cannot take a sequence (fc produces 20×4"
                        + " (steps×features)); pool it first with @GlobalAvgPool, the mean over its steps that are not"
                        + " padding; the input is a sequence, 20×3 (steps×features)")
                .inFile(norm)
                .onLineContaining("@BatchNorm");
        assertThat(compile(net(
                        "@Model(input = @Input(steps = 20, features = 3, tokens = 20, vocabulary = 100))",
                        "@Dense(2) Layer out;")))
                .hadErrorContaining("not two.");
    }

    @Test
    void embeddingReadsTheTokenInputOnly() {
        covers(Message.NEEDS_TOKENS);
        JavaFileObject source = flatNet("""
                @Embedding(dimension = 16) Layer embed;
                @Dense(2) Layer out;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("embed: @Embedding looks up token ids, so it must be the first layer of a model"
                        + " with @Input(tokens = …, vocabulary = …), but the input is 8")
                .inFile(source)
                .onLineContaining("@Embedding");
        assertThat(compilation).hadErrorCount(1);
        JavaFileObject dimension = textNet("""
                @Embedding(dimension = 0) Layer embed;
                @GlobalAvgPool Layer pool;
                @Dense(2) Layer out;
                """);
        assertThat(compile(dimension))
                .hadErrorContaining("invalid value for `dimension` of @Embedding")
                .inFile(dimension)
                .onLineContaining("@Embedding");
    }

    @Test
    void tokenIdsNeedAnEmbeddingFirst() {
        covers(Message.NEEDS_EMBEDDING);
        JavaFileObject source = textNet("""
                @Dense(16) Layer hidden;
                @Dense(2) Layer out;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("hidden: @Dense cannot read token ids (the input is 20 token ids); start the model"
                        + " with @Embedding(dimension = …), which turns each id into a vector")
                .inFile(source)
                .onLineContaining("@Dense(16)");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void aSequenceIsPooledBeforeFlatLayers() {
        covers(Message.NEEDS_POOLING);
        JavaFileObject source = textNet("""
                @Embedding(dimension = 16) @Dropout(0.2) Layer embed;
                @BatchNorm Layer norm;
                @GlobalMaxPool Layer pool;
                @Dense(2) Layer out;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("norm: @BatchNorm cannot take a sequence (embed produces 20×16"
                        + " (steps×features)); pool it first with @GlobalAvgPool, the mean over its steps that are not"
                        + " padding")
                .inFile(source)
                .onLineContaining("@BatchNorm");
        assertThat(compilation).hadErrorCount(1);
        // @Dense on a sequence applies to each step; as the last layer it leaves a sequence, not class scores
        JavaFileObject perStep = textNet("""
                @Embedding(dimension = 16) @Dropout(0.2) Layer embed;
                @Dense(2) Layer out;
                """);
        assertThat(compile(perStep))
                .hadErrorContaining("out: the last layer must produce a flat vector of class scores but produces 20×2"
                        + " (steps×features)")
                .inFile(perStep)
                .onLineContaining("@Dense(2)");
        JavaFileObject hidden = textNet("""
                @Embedding(dimension = 16) Layer embed;
                @Dense(8) @LayerNorm @Relu Layer perStep;
                @GlobalMaxPool Layer pool;
                @Dense(2) Layer out;
                """);
        assertThat(compile(hidden)).succeeded();
        assertThat(compile(
                        textNet("@Embedding(dimension = 16) Layer embed;\n@Flatten Layer flat;\n@Dense(2) Layer out;")))
                .hadErrorContaining("flat: @Flatten cannot take a sequence");
    }

    @Test
    void aModelEndingInASequenceSaysToPool() {
        covers(Message.LAST_LAYER_SEQUENCE);
        JavaFileObject source = textNet("@Embedding(dimension = 2) Layer embed;");
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("embed: the last layer must produce a flat vector of class scores but produces"
                        + " 20×2 (steps×features); end the model with @GlobalAvgPool and @Dense(classes), or declare"
                        + " @Model(task = Task.CLASS_PER_STEP) for a class at every step")
                .inFile(source)
                .onLineContaining("@Embedding");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void conv1dAndMaxPoolWorkOnSequences() {
        covers(Message.NEEDS_SEQUENCE);
        JavaFileObject source = flatNet("""
                @Conv1d(filters = 4, kernel = 3) Layer conv;
                @Dense(2) Layer out;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining(
                        "conv: @Conv1d works on a sequence (steps×features, after @Embedding) but the" + " input is 8")
                .inFile(source)
                .onLineContaining("@Conv1d");
        assertThat(compilation).hadErrorCount(1);
        JavaFileObject image = imageNet("@GlobalMaxPool Layer pool;\n@Dense(2) Layer out;");
        assertThat(compile(image))
                .hadErrorContaining(
                        "pool: @GlobalMaxPool works on a sequence (steps×features, after @Embedding) but the"
                                + " input is 1×28×28")
                .inFile(image)
                .onLineContaining("@GlobalMaxPool");
        JavaFileObject even = textNet("""
                @Embedding(dimension = 8) Layer embed;
                @Conv1d(filters = 4, kernel = 4) Layer conv;
                @GlobalMaxPool Layer pool;
                @Dense(2) Layer out;
                """);
        assertThat(compile(even))
                .hadErrorContaining("conv: invalid value for `kernel` of @Conv1d. Expected a positive odd integer (each"
                        + " output step centred on an input step). Received: kernel=4")
                .inFile(even)
                .onLineContaining("kernel = 4");
    }

    @Test
    void aConvolutionKernelLongerThanTheSequenceIsRefused() {
        covers(Message.KERNEL_TOO_LONG);
        JavaFileObject source = net("@Model(input = @Input(tokens = 4, vocabulary = 100))", """
                @Embedding(dimension = 8) Layer embed;
                @Conv1d(filters = 4, kernel = 5) @Relu Layer conv;
                @GlobalMaxPool Layer pool;
                @Dense(2) Layer out;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("conv: @Conv1d kernel 5 spans 5 steps, more than the sequence's 4 (embed produces"
                        + " 4×8 (steps×features)); use a shorter kernel or dilation")
                .inFile(source)
                .onLineContaining("kernel = 5");
        assertThat(compilation).hadErrorCount(1);
        JavaFileObject dilated = net("@Model(input = @Input(tokens = 4, vocabulary = 100))", """
                @Embedding(dimension = 8) Layer embed;
                @Conv1d(filters = 4, kernel = 3, dilation = 2) Layer conv;
                @GlobalMaxPool Layer pool;
                @Dense(2) Layer out;
                """);
        assertThat(compile(dilated))
                .hadErrorContaining("conv: @Conv1d kernel 3 spans 5 steps, more than the sequence's 4")
                .inFile(dilated)
                .onLineContaining("kernel = 3, dilation = 2");
        JavaFileObject zero = net("@Model(input = @Input(tokens = 4, vocabulary = 100))", """
                @Embedding(dimension = 8) Layer embed;
                @Conv1d(filters = 4, kernel = 3, dilation = 0) Layer conv;
                @GlobalMaxPool Layer pool;
                @Dense(2) Layer out;
                """);
        assertThat(compile(zero))
                .hadErrorContaining("conv: invalid value for `dilation` of @Conv1d")
                .inFile(zero)
                .onLineContaining("dilation = 0");
    }

    @Test
    void stridedConvolutionsAndPoolingOverTimeShortenASequence() {
        JavaFileObject source = textNet("""
                @Embedding(dimension = 8) Layer embed;
                @Conv1d(filters = 4, kernel = 3, stride = 2) @Relu Layer conv;
                @MaxPool(3) Layer pool;
                @Lstm(units = 4) Layer rnn;
                @Dense(2) Layer out;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .generatedSourceFile("test.NetGraph")
                .contentsAsUtf8String()
                .contains("x = g.conv1d(\"conv\", x, 4, 3, 2, 1, true,");
        assertThat(compilation)
                .generatedSourceFile("test.NetGraph")
                .contentsAsUtf8String()
                .contains("x = g.maxPool(\"pool\", x, 3, 0, 0);");
        JavaFileObject zero = textNet("""
                @Embedding(dimension = 8) Layer embed;
                @Conv1d(filters = 4, kernel = 3, stride = 0) Layer conv;
                @GlobalMaxPool Layer pool;
                @Dense(2) Layer out;
                """);
        assertThat(compile(zero))
                .hadErrorContaining("conv: invalid value for `stride` of @Conv1d")
                .inFile(zero)
                .onLineContaining("stride = 0");
    }

    @Test
    void validAndCausalConvolutionsTakeAnyKernelAndShortenOrKeepTheSequence() {
        JavaFileObject source = net("@Model(input = @Input(steps = 24, features = 1), task = Task.REGRESSION)", """
                @Conv1d(filters = 8, kernel = 2, padding = Padding.CAUSAL) @Relu Layer causal;
                @Conv1d(filters = 8, kernel = 4, stride = 2, padding = Padding.VALID) Layer valid;
                @Lstm(units = 4) Layer rnn;
                @Dense(1) Layer out;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .generatedSourceFile("test.NetGraph")
                .contentsAsUtf8String()
                .contains("x = g.conv1d(\"causal\", x, 8, 2, 1, 1, Padding.CAUSAL, true,");
        assertThat(compilation)
                .generatedSourceFile("test.NetGraph")
                .contentsAsUtf8String()
                .contains("// valid: 24×8 (steps×features) -> 11×8 (steps×features)");
        JavaFileObject tooLong = net("@Model(input = @Input(steps = 4, features = 1))", """
                @Conv1d(filters = 8, kernel = 6, padding = Padding.VALID) Layer valid;
                @GlobalMaxPool Layer pool;
                @Dense(2) Layer out;
                """);
        assertThat(compile(tooLong))
                .hadErrorContaining("valid: @Conv1d kernel 6 spans 6 steps, more than the sequence's 4")
                .inFile(tooLong)
                .onLineContaining("kernel = 6");
    }

    @Test
    void timeWindowTooLong() {
        covers(Message.TIME_WINDOW_TOO_LONG);
        JavaFileObject source = net("@Model(input = @Input(tokens = 8, vocabulary = 100))", """
                @Embedding(dimension = 8) Layer embed;
                @Conv1d(filters = 4, kernel = 3, stride = 2) Layer conv;
                @AvgPool(5) Layer pool;
                @GlobalMaxPool Layer max;
                @Dense(2) Layer out;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("pool: @AvgPool window 5 is longer than the sequence's 4 steps (conv produces 4×4"
                        + " (steps×features)); use a smaller window")
                .inFile(source)
                .onLineContaining("@AvgPool(5)");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void timePoolStride() {
        covers(Message.TIME_POOL_STRIDE);
        JavaFileObject source = net("@Model(input = @Input(steps = 12, features = 2))", """
                @MaxPool(value = 3, stride = 1) Layer pool;
                @Lstm(units = 4) Layer rnn;
                @Dense(2) Layer out;
                """);
        assertThat(compile(source))
                .hadErrorContaining("pool: @MaxPool over a sequence's steps pools windows of 3 steps one after"
                        + " another, so its stride is the window and it has no padding (stride 1, padding 0); leave"
                        + " both out")
                .inFile(source)
                .onLineContaining("stride = 1");
    }

    @Test
    void anLstmWorksOnSequencesWithPositiveUnits() {
        JavaFileObject image = imageNet("@Lstm(units = 8) Layer rnn;\n@Dense(2) Layer out;");
        Compilation onImage = compile(image);
        assertThat(onImage)
                .hadErrorContaining("rnn: @Lstm works on a sequence (steps×features, after @Embedding) but the input"
                        + " is 1×28×28")
                .inFile(image)
                .onLineContaining("@Lstm");
        assertThat(onImage).hadErrorCount(1);
        JavaFileObject flat = flatNet("@Gru(units = 8) Layer rnn;\n@Dense(2) Layer out;");
        assertThat(compile(flat))
                .hadErrorContaining(
                        "rnn: @Gru works on a sequence (steps×features, after @Embedding) but the input is 8")
                .inFile(flat)
                .onLineContaining("@Gru");
        JavaFileObject zero = textNet("""
                @Embedding(dimension = 8) Layer embed;
                @Lstm(units = 0) Layer rnn;
                @Dense(2) Layer out;
                """);
        assertThat(compile(zero))
                .hadErrorContaining("rnn: invalid value for `units` of @Lstm")
                .inFile(zero)
                .onLineContaining("units = 0");
        JavaFileObject unpooled = textNet("""
                @Embedding(dimension = 8) Layer embed;
                @Lstm(units = 4, sequences = true) Layer rnn;
                """);
        assertThat(compile(unpooled))
                .hadErrorContaining("rnn: the last layer must produce a flat vector of class scores but produces 20×4"
                        + " (steps×features)")
                .inFile(unpooled)
                .onLineContaining("@Lstm");
    }

    @Test
    void lstmModelsCompile() {
        assertThat(compile(textNet("""
                @Embedding(dimension = 16) Layer embed;
                @Lstm(units = 8, sequences = true, bidirectional = Bidirectional.CONCAT) @Dropout(0.2) Layer rnn;
                @Lstm(units = 8, bidirectional = Bidirectional.SUM) Layer rnn2;
                @Dense(2) Layer out;
                """))).succeededWithoutWarnings();
        assertThat(compile(textNet("""
                @Embedding(dimension = 16) Layer embed;
                @Gru(units = 8, sequences = true) Layer rnn;
                @Gru(units = 4, bidirectional = Bidirectional.CONCAT) Layer rnn2;
                @Dense(2) Layer out;
                """))).succeededWithoutWarnings();
    }

    @Test
    void aTextCnnCompiles() {
        assertThat(compile(textNet("""
                @Embedding(dimension = 16) Layer embed;
                @Conv1d(filters = 8, kernel = 5) @Relu Layer conv;
                @GlobalMaxPool @Dropout(0.5) Layer pool;
                @Dense(2) Layer out;
                """))).succeededWithoutWarnings();
    }

    @Test
    void aTextModelCompiles() {
        assertThat(compile(textNet("""
                @Embedding(dimension = 16) @Dropout(0.2) Layer embed;
                @GlobalAvgPool Layer pool;
                @Dense(8) @Relu Layer hidden;
                @Dense(2) Layer out;
                """))).succeededWithoutWarnings();
    }

    @Test
    void layerNormNeedsAFlatInputOfTwoFeatures() {
        covers(Message.ONE_FEATURE);
        JavaFileObject image = imageNet("""
                @Conv(filters = 4, kernel = 3) @LayerNorm Layer conv;
                @Flatten Layer flat;
                @Dense(10) Layer out;
                """);
        Compilation onImage = compile(image);
        assertThat(onImage)
                .hadErrorContaining(
                        "conv: @LayerNorm needs a flat input but conv's @Conv produces 4×26×26; add @Flatten before conv")
                .inFile(image)
                .onLineContaining("@LayerNorm");
        assertThat(onImage).hadErrorCount(1);
        JavaFileObject one = flatNet("""
                @Dense(1)
                @LayerNorm Layer narrow;
                @Dense(2) Layer out;
                """);
        Compilation compilation = compile(one);
        assertThat(compilation)
                .hadErrorContaining("narrow: @LayerNorm normalizes each sample over its features, but narrow's @Dense"
                        + " produces 1: a single feature always normalizes to 0, so the layer would output its shift β"
                        + " whatever the input; put it after a layer with more features")
                .inFile(one)
                .onLineContaining("@LayerNorm");
        assertThat(compilation).hadErrorCount(1);
        JavaFileObject eps = flatNet("@Dense(4) @LayerNorm(eps = 0) Layer hidden;\n@Dense(2) Layer out;");
        assertThat(compile(eps))
                .hadErrorContaining("invalid value for `eps` of @LayerNorm")
                .inFile(eps)
                .onLineContaining("@LayerNorm");
        assertThat(compile(flatNet("@Dense(4) @LayerNorm @Relu Layer hidden;\n@Dense(2) Layer out;")))
                .succeededWithoutWarnings();
        assertThat(compile(net(
                        "@Model(input = @Input(features = 8))\n@Train(batchSize = 1)",
                        "@Dense(4) @LayerNorm Layer hidden;\n@Dense(2) Layer out;")))
                .succeededWithoutWarnings();
    }

    @Test
    void convNeedsAnImage() {
        covers(Message.NEEDS_IMAGE);
        JavaFileObject source = flatNet("""
                @Dense(16) Layer fc1;
                @Conv(filters = 4, kernel = 3) Layer conv;
                @Flatten Layer flat;
                @Dense(2) Layer out;
                """);
        assertThat(compile(source))
                .hadErrorContaining("conv: @Conv needs a channels×height×width input but fc1 produces 16")
                .inFile(source)
                .onLineContaining("@Conv(");
        JavaFileObject sameField = flatNet("@Dense(16) @SpatialDropout(0.2) Layer fc1;");
        assertThat(compile(sameField))
                .hadErrorContaining(
                        "fc1: @SpatialDropout needs a channels×height×width input but fc1's @Dense produces 16")
                .inFile(sameField)
                .onLineContaining("@SpatialDropout(0.2)");
        assertThat(compile(flatNet("@MaxPool(2) Layer pool; @Dense(2) Layer out;")))
                .hadErrorContaining("pool: @MaxPool needs a channels×height×width input but the input is 8");
    }

    @Test
    void shapeTooLarge() {
        covers(Message.SHAPE_TOO_LARGE);
        JavaFileObject flat = net("@Model(input = @Input(channels = 3, height = 100000, width = 100000))", """
                @Flatten Layer flat;
                @Dense(2) Layer out;
                """);
        assertThat(compile(flat))
                .hadErrorContaining("flat: @Flatten would produce more than 2,147,483,647 values per sample"
                        + " from its input (the input is 3×100000×100000); use a smaller input, a larger stride or a pooling"
                        + " layer first")
                .inFile(flat)
                .onLineContaining("@Flatten Layer flat;");
        JavaFileObject padded = imageNet("""
                @Conv(filters = 8, kernel = 3, padding = 2147483000) Layer conv1;
                @Flatten Layer flat;
                @Dense(2) Layer out;
                """);
        // the padding alone makes it too large: the hint says so instead of blaming the input or the stride
        assertThat(compile(padded))
                .hadErrorContaining("conv1: @Conv would produce more than 2,147,483,647 values per sample"
                        + " from its input (the input is 1×28×28); use a smaller padding (kernel / 2 keeps the size; without"
                        + " padding the output fits)")
                .inFile(padded)
                .onLineContaining("padding = 2147483000");
    }

    @Test
    void windowTooLarge() {
        covers(Message.WINDOW_TOO_LARGE);
        JavaFileObject source = net("@Model(input = @Input(channels = 3, height = 4, width = 6))", """
                @Conv(filters = 8, kernel = 5) Layer conv1;
                @Flatten Layer flat;
                @Dense(2) Layer out;
                """);
        assertThat(compile(source))
                .hadErrorContaining(
                        "conv1: @Conv kernel 5 is larger than its padded input 4×6 (the input is 3×4×6, padding 0)")
                .inFile(source)
                .onLineContaining("kernel = 5");
        JavaFileObject pool = imageNet("""
                @Conv(filters = 8, kernel = 3, stride = 3) Layer conv1;
                @MaxPool(4) Layer pool1;
                @MaxPool(4) Layer pool2;
                @Flatten Layer flat;
                @Dense(2) Layer out;
                """);
        assertThat(compile(pool))
                .hadErrorContaining(
                        "pool2: @MaxPool window 4 is larger than its padded input 2×2 (pool1 produces 8×2×2, padding 0)")
                .inFile(pool)
                .onLineContaining("@MaxPool(4) Layer pool2;");
    }

    @Test
    void lastLayerNotFlat() {
        covers(Message.LAST_LAYER_NOT_FLAT);
        JavaFileObject source = imageNet("""
                @Conv(filters = 8, kernel = 3) @Relu Layer conv1;
                """);
        assertThat(compile(source))
                .hadErrorContaining("conv1: the last layer must produce a flat vector of class scores"
                        + " but produces 8×26×26; end the model with @Flatten and @Dense(classes)")
                .inFile(source)
                .onLineContaining("@Relu Layer conv1;");
    }

    @Test
    void classesMismatch() {
        covers(Message.CLASSES_MISMATCH);
        JavaFileObject source = net("@Model(input = @Input(features = 8), classes = 10)", """
                @Dense(32) @Relu Layer fc1;
                @Dense(12) Layer logits;
                """);
        assertThat(compile(source))
                .hadErrorContaining("logits: the last layer produces 12 class scores but @Model declares classes = 10")
                .inFile(source)
                .onLineContaining("@Dense(12)");
    }

    @Test
    void unresolvedType() {
        covers(Message.UNRESOLVED_TYPE);
        JavaFileObject source = flatNet("""
                @Dense(4) Layer hidden;
                @Dense(2) Missing out;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("test.Net: NetForge generated nothing for this model because field `out`"
                        + " refers to a type or constant that could not be resolved")
                .inFile(source)
                .onLineContaining("Missing out;");
        assertThat(compilation).hadErrorContaining("cannot find symbol");
        JavaFileObject constant = flatNet("@Dense(Sizes.OUT) Layer out;");
        assertThat(compile(constant))
                .hadErrorContaining("because field `out` refers to a type or constant")
                .inFile(constant)
                .onLineContaining("Sizes.OUT");
    }

    @Test
    void generationFailed() {
        covers(Message.GENERATION_FAILED);
        JavaFileObject nested = JavaFileObjects.forSourceString("test.Outer", """
                package test;
                import io.netforge.annotations.*;
                class Outer {
                    @Model(input = @Input(features = 8))
                    abstract static class Net {
                        @Dense(2) Layer out;
                    }
                }
                """);
        JavaFileObject clash = JavaFileObjects.forSourceString("test.Outer_Net", """
                package test;
                import io.netforge.annotations.*;
                @Model(input = @Input(features = 8))
                abstract class Outer_Net {
                    @Dense(2) Layer out;
                }
                """);
        Compilation compilation = compile(nested, clash);
        assertThat(compilation).hadErrorContaining(": NetForge could not write test.Outer_NetGraph: ");
        assertThat(compilation).hadErrorContaining(": NetForge could not write test.Outer_NetTrainer: ");
    }

    @Test
    void internalError() {
        covers(Message.INTERNAL_ERROR);
        Compilation compilation = Samples.javac()
                .withProcessors(new ModelProcessor(env -> type -> {
                    throw new IllegalStateException("boom");
                }))
                .compile(Samples.DIGITS_MLP);
        assertThat(compilation)
                .hadErrorContaining("NetForge internal error while processing io.netforge.samples.DigitsMlp:"
                        + " java.lang.IllegalStateException: boom; please report this at the project's issue tracker")
                .inFile(Samples.DIGITS_MLP)
                .onLineContaining("public abstract class DigitsMlp");
    }

    @Test
    void modelSummary() {
        covers(Message.MODEL_SUMMARY);
        Compilation compilation =
                Samples.javac().withOptions("-Anetforge.verbose=true").compile(Samples.DIGITS_MLP);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadNoteContaining("NetForge DigitsMlp: input 64, 10 classes")
                .inFile(Samples.DIGITS_MLP)
                .onLineContaining("public abstract class DigitsMlp");
        assertThat(compilation).hadNoteContaining("Trainable params: 37,810");
    }

    @Test
    void runtimeNotOnClasspath() {
        covers(Message.RUNTIME_NOT_ON_CLASSPATH);
        java.io.File annotationsOnly;
        try {
            annotationsOnly = new java.io.File(io.netforge.annotations.Model.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Compilation compilation = Samples.javac()
                .withClasspath(java.util.List.of(annotationsOnly))
                .compile(Samples.DIGITS_MLP);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadNoteContaining(
                        "io.netforge.samples.DigitsMlp: checked; NetForge generated no graph or trainer because"
                                + " netforge-runtime is not on the class path")
                .inFile(Samples.DIGITS_MLP)
                .onLineContaining("public abstract class DigitsMlp");
        assertThat(compilation.generatedSourceFiles()).isEmpty();
    }

    @Test
    void weightsTooLarge() {
        covers(Message.WEIGHTS_TOO_LARGE);
        JavaFileObject source = net("@Model(input = @Input(features = 100000))", "@Dense(30000) Layer logits;");
        assertThat(compile(source))
                .hadErrorContaining("logits: @Dense on its input (the input is 100000) would need"
                        + " 3,000,000,000 weights, more than one array can hold (2,147,483,647); use fewer units or filters,"
                        + " or a smaller input")
                .inFile(source)
                .onLineContaining("@Dense(30000)");
    }

    @Test
    void initStdMustBeFinite() {
        JavaFileObject source =
                flatNet("@Dense(2) @Init(value = WeightInit.HE_NORMAL, std = Double.NaN) Layer logits;");
        assertThat(compile(source))
                .hadErrorContaining("logits: invalid value for `std` of @Init.")
                .inFile(source)
                .onLineContaining("std = Double.NaN");
    }

    @Test
    void modelGeneric() {
        covers(Message.MODEL_GENERIC);
        JavaFileObject source = JavaFileObjects.forSourceString("test.Net", """
                package test;
                import io.netforge.annotations.*;
                @Model(input = @Input(features = 8))
                abstract class Net<T> {
                    @Dense(2) Layer out;
                }
                """);
        assertThat(compile(source))
                .hadErrorContaining(
                        "Net: a @Model class cannot have type parameters, as NetForge generates one concrete subclass of it; remove <T>")
                .inFile(source)
                .onLineContaining("@Model(");
    }

    @Test
    void noConstructor() {
        covers(Message.NO_CONSTRUCTOR);
        JavaFileObject source = flatNet("""
                @Dense(2) Layer out;
                private Net() {
                }
                Net(int size) {
                }
                """);
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("Net: the generated NetGraph.Layers subclasses this model, so it needs a"
                        + " constructor without parameters that is not private; add `Net() {}`")
                .inFile(source)
                .onLineContaining("private Net()");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void abstractMethod() {
        covers(Message.ABSTRACT_METHOD);
        JavaFileObject source = flatNet("""
                @Dense(2) Layer out;
                abstract int size();
                """);
        assertThat(compile(source))
                .hadErrorContaining("Net: a @Model class cannot have abstract methods, as the generated"
                        + " NetGraph.Layers must be instantiated; Net.size() is abstract, give it a body")
                .inFile(source)
                .onLineContaining("abstract int size()");
    }

    @Test
    void fieldNotAssignable() {
        covers(Message.FIELD_NOT_ASSIGNABLE);
        JavaFileObject source = flatNet("""
                @Dense(4) private Layer hidden;
                @Dense(2) final Layer out = null;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("hidden: a layer field must not be private, as the generated"
                        + " NetGraph.Layers sets it to the layer's description")
                .inFile(source)
                .onLineContaining("private Layer hidden");
        assertThat(compilation)
                .hadErrorContaining("out: a layer field must not be final")
                .inFile(source)
                .onLineContaining("final Layer out");
        assertThat(compilation).hadErrorCount(2);
    }

    @Test
    void duplicateLayer() {
        covers(Message.DUPLICATE_LAYER);
        JavaFileObject base = JavaFileObjects.forSourceString("test.Base", """
                package test;
                import io.netforge.annotations.*;
                abstract class Base {
                    @Dense(16) @Relu Layer hidden;
                }
                """);
        JavaFileObject source = JavaFileObjects.forSourceString("test.Net", """
                package test;
                import io.netforge.annotations.*;
                @Model(input = @Input(features = 8))
                abstract class Net extends Base {
                    @Dense(16) Layer hidden;
                    @Dense(2) Layer out;
                }
                """);
        Compilation compilation = compile(base, source);
        assertThat(compilation)
                .hadErrorContaining("hidden: a layer with this name is already declared in Base; layer names"
                        + " name graph variables and must be unique, rename one of them")
                .inFile(source)
                .onLineContaining("@Dense(16) Layer hidden");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void inheritedLayersComeFirst() {
        JavaFileObject base = JavaFileObjects.forSourceString("test.Base", """
                package test;
                import io.netforge.annotations.*;
                abstract class Base {
                    @Dense(16) @Relu Layer hidden;
                }
                """);
        JavaFileObject source = JavaFileObjects.forSourceString("test.Net", """
                package test;
                import io.netforge.annotations.*;
                @Model(input = @Input(features = 8))
                abstract class Net extends Base {
                    @Dense(2) Layer out;
                }
                """);
        Compilation compilation =
                Samples.javac().withOptions("-Anetforge.verbose=true").compile(base, source);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).hadNoteContaining("Trainable params: 178\n");
    }

    @Test
    void twoActivations() {
        covers(Message.TWO_ACTIVATIONS);
        JavaFileObject source = flatNet("""
                @Dense(4) @Relu
                @Tanh Layer hidden;
                @Dense(2) Layer out;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("hidden: a layer takes one activation, but it has both @Relu and @Tanh; keep one")
                .inFile(source)
                .onLineContaining("@Tanh");
        assertThat(compilation).hadErrorCount(1);
    }

    /** A residual block class {@code test.Basic} with the given body. */
    private static JavaFileObject block(String annotations, String body) {
        return JavaFileObjects.forSourceString(
                "test.Basic", """
                package test;

                import io.netforge.annotations.*;

                %s
                abstract class Basic {
                %s
                }
                """.formatted(annotations, body.indent(4).stripTrailing()));
    }

    private static final String BASIC = """
            @Conv(filters = Block.WIDTH, kernel = 3, stride = Block.STRIDE, padding = 1, bias = false) @BatchNorm @Relu Layer conv1;
            @Conv(filters = Block.WIDTH, kernel = 3, padding = 1, bias = false) @BatchNorm Layer conv2;
            """;

    private static JavaFileObject residualNet(String stage) {
        return net("@Model(input = @Input(channels = 3, height = 8, width = 8))", """
                @Conv(filters = 4, kernel = 3, padding = 1) @Relu Layer stem;
                %s
                @GlobalAvgPool Layer gap;
                @Dense(10) Layer fc;
                """.formatted(stage));
    }

    @Test
    void residualNetCompilesWithBothShortcuts() {
        Compilation compilation = compile(block("@Block", BASIC), residualNet("""
                @Blocks(value = Basic.class, width = 4) Layer layer1;
                @Blocks(value = Basic.class, width = 8, stride = 2, repeat = 2) Layer layer2;
                """));
        assertThat(compilation).succeededWithoutWarnings();
    }

    @Test
    void blockPathsDiffer() {
        covers(Message.BLOCK_PATHS_DIFFER);
        // no padding: the main path shrinks 8×8 to 4×4 while a stride-1 projection keeps 8×8
        JavaFileObject source = residualNet("""
                @Blocks(value = Basic.class, width = 4)
                Layer layer1;
                """);
        Compilation compilation = compile(block("@Block", """
                @Conv(filters = Block.WIDTH, kernel = 3, stride = Block.STRIDE) @Relu Layer conv1;
                @Conv(filters = Block.WIDTH, kernel = 3) Layer conv2;
                """), source);
        assertThat(compilation)
                .hadErrorContaining("layer1.0: the two paths of Basic cannot be added: the main path produces"
                        + " 4×4×4 from the block's input 4×8×8, and a 1×1 projection with stride 1 would produce 4×8×8;"
                        + " make the main path keep the size or change it by the stride (padding = kernel / 2)")
                .inFile(source)
                .onLineContaining("@Blocks");
        assertThat(compilation).hadErrorCount(1);
    }

    /** A block that pools: no padding makes its paths addable, so the hint says to move the pooling out. */
    @Test
    void blockPathsDifferBecauseTheMainPathPools() {
        covers(Message.BLOCK_PATHS_DIFFER);
        JavaFileObject source = residualNet("""
                @Blocks(value = Basic.class, width = 4)
                Layer layer1;
                """);
        Compilation compilation = compile(block("@Block", """
                @Conv(filters = Block.WIDTH, kernel = 3, padding = 1) @Relu Layer conv1;
                @MaxPool(2) Layer pool;
                """), source);
        assertThat(compilation)
                .hadErrorContaining("layer1.0: the two paths of Basic cannot be added: the main path produces"
                        + " 4×4×4 from the block's input 4×8×8, and a 1×1 projection with stride 1 would produce 4×8×8;"
                        + " the main path's @MaxPool (layer1.0.pool) changes the shape in a way no projection follows;"
                        + " move it out of the block, after the @Blocks layer")
                .inFile(source)
                .onLineContaining("@Blocks");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void blocksNotABlock() {
        covers(Message.BLOCKS_NOT_A_BLOCK);
        JavaFileObject source = residualNet("@Blocks(value = Basic.class, width = 4) Layer layer1;");
        Compilation compilation = compile(block("", BASIC), source);
        assertThat(compilation)
                .hadErrorContaining("layer1: @Blocks needs a class annotated with @Block, but Basic is not;"
                        + " annotate it with @Block")
                .inFile(source)
                .onLineContaining("@Blocks");
    }

    /** {@code Class<?>} also takes primitive, array and void literals; each is an error on the attribute. */
    @Test
    void blocksNotAClass() {
        covers(Message.BLOCKS_NOT_A_CLASS);
        for (String[] c :
                new String[][] {{"int", "a primitive type"}, {"Basic[]", "an array type"}, {"void", "not a class"}}) {
            JavaFileObject source = residualNet("@Blocks(value = " + c[0] + ".class, width = 4) Layer layer1;");
            Compilation compilation = compile(block("@Block", BASIC), source);
            assertThat(compilation)
                    .hadErrorContaining("layer1: @Blocks needs a class annotated with @Block, but " + c[0] + " is "
                            + c[1] + "; name a block class, e.g. `@Blocks(value = BasicBlock.class, width = 64)`")
                    .inFile(source)
                    .onLineContaining("@Blocks");
            assertThat(compilation).hadErrorCount(1);
        }
    }

    /** Expansion is refused before it is spent: two billion repetitions would exhaust the processor's heap. */
    @Test
    void tooManyLayers() {
        covers(Message.TOO_MANY_LAYERS);
        JavaFileObject source = residualNet("""
                @Blocks(value = Basic.class, width = 4, repeat = 3000) Layer layer1;
                @Blocks(value = Basic.class, width = 4,
                        repeat = Integer.MAX_VALUE) Layer layer2;
                """);
        Compilation compilation = compile(block("@Block", BASIC), source);
        assertThat(compilation)
                .hadErrorContaining("layer2: repeat = 2,147,483,647 of Basic (3 layers each) would give the"
                        + " model 6,442,459,942 layers; a model may have at most 10,000. Use a smaller repeat")
                .inFile(source)
                .onLineContaining("repeat = Integer.MAX_VALUE");
        assertThat(compilation).hadErrorCount(1);
        // the limit counts the layers before the field: 1 + 3 × 3,000 + 3 × 334 > 10,000
        Compilation sum = compile(block("@Block", BASIC), residualNet("""
                @Blocks(value = Basic.class, width = 4, repeat = 3000) Layer layer1;
                @Blocks(value = Basic.class, width = 4, repeat = 334) Layer layer2;
                """));
        assertThat(sum)
                .hadErrorContaining("layer2: repeat = 334 of Basic (3 layers each) would give the model 10,003 layers");
    }

    @Test
    void blockNoLayers() {
        covers(Message.BLOCK_NO_LAYERS);
        JavaFileObject basic = block("@Block", "int unrelated;");
        Compilation compilation = compile(basic, residualNet("@Blocks(value = Basic.class, width = 4) Layer layer1;"));
        assertThat(compilation)
                .hadErrorContaining("Basic: a @Block class needs Layer fields, its main path")
                .inFile(basic)
                .onLineContaining("@Block");
    }

    @Test
    void blocksNeedWidth() {
        covers(Message.BLOCKS_NEED_WIDTH);
        JavaFileObject source = residualNet("@Blocks(value = Basic.class, repeat = 2) Layer layer1;");
        Compilation compilation = compile(block("@Block", BASIC), source);
        assertThat(compilation)
                .hadErrorContaining("layer1: Basic uses Block.WIDTH, so @Blocks needs a width. Expected a"
                        + " positive integer. Received: width=0")
                .inFile(source)
                .onLineContaining("@Blocks");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void blockSentinelsOutsideABlockAreInvalidValues() {
        JavaFileObject source = imageNet("""
                @Conv(filters = Block.WIDTH, kernel = 3) Layer conv;
                @Flatten Layer flat;
                @Dense(10) Layer fc;
                """);
        assertThat(compile(source))
                .hadErrorContaining("conv: invalid value for `filters` of @Conv."
                        + " Expected a positive integer. Received: filters=-1")
                .inFile(source)
                .onLineContaining("@Conv");
    }

    @Test
    void aMistakeInsideABlockIsReportedOnceOnTheBlock() {
        JavaFileObject basic = block("@Block", """
                @Conv(filters = Block.WIDTH, kernel = 0, padding = 1) Layer conv1;
                """);
        Compilation compilation = compile(basic, residualNet("""
                @Blocks(value = Basic.class, width = 4) Layer layer1;
                @Blocks(value = Basic.class, width = 4) Layer layer2;
                """));
        assertThat(compilation)
                .hadErrorContaining("conv1: invalid value for `kernel`")
                .inFile(basic)
                .onLineContaining("kernel = 0");
        assertThat(compilation).hadErrorCount(1);
    }

    /** Values the runtime's schedules refuse are javac errors, with the runtime's ranges. */
    @Test
    void scheduleRangesMatchTheRuntime() {
        JavaFileObject step =
                net("@Model(input = @Input(features = 8))\n@StepLR(stepSize = 5, gamma = 1.5)", "@Dense(2) Layer out;");
        assertThat(compile(step))
                .hadErrorContaining("Net: invalid value for `gamma` of @StepLR. Expected a number in (0, 1]."
                        + " Received: gamma=1.5")
                .inFile(step)
                .onLineContaining("@StepLR");
        JavaFileObject exponential =
                net("@Model(input = @Input(features = 8))\n@ExponentialLR(gamma = 0)", "@Dense(2) Layer out;");
        assertThat(compile(exponential)).hadErrorContaining("Expected a number in (0, 1]. Received: gamma=0");
        JavaFileObject factor =
                net("@Model(input = @Input(features = 8))\n@ReduceLROnPlateau(factor = 0)", "@Dense(2) Layer out;");
        assertThat(compile(factor))
                .hadErrorContaining("Net: invalid value for `factor` of @ReduceLROnPlateau. Expected a number"
                        + " in (0, 1). Received: factor=0");
        JavaFileObject threshold = net(
                "@Model(input = @Input(features = 8))\n@ReduceLROnPlateau(threshold = 1.5)", "@Dense(2) Layer out;");
        assertThat(compile(threshold)).hadErrorContaining("Expected a number in [0, 1). Received: threshold=1.5");
        JavaFileObject maxThreshold = net(
                "@Model(input = @Input(features = 8))\n@ReduceLROnPlateau(monitor = \"val_accuracy\", threshold = 1.5)",
                "@Dense(2) Layer out;");
        assertThat(compile(maxThreshold)).succeeded();
    }

    private static final String SERIES = "@Model(input = @Input(steps = 12, features = 1), task = Task.REGRESSION)";

    @Test
    void aRegressionModelCompilesWithMseByDefault() {
        JavaFileObject source = net(SERIES, "@Lstm(units = 8) Layer rnn;\n@Dense(1) Layer out;");
        assertThat(compile(source)).succeeded();
        assertThat(compile(source))
                .generatedSourceFile("test.NetGraph")
                .contentsAsUtf8String()
                .contains("return build(seed, LossFunction.MSE);");
        assertThat(compile(source))
                .generatedSourceFile("test.NetGraph")
                .contentsAsUtf8String()
                .contains("return g.build(x, 1, loss, Task.REGRESSION);");
        JavaFileObject huber =
                net(SERIES + "\n@Train(loss = LossFunction.HUBER)", "@Gru(units = 8) Layer rnn;\n@Dense(2) Layer out;");
        assertThat(compile(huber)).succeeded();
    }

    @Test
    void regressionClasses() {
        covers(Message.REGRESSION_CLASSES);
        JavaFileObject source = net(
                "@Model(input = @Input(steps = 12, features = 1), task = Task.REGRESSION,\n    classes = 1)",
                "@Lstm(units = 8) Layer rnn;\n@Dense(1) Layer out;");
        assertThat(compile(source))
                .hadErrorContaining("Net: a regression model has outputs, not classes, but @Model declares classes = 1;"
                        + " leave classes out (its outputs are the last layer's 1)")
                .inFile(source)
                .onLineContaining("classes = 1");
    }

    private static final String PER_STEP =
            "@Model(input = @Input(tokens = 20, vocabulary = 30), task = Task.CLASS_PER_STEP)";

    @Test
    void aPerStepModelCompilesAndBuildsWithItsTask() {
        JavaFileObject source = net(
                PER_STEP,
                "@Embedding(dimension = 8) Layer embed;\n@Lstm(units = 8, sequences = true) Layer rnn;\n"
                        + "@Dense(30) Layer next;");
        Compilation compilation = compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation)
                .generatedSourceFile("test.NetGraph")
                .contentsAsUtf8String()
                .contains("return g.build(x, 30, loss, Task.CLASS_PER_STEP);");
    }

    @Test
    void perStepNeedsASequenceAtTheEnd() {
        covers(Message.PER_STEP_NEEDS_SEQUENCE);
        JavaFileObject source = net(
                PER_STEP,
                "@Embedding(dimension = 8) Layer embed;\n@Lstm(units = 8) Layer rnn;\n@Dense(30) Layer next;");
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("next: a CLASS_PER_STEP model scores classes at every step, but the last layer"
                        + " produces 30, one vector per sample; keep the steps (sequences = true on @Lstm or @Gru, no"
                        + " pooling) and end with @Dense(classes), which applies to each step")
                .inFile(source)
                .onLineContaining("@Dense(30)");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void perStepClassesMustMatchTheWidthAtEachStep() {
        JavaFileObject source = net(
                "@Model(input = @Input(tokens = 20, vocabulary = 30), task = Task.CLASS_PER_STEP, classes = 29)",
                "@Embedding(dimension = 8) Layer embed;\n@Dense(30) Layer next;");
        assertThat(compile(source))
                .hadErrorContaining("next: the last layer produces 30 class scores but @Model declares classes = 29")
                .inFile(source)
                .onLineContaining("@Dense(30)");
    }

    @Test
    void attentionHeadsMustDivideTheFeaturesUnlessEachHeadHasItsSize() {
        covers(Message.HEADS_DIVIDE);
        JavaFileObject source = net(PER_STEP, """
                @Embedding(dimension = 10) Layer embed;
                @MultiHeadAttention(heads = 3) Layer attn;
                @Dense(30) Layer next;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("attn: @MultiHeadAttention splits the 10 features of each step among 3"
                        + " heads, which does not divide them (embed produces 20×10 (steps×features)); use a number of"
                        + " heads that divides the features, or give each head its keyDimension")
                .inFile(source)
                .onLineContaining("heads = 3");
        assertThat(compilation).hadErrorCount(1);
        assertThat(compile(net(PER_STEP, """
                        @Embedding(dimension = 10) Layer embed;
                        @MultiHeadAttention(heads = 3, keyDimension = 4, causal = true) Layer attn;
                        @Dense(30) Layer next;
                        """))).succeededWithoutWarnings();
        JavaFileObject flat = flatNet("@MultiHeadAttention(heads = 2) Layer attn;\n@Dense(2) Layer out;");
        assertThat(compile(flat))
                .hadErrorContaining("attn: @MultiHeadAttention works on a sequence")
                .inFile(flat)
                .onLineContaining("@MultiHeadAttention");
        JavaFileObject negative = net(PER_STEP, """
                @Embedding(dimension = 10) Layer embed;
                @MultiHeadAttention(heads = 2, keyDimension = -1) Layer attn;
                @Dense(30) Layer next;
                """);
        assertThat(compile(negative))
                .hadErrorContaining("keyDimension")
                .inFile(negative)
                .onLineContaining("keyDimension = -1");
        JavaFileObject dropAll = net(PER_STEP, """
                @Embedding(dimension = 10) Layer embed;
                @MultiHeadAttention(heads = 2, dropout = 1.0) Layer attn;
                @Dense(30) Layer next;
                """);
        assertThat(compile(dropAll))
                .hadErrorContaining("dropout")
                .inFile(dropAll)
                .onLineContaining("dropout = 1.0");
    }

    @Test
    void aTransformerEncodersHeadsMustDivideTheFeatures() {
        JavaFileObject source = textNet("""
                @Embedding(dimension = 10) Layer embed;
                @TransformerEncoder(heads = 4, feedForward = 32) Layer encoder;
                @GlobalAvgPool Layer pool;
                @Dense(2) Layer out;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("encoder: @TransformerEncoder splits the 10 features of each step among 4 heads,"
                        + " which does not divide them (embed produces 20×10 (steps×features)); use a number of heads"
                        + " that divides the features")
                .inFile(source)
                .onLineContaining("heads = 4");
        assertThat(compilation).hadErrorCount(1);
        JavaFileObject valid = textNet("""
                @Embedding(dimension = 10) Layer embed;
                @TransformerEncoder(heads = 2, feedForward = 32, repeat = 2) Layer encoder;
                @GlobalAvgPool Layer pool;
                @Dense(2) Layer out;
                """);
        Compilation ok = compile(valid);
        assertThat(ok).succeededWithoutWarnings();
        assertThat(ok)
                .generatedSourceFile("test.NetGraph")
                .contentsAsUtf8String()
                .contains("g.transformerEncoder(\"encoder\", x, 2, 32, 0.1, false, false, false, 2,");
        assertThat(compile(textNet("""
                        @Embedding(dimension = 10) Layer embed;
                        @TransformerEncoder(heads = 2, dropout = 1.0) Layer encoder;
                        @GlobalAvgPool Layer pool;
                        @Dense(2) Layer out;
                        """))).hadErrorContaining("dropout");
    }

    @Test
    void aPositionTableShorterThanTheSequence() {
        covers(Message.POSITIONS_TOO_SHORT);
        JavaFileObject source = net(PER_STEP, """
                @Embedding(dimension = 8) Layer embed;
                @PositionEmbedding(length = 16) Layer positions;
                @Dense(30) Layer next;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining(
                        "positions: @PositionEmbedding has 16 positions but the sequence has 20 steps (embed"
                                + " produces 20×8 (steps×features)); leave length out to take the steps, or give at least that"
                                + " many")
                .inFile(source)
                .onLineContaining("length = 16");
        assertThat(compilation).hadErrorCount(1);
        assertThat(compile(net(PER_STEP, """
                        @Embedding(dimension = 8) Layer embed;
                        @PositionEmbedding(sinusoidal = true) Layer positions;
                        @Dense(30) Layer next;
                        """))).succeededWithoutWarnings();
    }

    @Test
    void perStepLoss() {
        covers(Message.PER_STEP_LOSS);
        JavaFileObject source = net(
                PER_STEP + "\n@Train(loss = LossFunction.MSE)",
                "@Embedding(dimension = 8) Layer embed;\n@Dense(30) Layer next;");
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("Net: a CLASS_PER_STEP model trains with SOFTMAX_CROSS_ENTROPY over each step's"
                        + " classes, not MSE; leave loss out")
                .inFile(source)
                .onLineContaining("@Train(loss = LossFunction.MSE)");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void regressionLoss() {
        covers(Message.REGRESSION_LOSS);
        JavaFileObject source = net(
                SERIES + "\n@Train(loss = LossFunction.BINARY_CROSS_ENTROPY)",
                "@Lstm(units = 8) Layer rnn;\n@Dense(1) Layer out;");
        assertThat(compile(source))
                .hadErrorContaining("Net: a regression model trains with loss = MSE, MAE or HUBER, not"
                        + " BINARY_CROSS_ENTROPY (a loss over class labels); leave loss out for MSE")
                .inFile(source)
                .onLineContaining("@Train(loss = LossFunction.BINARY_CROSS_ENTROPY)");
    }

    @Test
    void classifierRegressionLoss() {
        covers(Message.CLASSIFIER_REGRESSION_LOSS);
        JavaFileObject source =
                net("@Model(input = @Input(features = 8))\n@Train(loss = LossFunction.MAE)", "@Dense(3) Layer out;");
        assertThat(compile(source))
                .hadErrorContaining("Net: loss = MAE is a regression loss, for float targets; declare @Model(task ="
                        + " Task.REGRESSION), or train a classifier with SOFTMAX_CROSS_ENTROPY")
                .inFile(source)
                .onLineContaining("@Train(loss = LossFunction.MAE)");
    }

    @Test
    void regressionClassSetting() {
        covers(Message.REGRESSION_CLASS_SETTING);
        JavaFileObject smoothing =
                net(SERIES + "\n@LabelSmoothing(0.1)", "@Lstm(units = 8) Layer rnn;\n@Dense(1) Layer out;");
        assertThat(compile(smoothing))
                .hadErrorContaining("Net: @LabelSmoothing is about class labels, and a regression model has none;"
                        + " remove it (monitor val_loss or loss instead of an accuracy)")
                .inFile(smoothing)
                .onLineContaining("@LabelSmoothing(0.1)");
        JavaFileObject monitor = net(
                SERIES + "\n@EarlyStopping(monitor = \"val_accuracy\")",
                "@Lstm(units = 8) Layer rnn;\n@Dense(1) Layer out;");
        assertThat(compile(monitor))
                .hadErrorContaining("Net: monitor = \"val_accuracy\" is about class labels")
                .inFile(monitor)
                .onLineContaining("@EarlyStopping(monitor = \"val_accuracy\")");
        JavaFileObject rmse = net(
                SERIES + "\n@EarlyStopping(monitor = \"val_rmse\")",
                "@Lstm(units = 8) Layer rnn;\n@Dense(1) Layer out;");
        assertThat(compile(rmse)).succeeded();
    }

    @Test
    void classifierRegressionMetric() {
        covers(Message.CLASSIFIER_REGRESSION_METRIC);
        JavaFileObject source = net(
                "@Model(input = @Input(features = 8))\n@ReduceLROnPlateau(monitor = \"val_mae\")",
                "@Dense(3) Layer out;");
        assertThat(compile(source))
                .hadErrorContaining("Net: monitor = \"val_mae\" is a regression model's error, and a classifier has"
                        + " none; monitor val_loss or val_accuracy, or declare @Model(task = Task.REGRESSION)")
                .inFile(source)
                .onLineContaining("@ReduceLROnPlateau(monitor = \"val_mae\")");
    }

    @Test
    void oneOutputCrossEntropy() {
        covers(Message.ONE_OUTPUT_CROSS_ENTROPY);
        JavaFileObject source = flatNet("""
                @Dense(4) @Relu Layer hidden;
                @Dense(1) Layer out;
                """);
        assertThat(compile(source))
                .hadErrorContaining("out: @Train(loss = SOFTMAX_CROSS_ENTROPY) needs at least 2 class scores,"
                        + " but the last layer produces 1 (a softmax of one score is always 1); use loss = BINARY_CROSS_ENTROPY"
                        + " for one output, or 2 outputs")
                .inFile(source)
                .onLineContaining("@Dense(1)");
        JavaFileObject binary = net(
                "@Model(input = @Input(features = 8))\n@Train(loss = LossFunction.BINARY_CROSS_ENTROPY)",
                "@Dense(1) Layer out;");
        assertThat(compile(binary)).succeededWithoutWarnings();
    }

    @Test
    void batchNormSingleSample() {
        covers(Message.BATCH_NORM_SINGLE_SAMPLE);
        JavaFileObject source = net("@Model(input = @Input(features = 8))\n@Train(batchSize = 1)", """
                @Dense(4) @BatchNorm @Relu Layer hidden;
                @Dense(2) Layer out;
                """);
        assertThat(compile(source))
                .hadErrorContaining(
                        "hidden: @BatchNorm needs at least 2 samples per batch to estimate its"
                                + " statistics in training, but @Train declares batchSize = 1; use a larger batch or remove @BatchNorm")
                .inFile(source)
                .onLineContaining("@BatchNorm");
    }

    @Test
    void dropoutOnOutput() {
        covers(Message.DROPOUT_ON_OUTPUT);
        JavaFileObject source = flatNet("""
                @Dense(4) @Relu Layer hidden;
                @Dense(2)
                @Dropout(0.5) Layer out;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadWarningContaining("out: @Dropout is applied to the class scores, after the output layer"
                        + " out (@Dense), so training drops scores at random; put dropout before the output layer")
                .inFile(source)
                .onLineContaining("@Dropout(0.5)");
        assertThat(compilation).hadWarningCount(1);
    }

    @Test
    void dropoutBeforeBatchNorm() {
        covers(Message.DROPOUT_BEFORE_BATCH_NORM);
        JavaFileObject source = flatNet("""
                @Dense(16) @Relu
                @Dropout(0.5) Layer fc1;
                @Dense(8) @BatchNorm @Relu Layer fc2;
                @Dense(2) Layer out;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadWarningContaining("fc1: @Dropout comes before fc2's @BatchNorm; dropout changes the variance"
                        + " BatchNorm sees in training from what it sees in evaluation")
                .inFile(source)
                .onLineContaining("@Dropout(0.5)");
        assertThat(compilation).hadWarningCount(1);
    }

    @Test
    void softmaxBeforeLoss() {
        covers(Message.SOFTMAX_BEFORE_LOSS);
        JavaFileObject source = flatNet("""
                @Dense(2)
                @Softmax Layer out;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadWarningContaining(
                        "out: @Softmax on the output is applied twice, as"
                                + " @Train(loss = SOFTMAX_CROSS_ENTROPY) applies its own softmax to the class scores; remove @Softmax")
                .inFile(source)
                .onLineContaining("@Softmax");
        assertThat(compilation).hadWarningCount(1);
    }

    @Test
    void activationOnOutput() {
        covers(Message.ACTIVATION_ON_OUTPUT);
        JavaFileObject source = flatNet("""
                @Dense(2)
                @Relu Layer out;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadWarningContaining("out: @Relu on the output limits the class scores the loss sees, which"
                        + " applies its own softmax; remove @Relu from the output layer")
                .inFile(source)
                .onLineContaining("@Relu");
        assertThat(compilation).hadWarningCount(1);
    }

    @Test
    void batchNormKerasMomentum() {
        covers(Message.BATCH_NORM_KERAS_MOMENTUM);
        JavaFileObject source = flatNet("""
                @Dense(4) @BatchNorm(momentum = 0.99) @Relu Layer hidden;
                @Dense(2) Layer out;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadWarningContaining(
                        "hidden: @BatchNorm(momentum = 0.99) keeps only 0.01 of the running" + " statistics per step")
                .inFile(source)
                .onLineContaining("momentum = 0.99");
        assertThat(compilation).hadWarningCount(1);
    }

    /** Layers are inherited, class-level settings are not: the ones the model does not redeclare get a warning. */
    @Test
    void superclassSettingsNotInherited() {
        covers(Message.SUPERCLASS_SETTINGS_NOT_INHERITED);
        JavaFileObject base = JavaFileObjects.forSourceString("test.Base", """
                package test;
                import io.netforge.annotations.*;
                @Train(epochs = 20, batchSize = 32)
                @Sgd(learningRate = 0.1, momentum = 0.9)
                @LabelSmoothing(0.1)
                abstract class Base {
                    @Dense(8) @Relu Layer hidden;
                }
                """);
        JavaFileObject source = JavaFileObjects.forSourceString("test.Net", """
                package test;
                import io.netforge.annotations.*;
                @Model(input = @Input(features = 8), classes = 2)
                @Adam(learningRate = 1e-3)
                abstract class Net extends Base {
                    @Dense(2) Layer out;
                }
                """);
        Compilation compilation = compile(base, source);
        assertThat(compilation).succeeded();
        // @Adam replaces @Sgd; @Train and @LabelSmoothing are dropped silently without the warning
        assertThat(compilation)
                .hadWarningContaining("Net extends Base, whose class-level @Train, @LabelSmoothing do not"
                        + " apply to it: layers are inherited, class-level settings configure only the class that carries"
                        + " them; repeat them on Net to train with them")
                .inFile(source)
                .onLineContaining("@Model(");
        assertThat(compilation).hadWarningCount(1);
    }

    /** Training a 1,003,002-parameter Adam model needs more than a 1 MiB budget: a warning with the estimate. */
    @Test
    void memoryOverBudget() {
        covers(Message.MEMORY_OVER_BUDGET);
        JavaFileObject source = net("@Model(input = @Input(features = 1000), classes = 2)", """
                @Dense(1000) @Relu Layer hidden;
                @Dense(2) Layer out;
                """);
        Compilation compilation =
                Samples.javac().withOptions("-Anetforge.memoryBudget=1m").compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation)
                .hadWarningContaining("Net: training needs at least 15.8 MiB (15.3 MiB of weights, gradients"
                        + " and optimizer state, 0.5 MiB of activations for a batch of 32), more than the memory budget of"
                        + " 1.0 MiB; use a smaller batch or model, or raise the budget with -Anetforge.memoryBudget")
                .inFile(source)
                .onLineContaining("class Net");
        assertThat(compilation).hadWarningCount(1);
        // within the default budget (8 GiB): no warning
        assertThat(Samples.compile(source)).hadWarningCount(0);
    }

    @Test
    void memoryBudgetInvalid() {
        covers(Message.MEMORY_BUDGET_INVALID);
        JavaFileObject source = flatNet("@Dense(2) Layer out;");
        Compilation compilation =
                Samples.javac().withOptions("-Anetforge.memoryBudget=lots").compile(source);
        assertThat(compilation)
                .hadErrorContaining("Net: invalid -Anetforge.memoryBudget=lots. Expected a positive size in"
                        + " bytes, or with k, m, g or t (as -Xmx: 8g, 512m)")
                .inFile(source)
                .onLineContaining("class Net");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void allErrorsOfAClassAreReported() {
        JavaFileObject source = net("""
                @Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
                @Train(epochs = 0, batchSize = -8)
                @Adam(learningRate = -1)""", """
                @Conv(filters = 0, kernel = 3) @Relu Layer conv1;
                @Conv(filters = 8, kernel = 3) @BatchNorm(momentum = 2) Layer conv2;
                @MaxPool(2) Layer pool;
                @Dense(64) @Dropout(1.5) Layer fc1;
                Layer forgotten;
                @Dense(10) Layer logits;
                """);
        Compilation compilation = compile(source);
        assertThat(compilation)
                .hadErrorContaining("Net: invalid value for `epochs` of @Train")
                .inFile(source)
                .onLineContaining("epochs = 0");
        assertThat(compilation)
                .hadErrorContaining("Net: invalid value for `batchSize` of @Train")
                .inFile(source)
                .onLineContaining("batchSize = -8");
        assertThat(compilation)
                .hadErrorContaining("Net: invalid value for `learningRate` of @Adam")
                .inFile(source)
                .onLineContaining("@Adam(");
        assertThat(compilation)
                .hadErrorContaining("conv1: invalid value for `filters`")
                .inFile(source)
                .onLineContaining("filters = 0");
        assertThat(compilation)
                .hadErrorContaining("conv2: invalid value for `momentum` of @BatchNorm. Expected a number in [0, 1]."
                        + " Received: momentum=2.0")
                .inFile(source)
                .onLineContaining("momentum = 2");
        assertThat(compilation)
                .hadErrorContaining("fc1: invalid value for `rate` of @Dropout")
                .inFile(source)
                .onLineContaining("@Dropout(1.5)");
        assertThat(compilation)
                .hadErrorContaining("forgotten: a Layer field needs a layer annotation")
                .inFile(source)
                .onLineContaining("Layer forgotten;");
        // conv1's filters are invalid, so shapes are unknown until fc1 and fc1's input is not blamed.
        assertThat(compilation).hadErrorCount(7);
    }

    @Test
    void messagesFormatTheSameInEveryLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            assertThat(Message.OUT_OF_RANGE.format("fc1", "rate", "@Dropout", "[0, 1)", "rate", 1.5))
                    .isEqualTo(
                            "fc1: invalid value for `rate` of @Dropout. Expected a number in [0, 1). Received: rate=1.5");
        } finally {
            java.util.Locale.setDefault(before);
        }
    }

    @AfterAll
    static void everyKeyIsCovered() {
        // Only meaningful when the whole class ran; a single selected test covers one key.
        if (COVERED.size() > 1) {
            assertThat(COVERED).as("Message keys without a test").containsExactlyInAnyOrder(Message.values());
        }
    }
}
