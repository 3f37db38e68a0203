package io.netforge.processor.validation;

import java.util.Locale;
import javax.tools.Diagnostic;

/**
 * Every diagnostic the processor prints, each with a key, a kind and a format. Messages follow one
 * pattern: the layer (field) or model first, then what was expected, then what was received, with the
 * inferred shapes; where there is an obvious fix, they say it. Each key has a compile-testing case in
 * {@code MessageTest}.
 */
public enum Message {
    // The model class.
    /** {@code @Model} on an interface, enum, record or annotation type. Args: name, what it is. */
    MODEL_NOT_A_CLASS("@Model applies to abstract classes, but %s is %s"),
    /** Args: name, graph class, trainer class, the fix ("add `abstract`", or "replace `final` with `abstract`"). */
    MODEL_NOT_ABSTRACT("%s: a @Model class must be abstract, as NetForge generates %s and %s beside it; %s"),
    /** A non-static nested class. Args: name. */
    MODEL_NOT_STATIC("%s: a nested @Model class must be static; add `static`"),
    /** Args: name, graph class, trainer class. */
    MODEL_PRIVATE("%s: a @Model class must not be private, as the generated %s and %s refer to it"),
    /** Args: model, channels, height, width, features. */
    INPUT_NO_SHAPE("%s: invalid @Input. Expected an image (channels, height and width all > 0), a flat vector"
            + " (features > 0) or token ids (tokens > 0 with vocabulary). Received: channels=%d, height=%d, width=%d,"
            + " features=%d, tokens=%d"),
    /** Args: model, channels, height, width, features. */
    INPUT_TWO_SHAPES("%s: invalid @Input. Expected one of an image (channels, height, width), a flat vector"
            + " (features) and token ids (tokens, vocabulary), not two. Received: channels=%d, height=%d, width=%d,"
            + " features=%d, tokens=%d"),
    /** Args: model, steps, features. */
    INPUT_SEQUENCE("%s: invalid @Input. A sequence needs steps > 0 and features > 0 (the values of each step)."
            + " Received: steps=%d, features=%d"),
    /** Args: model, tokens, vocabulary. */
    INPUT_VOCABULARY("%s: invalid @Input. tokens = %d needs vocabulary = the number of token ids, at least 2 (id 0 is"
            + " the padding). Received: vocabulary=%d"),
    /** Args: model, its type parameters. */
    MODEL_GENERIC("%s: a @Model class cannot have type parameters, as NetForge generates one concrete subclass of it;"
            + " remove %s"),
    /** Args: model, the generated subclass, model. */
    NO_CONSTRUCTOR("%s: the generated %s subclasses this model, so it needs a constructor without parameters that is"
            + " not private; add `%s() {}`"),
    /** Args: model, the generated subclass, the method. */
    ABSTRACT_METHOD("%s: a @Model class cannot have abstract methods, as the generated %s must be instantiated;"
            + " %s is abstract, give it a body"),
    // Residual blocks.
    /** Args: field, the class named by @Blocks. */
    BLOCKS_NOT_A_BLOCK("%s: @Blocks needs a class annotated with @Block, but %s is not; annotate it with @Block"),
    /** A primitive, array or void class literal. Args: field, the type, what it is. */
    BLOCKS_NOT_A_CLASS("%s: @Blocks needs a class annotated with @Block, but %s is %s; name a block class, e.g."
            + " `@Blocks(value = BasicBlock.class, width = 64)`"),
    /** Args: field, repeat, block class, layers per repetition, the model's layers with it, the limit. */
    TOO_MANY_LAYERS("%s: repeat = %,d of %s (%d layers each) would give the model %,d layers; a model may have at most"
            + " %,d. Use a smaller repeat"),
    /** Args: block class. */
    BLOCK_NO_LAYERS(
            "%s: a @Block class needs Layer fields, its main path, e.g. `@Conv(filters = Block.WIDTH, kernel = 3,"
                    + " padding = 1) Layer conv1;`"),
    /** Args: field, block class. */
    BLOCKS_NEED_WIDTH(
            "%s: %s uses Block.WIDTH, so @Blocks needs a width. Expected a positive integer. Received: width=0"),
    /** Args: model. */
    NO_LAYERS("%s declares no layers; add Layer fields, first layer first, e.g. `@Dense(10) Layer logits;`"),

    // Fields.
    /** A field with NetForge annotations whose type is not Layer. Args: field, its first annotation, its type. */
    FIELD_NOT_LAYER("%s: a field with %s must have type io.netforge.annotations.Layer, but its type is %s"),
    /** Args: field. */
    FIELD_STATIC("%s: a layer field must not be static; layers belong to the model, remove `static`"),
    /** Args: field, what it is ("private", "final", "package-private in another package"), the generated subclass. */
    FIELD_NOT_ASSIGNABLE("%s: a layer field must not be %s, as the generated %s sets it to the layer's description"),
    /** A field that hides a layer of a superclass. Args: field, the class declaring the first one. */
    DUPLICATE_LAYER("%s: a layer with this name is already declared in %s; layer names name graph variables and must be"
            + " unique, rename one of them"),
    /** A Layer field without any layer annotation. Args: field, the annotations it may have. */
    LAYER_WITHOUT_OP("%s: a Layer field needs a layer annotation, one of %s"),
    /** Args: field, first main annotation, second main annotation. */
    TWO_MAIN_OPS("%s: a field declares one layer, but it has both %s and %s; put them on two fields"),

    /** Args: field, first activation, second activation. */
    TWO_ACTIVATIONS("%s: a layer takes one activation, but it has both %s and %s; keep one"),

    // Annotation values.
    /** Args: layer or model, attribute, annotation, "a positive integer" or "a positive number", attribute, value. */
    NOT_POSITIVE("%s: invalid value for `%s` of %s. Expected %s. Received: %s=%s"),
    /** Args: layer or model, attribute, annotation, what is expected, attribute, value. */
    NEGATIVE("%s: invalid value for `%s` of %s. Expected %s. Received: %s=%s"),
    /** Args: layer or model, attribute, annotation, the range, attribute, value. */
    OUT_OF_RANGE("%s: invalid value for `%s` of %s. Expected a number in %s. Received: %s=%s"),
    /** Args: layer, annotation, half the window, padding. */
    POOL_PADDING_TOO_LARGE(
            "%s: invalid value for `padding` of %s. Expected at most half the window (%d). Received: padding=%d"),
    /** Args: model, momentum, dampening. */
    NESTEROV_WITHOUT_MOMENTUM("%s: @Sgd(nesterov = true) needs momentum > 0 and dampening = 0, as in PyTorch."
            + " Received: momentum=%s, dampening=%s"),
    /** Args: model, first optimizer, second optimizer. */
    TWO_OPTIMIZERS("%s declares two optimizers, %s and %s; keep one"),
    /** Args: model, first schedule, second schedule. */
    TWO_SCHEDULES("%s declares two learning-rate schedules, %s and %s; keep one (@WarmupLR combines with either)"),
    /** Args: model, warm-up interval, schedule, schedule interval. */
    WARMUP_INTERVAL("%s: @WarmupLR(interval = %s) must step like the schedule it is multiplied on, but %s steps per %s;"
            + " give both the same interval"),
    /** Args: model, annotation, the metrics, the value. */
    UNKNOWN_METRIC("%s: invalid value for `monitor` of %s. Expected one of %s. Received: monitor=\"%s\""),
    /** Args: model, the milestones. */
    MILESTONES_NOT_INCREASING("%s: invalid value for `milestones` of @MultiStepLR. Expected at least one positive epoch"
            + " (or step), in strictly increasing order. Received: milestones=%s"),
    /** Args: model, maxNorm, value. */
    CLIP_NEEDS_ONE("%s: @ClipGradients clips by norm or by value: set exactly one of maxNorm and value to a positive"
            + " number. Received: maxNorm=%s, value=%s"),

    // Shapes.
    /** Args: layer, annotation, where the input comes from ("pool2 produces 64×7×7"), layer. */
    NEEDS_FLAT("%s: %s needs a flat input but %s; add @Flatten before %s"),
    /** Args: layer, annotation, where the input comes from. */
    ONE_FEATURE("%s: %s normalizes each sample over its features, but %s: a single feature always normalizes to 0,"
            + " so the layer would output its shift β whatever the input; put it after a layer with more features"),
    /** Args: layer, annotation, where the input comes from. */
    NEEDS_IMAGE("%s: %s needs a channels×height×width input but %s"),
    /** Args: layer, annotation, where the input comes from. */
    NEEDS_TOKENS("%s: %s looks up token ids, so it must be the first layer of a model with @Input(tokens = …,"
            + " vocabulary = …), but %s"),
    /** Args: layer, annotation, where the input comes from. */
    NEEDS_EMBEDDING("%s: %s cannot read token ids (%s); start the model with @Embedding(dimension = …), which turns"
            + " each id into a vector"),
    /** Args: layer, annotation, where the input comes from. */
    NEEDS_SEQUENCE("%s: %s works on a sequence (steps×features, after @Embedding) but %s"),
    /** Args: layer, annotation, kernel, the steps it spans, steps, where the input comes from. */
    KERNEL_TOO_LONG(
            "%s: %s kernel %d spans %d steps, more than the sequence's %d (%s); use a shorter kernel or" + " dilation"),
    /** Args: layer, annotation, window, the sequence's steps, where the input comes from. */
    TIME_WINDOW_TOO_LONG("%s: %s window %d is longer than the sequence's %d steps (%s); use a smaller window"),
    /** Args: layer, annotation, the table's length, the sequence's steps, where the input comes from. */
    POSITIONS_TOO_SHORT("%s: %s has %d positions but the sequence has %d steps (%s); leave length out to take the"
            + " steps, or give at least that many"),
    /** Args: layer, annotation, the features of each step, heads, where the input comes from, more fixes. */
    HEADS_DIVIDE("%s: %s splits the %d features of each step among %d heads, which does not divide them (%s); use a"
            + " number of heads that divides the features%s"),
    /** Args: layer, annotation, window, declared stride, declared padding. */
    TIME_POOL_STRIDE("%s: %s over a sequence's steps pools windows of %d steps one after another, so its stride is the"
            + " window and it has no padding (stride %d, padding %d); leave both out"),
    /** Args: layer, annotation, where the input comes from. */
    NEEDS_POOLING("%s: %s cannot take a sequence (%s); pool it first with @GlobalAvgPool, the mean over its steps"
            + " that are not padding%s"),
    /** Args: layer, annotation, "kernel" or "window", its size, padded height×width, where the input comes from, padding. */
    WINDOW_TOO_LARGE("%s: %s %s %d is larger than its padded input %s (%s, padding %d)"),
    /**
     * Args: layer, annotation, where the input comes from, the fix ("use a smaller input, a larger stride or a pooling
     * layer first", or "use a smaller padding …" when the padding alone makes it too large).
     */
    SHAPE_TOO_LARGE("%s: %s would produce more than 2,147,483,647 values per sample from its input (%s); %s"),
    /** Args: layer, annotation, where the input comes from, the weight count. */
    WEIGHTS_TOO_LARGE("%s: %s on its input (%s) would need %s weights, more than one array can hold (2,147,483,647);"
            + " use fewer units or filters, or a smaller input"),
    /**
     * Args: block layer, block class, main-path shape, block input shape, stride, projection shape, the fix ("make the
     * main path keep the size or change it by the stride (padding = kernel / 2)", or, when the main path pools,
     * flattens or has a dense layer, to move that layer out of the block).
     */
    BLOCK_PATHS_DIFFER("%s: the two paths of %s cannot be added: the main path produces %s from the block's input %s,"
            + " and a 1×1 projection with stride %d would produce %s; %s"),
    /** Args: last layer, its output shape. */
    LAST_LAYER_NOT_FLAT("%s: the last layer must produce a flat vector of class scores but produces %s;"
            + " end the model with @Flatten and @Dense(classes)"),
    /** Args: last layer, its output shape. */
    LAST_LAYER_SEQUENCE("%s: the last layer must produce a flat vector of class scores but produces %s; end the"
            + " model with @GlobalAvgPool and @Dense(classes), or declare @Model(task = Task.CLASS_PER_STEP) for a"
            + " class at every step%s"),
    /** Args: last layer, its output shape. */
    PER_STEP_NEEDS_SEQUENCE("%s: a CLASS_PER_STEP model scores classes at every step, but the last layer produces %s,"
            + " one vector per sample; keep the steps (sequences = true on @Lstm or @Gru, no pooling) and end with"
            + " @Dense(classes), which applies to each step"),
    /** Args: model, the declared loss. */
    PER_STEP_LOSS("%s: a CLASS_PER_STEP model trains with SOFTMAX_CROSS_ENTROPY over each step's classes, not %s;"
            + " leave loss out"),
    /** Args: last layer, its width, declared classes. */
    CLASSES_MISMATCH("%s: the last layer produces %d class scores but @Model declares classes = %d;"
            + " make them equal, or leave classes out to take the last layer's width"),

    /** Args: model, the declared classes, the last layer's width. */
    REGRESSION_CLASSES("%s: a regression model has outputs, not classes, but @Model declares classes = %d; leave"
            + " classes out (its outputs are the last layer's %d)"),
    /** Args: model, the declared loss. */
    REGRESSION_LOSS("%s: a regression model trains with loss = MSE, MAE or HUBER, not %s (a loss over class labels);"
            + " leave loss out for MSE"),
    /** Args: model, the declared loss. */
    CLASSIFIER_REGRESSION_LOSS("%s: loss = %s is a regression loss, for float targets; declare @Model(task ="
            + " Task.REGRESSION), or train a classifier with SOFTMAX_CROSS_ENTROPY"),
    /** Args: model, the monitored metric. */
    CLASSIFIER_REGRESSION_METRIC("%s: monitor = \"%s\" is a regression model's error, and a classifier has none;"
            + " monitor val_loss or val_accuracy, or declare @Model(task = Task.REGRESSION)"),
    /** Args: model, the setting (an annotation or a monitored metric). */
    REGRESSION_CLASS_SETTING("%s: %s is about class labels, and a regression model has none; remove it (monitor"
            + " val_loss or loss instead of an accuracy)"),
    /** Args: last layer. */
    ONE_OUTPUT_CROSS_ENTROPY(
            "%s: @Train(loss = SOFTMAX_CROSS_ENTROPY) needs at least 2 class scores, but the last layer"
                    + " produces 1 (a softmax of one score is always 1); use loss = BINARY_CROSS_ENTROPY for one output, or 2 outputs"),
    /** Args: layer. */
    BATCH_NORM_SINGLE_SAMPLE("%s: @BatchNorm needs at least 2 samples per batch to estimate its statistics in training,"
            + " but @Train declares batchSize = 1; use a larger batch or remove @BatchNorm"),

    // Warnings: likely mistakes the tutorials warn about.
    /** Args: layer, the dropout annotation, the output layer. */
    DROPOUT_ON_OUTPUT(
            Diagnostic.Kind.WARNING,
            "%s: %s is applied to the class scores, after the output layer %s, so"
                    + " training drops scores at random; put dropout before the output layer"),
    /** Args: layer, the dropout annotation, the BatchNorm's layer. */
    DROPOUT_BEFORE_BATCH_NORM(
            Diagnostic.Kind.WARNING,
            "%s: %s comes before %s's @BatchNorm; dropout changes the variance"
                    + " BatchNorm sees in training from what it sees in evaluation (the 'variance shift'); put dropout after the"
                    + " last @BatchNorm"),
    /** Args: layer, the loss. */
    SOFTMAX_BEFORE_LOSS(
            Diagnostic.Kind.WARNING,
            "%s: @Softmax on the output is applied twice, as %s applies its own"
                    + " softmax to the class scores; remove @Softmax (trainer.probabilities and the Predictor already return probabilities)"),
    /** Args: layer, the activation. */
    ACTIVATION_ON_OUTPUT(
            Diagnostic.Kind.WARNING,
            "%s: %s on the output limits the class scores the loss sees, which"
                    + " applies its own softmax; remove %s from the output layer"),
    /** Args: layer, momentum, 1 - momentum. */
    BATCH_NORM_KERAS_MOMENTUM(
            Diagnostic.Kind.WARNING,
            "%s: @BatchNorm(momentum = %s) keeps only %s of the running"
                    + " statistics per step: NetForge follows PyTorch (running = (1 - momentum)·running + momentum·batch), so"
                    + " Keras's momentum 0.99 is 0.01 here"),
    /** Args: model, superclass, its class-level annotations that do not apply, model. */
    SUPERCLASS_SETTINGS_NOT_INHERITED(
            Diagnostic.Kind.WARNING,
            "%s extends %s, whose class-level %s do not apply to it:"
                    + " layers are inherited, class-level settings configure only the class that carries them; repeat them on %s"
                    + " to train with them"),
    /** Args: model, the estimate, parameter part, activation part, batch size, the budget. */
    MEMORY_OVER_BUDGET(
            Diagnostic.Kind.WARNING,
            "%s: training needs at least %s (%s of weights, gradients and optimizer"
                    + " state, %s of activations for a batch of %d), more than the memory budget of %s; use a smaller batch or"
                    + " model, or raise the budget with -Anetforge.memoryBudget"),
    /** Args: model, the option's value. */
    MEMORY_BUDGET_INVALID(
            "%s: invalid -Anetforge.memoryBudget=%s. Expected a positive size in bytes, or with k, m, g or"
                    + " t (as -Xmx: 8g, 512m)"),

    // Processing.
    /** Args: model, the element ("field `out`", "class `Net`") that refers to an unresolved type or constant. */
    UNRESOLVED_TYPE("%s: NetForge generated nothing for this model because %s refers to a type or constant that could"
            + " not be resolved"),
    /** Args: model, file, cause. */
    GENERATION_FAILED("%s: NetForge could not write %s: %s"),
    /** Args: model, exception. */
    INTERNAL_ERROR(
            "NetForge internal error while processing %s: %s; please report this at the project's issue tracker"),
    /** Args: model. A library that only declares models compiles against the annotations alone. */
    RUNTIME_NOT_ON_CLASSPATH(
            Diagnostic.Kind.NOTE,
            "%s: checked; NetForge generated no graph or trainer because"
                    + " netforge-runtime is not on the class path (add it where the model is trained)"),
    /** Printed for each model with {@code -Anetforge.verbose=true}. Args: the summary. */
    MODEL_SUMMARY(Diagnostic.Kind.NOTE, "NetForge %s");

    private final Diagnostic.Kind kind;
    private final String format;

    Message(String format) {
        this(Diagnostic.Kind.ERROR, format);
    }

    Message(Diagnostic.Kind kind, String format) {
        this.kind = kind;
        this.format = format;
    }

    public Diagnostic.Kind kind() {
        return kind;
    }

    public String format(Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
