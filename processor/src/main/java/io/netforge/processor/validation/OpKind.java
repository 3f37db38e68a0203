package io.netforge.processor.validation;

import io.netforge.processor.model.AttentionOp;
import io.netforge.processor.model.AvgPoolOp;
import io.netforge.processor.model.BatchNormOp;
import io.netforge.processor.model.Conv1dOp;
import io.netforge.processor.model.ConvOp;
import io.netforge.processor.model.DenseOp;
import io.netforge.processor.model.DropoutOp;
import io.netforge.processor.model.EmbeddingOp;
import io.netforge.processor.model.FlattenOp;
import io.netforge.processor.model.GeluOp;
import io.netforge.processor.model.GlobalAvgPoolOp;
import io.netforge.processor.model.GlobalMaxPoolOp;
import io.netforge.processor.model.LayerNormOp;
import io.netforge.processor.model.LeakyReluOp;
import io.netforge.processor.model.MaxPoolOp;
import io.netforge.processor.model.OpSpec;
import io.netforge.processor.model.PositionOp;
import io.netforge.processor.model.RecurrentOp;
import io.netforge.processor.model.ReluOp;
import io.netforge.processor.model.SigmoidOp;
import io.netforge.processor.model.SoftmaxOp;
import io.netforge.processor.model.SpatialDropoutOp;
import io.netforge.processor.model.TanhOp;
import io.netforge.processor.model.TransformerOp;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The field annotations that make up layers, each with the reader that turns its mirror into an
 * {@link OpSpec} and checks its values. A new layer annotation is one more constant here, one record in
 * {@code model} that carries its rules, and one method in each {@link OpSpec.Visitor} (docs/extending.md).
 */
enum OpKind {
    CONV("Conv") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return new ConvOp(
                    check.positiveOrSentinel(a, "filters", "filters"),
                    check.positiveInt(a, "kernel", "kernel"),
                    check.positiveOrSentinel(a, "stride", "stride"),
                    check.nonNegativeInt(a, "padding", "padding", "an integer >= 0"),
                    a.booleanValue("bias"));
        }
    },
    MAX_POOL("MaxPool") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return new MaxPoolOp(check.positiveInt(a, "value", "window"), poolStride(a, check), poolPadding(a, check));
        }
    },
    AVG_POOL("AvgPool") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return new AvgPoolOp(check.positiveInt(a, "value", "window"), poolStride(a, check), poolPadding(a, check));
        }
    },
    GLOBAL_AVG_POOL("GlobalAvgPool") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return new GlobalAvgPoolOp();
        }
    },
    FLATTEN("Flatten") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return new FlattenOp();
        }
    },
    DENSE("Dense") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return new DenseOp(check.positiveInt(a, "value", "units"), a.booleanValue("bias"));
        }
    },
    RELU("Relu") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return new ReluOp();
        }
    },
    LEAKY_RELU("LeakyRelu") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return new LeakyReluOp(check.finite(a, "value", "alpha"));
        }
    },
    SIGMOID("Sigmoid") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return new SigmoidOp();
        }
    },
    TANH("Tanh") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return new TanhOp();
        }
    },
    GELU("Gelu") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return new GeluOp();
        }
    },
    SOFTMAX("Softmax") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return new SoftmaxOp();
        }
    },
    BATCH_NORM("BatchNorm") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return new BatchNormOp(
                    check.inRange(a, "momentum", "momentum", 0, 1, true), check.positive(a, "eps", "eps"));
        }
    },
    CONV1D("Conv1d") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            String padding = a.enumValue("padding");
            return new Conv1dOp(
                    check.positiveInt(a, "filters", "filters"),
                    "SAME".equals(padding)
                            ? check.oddPositiveInt(a, "kernel", "kernel")
                            : check.positiveInt(a, "kernel", "kernel"),
                    a.booleanValue("bias"),
                    check.positiveInt(a, "dilation", "dilation"),
                    check.positiveInt(a, "stride", "stride"),
                    padding);
        }
    },
    LSTM("Lstm") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return recurrent(false, a, check);
        }
    },
    GRU("Gru") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return recurrent(true, a, check);
        }
    },
    TRANSFORMER_ENCODER("TransformerEncoder") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return new TransformerOp(
                    check.positiveInt(a, "heads", "heads"),
                    check.positiveInt(a, "feedForward", "feedForward"),
                    check.inRange(a, "dropout", "dropout", 0, 1, false),
                    a.booleanValue("gelu"),
                    a.booleanValue("normFirst"),
                    a.booleanValue("causal"),
                    check.positiveInt(a, "repeat", "repeat"));
        }
    },
    POSITION_EMBEDDING("PositionEmbedding") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return new PositionOp(
                    check.nonNegativeInt(a, "length", "length", "0 (the sequence's steps) or a positive integer"),
                    a.booleanValue("sinusoidal"));
        }
    },
    MULTI_HEAD_ATTENTION("MultiHeadAttention") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return new AttentionOp(
                    check.positiveInt(a, "heads", "heads"),
                    check.nonNegativeInt(
                            a,
                            "keyDimension",
                            "keyDimension",
                            "0 (the features divided by the heads) or a positive integer"),
                    check.inRange(a, "dropout", "dropout", 0, 1, false),
                    a.booleanValue("causal"));
        }
    },
    GLOBAL_MAX_POOL("GlobalMaxPool") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return new GlobalMaxPoolOp();
        }
    },
    EMBEDDING("Embedding") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return new EmbeddingOp(check.positiveInt(a, "dimension", "dimension"));
        }
    },
    LAYER_NORM("LayerNorm") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return new LayerNormOp(check.positive(a, "eps", "eps"));
        }
    },
    DROPOUT("Dropout") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return new DropoutOp(check.inRange(a, "value", "rate", 0, 1, false));
        }
    },
    SPATIAL_DROPOUT("SpatialDropout") {
        @Override
        OpSpec read(AnnotationView a, ValueChecks check) {
            return new SpatialDropoutOp(check.inRange(a, "value", "rate", 0, 1, false));
        }
    };

    private final String qualifiedName;

    OpKind(String simpleName) {
        this.qualifiedName = Names.PACKAGE + "." + simpleName;
    }

    /** Reads the annotation; invalid values are reported through {@code check} and returned as read. */
    abstract OpSpec read(AnnotationView annotation, ValueChecks check);

    String qualifiedName() {
        return qualifiedName;
    }

    static Optional<OpKind> of(String qualifiedName) {
        for (OpKind kind : values()) {
            if (kind.qualifiedName.equals(qualifiedName)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** An activation: a layer takes at most one. */
    boolean isActivation() {
        return this == RELU || this == LEAKY_RELU || this == SIGMOID || this == TANH || this == GELU || this == SOFTMAX;
    }

    /** {@code @Lstm} and {@code @Gru} share their attributes. */
    private static RecurrentOp recurrent(boolean gru, AnnotationView a, ValueChecks check) {
        return new RecurrentOp(
                gru, check.positiveInt(a, "units", "units"), a.booleanValue("sequences"), a.enumValue("bidirectional"));
    }

    /** "@Conv, @MaxPool, …", for messages. */
    static String list() {
        return Arrays.stream(values()).map(k -> Names.display(k.qualifiedName)).collect(Collectors.joining(", "));
    }

    private static int poolStride(AnnotationView a, ValueChecks check) {
        return check.nonNegativeInt(a, "stride", "stride", "0 (the window size) or a positive integer");
    }

    private static int poolPadding(AnnotationView a, ValueChecks check) {
        int padding = check.nonNegativeInt(a, "padding", "padding", "an integer >= 0");
        check.atMostHalfWindow(a, a.intValue("value"), padding);
        return padding;
    }
}
