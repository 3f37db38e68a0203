package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A 1-D convolution over a sequence's steps: PyTorch's {@code nn.Conv1d(features, filters, kernel, stride,
 * padding=kernel // 2)} on {@code [N, features, steps]}, Keras' {@code Conv1D(filters, kernel, strides,
 * padding="same")}. Each output step sees {@code kernel} neighbouring steps (zeros beyond the sequence; a padding
 * token's embedding is zero too, so padding at the end changes nothing). The kernel must be odd so that output step
 * {@code j} is centred on input step {@code j × stride}; stride 1 keeps the length, stride {@code s} gives {@code
 * ceil(steps / s)} steps (on a padded text, an output step is padding where its centre step is). Weights start as
 * PyTorch's (or the model's {@link Init}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Conv1d {
    /** Output features per step (PyTorch's {@code out_channels}). */
    int filters();

    /** Values each output sees; odd, and spanning at most the sequence's length. */
    int kernel();

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
