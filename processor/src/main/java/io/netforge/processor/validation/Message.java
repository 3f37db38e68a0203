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
    /** Args: name, graph class, trainer class. */
    MODEL_NOT_ABSTRACT("%s: a @Model class must be abstract, as NetForge generates %s and %s beside it; add `abstract`"),
    /** A non-static nested class. Args: name. */
    MODEL_NOT_STATIC("%s: a nested @Model class must be static; add `static`"),
    /** Args: name, graph class, trainer class. */
    MODEL_PRIVATE("%s: a @Model class must not be private, as the generated %s and %s refer to it"),
    /** Args: model, channels, height, width, features. */
    INPUT_NO_SHAPE("%s: invalid @Input. Expected an image (channels, height and width all > 0) or a flat vector"
            + " (features > 0). Received: channels=%d, height=%d, width=%d, features=%d"),
    /** Args: model, channels, height, width, features. */
    INPUT_TWO_SHAPES("%s: invalid @Input. Expected either an image (channels, height, width) or a flat vector"
            + " (features), not both. Received: channels=%d, height=%d, width=%d, features=%d"),
    /** Args: model. */
    NO_LAYERS("%s declares no layers; add Layer fields, first layer first, e.g. `@Dense(10) Layer logits;`"),

    // Fields.
    /** A field with NetForge annotations whose type is not Layer. Args: field, its first annotation, its type. */
    FIELD_NOT_LAYER("%s: a field with %s must have type io.netforge.annotations.Layer, but its type is %s"),
    /** Args: field. */
    FIELD_STATIC("%s: a layer field must not be static; layers belong to the model, remove `static`"),
    /** A Layer field without any layer annotation. Args: field, the annotations it may have. */
    LAYER_WITHOUT_OP("%s: a Layer field needs a layer annotation, one of %s"),
    /** Args: field, first main annotation, second main annotation. */
    TWO_MAIN_OPS("%s: a field declares one layer, but it has both %s and %s; put them on two fields"),

    // Annotation values.
    /** Args: layer or model, attribute, annotation, attribute, value. */
    NOT_POSITIVE("%s: invalid value for `%s` of %s. Expected a positive number. Received: %s=%s"),
    /** Args: layer or model, attribute, annotation, what is expected, attribute, value. */
    NEGATIVE("%s: invalid value for `%s` of %s. Expected %s. Received: %s=%s"),
    /** Args: layer or model, attribute, annotation, the range, attribute, value. */
    OUT_OF_RANGE("%s: invalid value for `%s` of %s. Expected a number in %s. Received: %s=%s"),
    /** Args: layer, annotation, half the window, padding. */
    POOL_PADDING_TOO_LARGE("%s: invalid value for `padding` of %s. Expected at most half the window (%d). Received: padding=%d"),
    /** Args: model, momentum. */
    NESTEROV_WITHOUT_MOMENTUM("%s: @Sgd(nesterov = true) needs momentum > 0. Received: momentum=%s"),
    /** Args: model, first optimizer, second optimizer. */
    TWO_OPTIMIZERS("%s declares two optimizers, %s and %s; keep one"),

    // Shapes.
    /** Args: layer, annotation, where the input comes from ("pool2 produces 64×7×7"), layer. */
    NEEDS_FLAT("%s: %s needs a flat input but %s; add @Flatten before %s"),
    /** Args: layer, annotation, where the input comes from. */
    NEEDS_IMAGE("%s: %s needs a channels×height×width input but %s"),
    /** Args: layer, annotation, "kernel" or "window", its size, padded height×width, where the input comes from, padding. */
    WINDOW_TOO_LARGE("%s: %s %s %d is larger than its padded input %s (%s, padding %d)"),
    /** Args: layer, annotation, where the input comes from. */
    SHAPE_TOO_LARGE("%s: %s would produce more than 2,147,483,647 values per sample from its input (%s);"
            + " use a smaller input, a larger stride or a pooling layer first"),
    /** Args: last layer, its output shape. */
    LAST_LAYER_NOT_FLAT("%s: the last layer must produce a flat vector of class scores but produces %s;"
            + " end the model with @Flatten and @Dense(classes)"),
    /** Args: last layer, its width, declared classes. */
    CLASSES_MISMATCH("%s: the last layer produces %d class scores but @Model declares classes = %d;"
            + " make them equal, or leave classes out to take the last layer's width"),

    // Processing.
    /** Args: model, the element ("field `out`", "class `Net`") that refers to an unresolved type or constant. */
    UNRESOLVED_TYPE("%s: NetForge generated nothing for this model because %s refers to a type or constant that could"
            + " not be resolved"),
    /** Args: model, file, cause. */
    GENERATION_FAILED("%s: NetForge could not write %s: %s"),
    /** Args: model, exception. */
    INTERNAL_ERROR("NetForge internal error while processing %s: %s; please report this at the project's issue tracker"),
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
