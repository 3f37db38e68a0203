package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A 1-D convolution over a sequence's steps: PyTorch's {@code nn.Conv1d(features, filters, kernel, stride,
 * padding=kernel // 2)} on {@code [N, features, steps]}, Keras' {@code Conv1D(filters, kernel, padding="same")} at
 * stride 1. Each output step sees {@code kernel} neighbouring steps (zeros beyond the sequence; a padding
 * step of a text is read as zeros too, so padding at the end changes nothing). With {@link Padding#SAME} (the default)
 * the kernel must be odd so that output step {@code j} is centred on input step {@code j × stride}; stride 1 keeps the
 * length, stride {@code s} gives {@code ceil(steps / s)} steps. {@link Padding#VALID} keeps only windows inside the
 * sequence, {@link Padding#CAUSAL} only looks back. Weights start as PyTorch's (or the model's {@link Init}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Conv1d {
    /** Output features per step (PyTorch's {@code out_channels}). */
    int filters();

    /** Values each output sees; odd with {@link Padding#SAME}, and spanning at most the sequence's length. */
    int kernel();

    /** Where the windows sit: centred ({@code SAME}), inside the sequence ({@code VALID}) or looking back ({@code CAUSAL}). */
    Padding padding() default Padding.SAME;

    /** Steps between the outputs' centres: 1 keeps the length, {@code s} gives {@code ceil(steps / s)} steps. */
    int stride() default 1;

    /** Whether the convolution adds a bias per filter. */
    boolean bias() default true;

    /**
     * Steps between the values a kernel reads (PyTorch's and Keras' {@code dilation}): a kernel of {@code k} spans
     * {@code (k - 1) × dilation + 1} steps, padded by {@code dilation × (k / 2)} so that the length is kept.
     */
    int dilation() default 1;
}
