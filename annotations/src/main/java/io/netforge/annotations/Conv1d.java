package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A 1-D convolution over a sequence's steps, the length kept: PyTorch's {@code nn.Conv1d(features, filters, kernel,
 * padding=kernel // 2)} on {@code [N, features, steps]}, Keras' {@code Conv1D(filters, kernel, padding="same")}. Each
 * output step sees {@code kernel} neighbouring steps (zeros beyond the sequence; a padding token's embedding is zero
 * too, so padding at the end changes nothing). Stride 1; the kernel must be odd so that the output steps line up
 * with the input's. Weights start as PyTorch's (or the model's {@link Init}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Conv1d {
    /** Output features per step (PyTorch's {@code out_channels}). */
    int filters();

    /** Values each output sees; odd, and spanning at most the sequence's length. */
    int kernel();

    /** Whether the convolution adds a bias per filter. */
    boolean bias() default true;

    /**
     * Steps between the values a kernel reads (PyTorch's and Keras' {@code dilation}): a kernel of {@code k} spans
     * {@code (k - 1) × dilation + 1} steps, padded by {@code dilation × (k / 2)} so that the length is kept.
     */
    int dilation() default 1;
}
