package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * 2-D average pooling (PyTorch {@code nn.AvgPool2d}, {@code count_include_pad=True}). On a sequence, average pooling
 * over time: the mean of each window of {@code value} steps one after another, the last clipped at the end ({@code
 * ceil(steps / value)} steps; PyTorch's {@code AvgPool1d(value, ceil_mode=True)}), over a text's real steps only; stride
 * and padding stay 0 there.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface AvgPool {
    /** Square window size. */
    int value();

    /** Step between windows; 0 means the window size, as in PyTorch. */
    int stride() default 0;

    int padding() default 0;
}
