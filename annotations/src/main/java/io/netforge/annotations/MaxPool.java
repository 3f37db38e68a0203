package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * 2-D max pooling (PyTorch {@code nn.MaxPool2d}); padding counts as negative infinity. On a sequence, max pooling over
 * time: windows of {@code value} steps one after another, the last clipped at the end ({@code ceil(steps / value)}
 * steps; PyTorch's {@code MaxPool1d(value, ceil_mode=True)}, Keras' {@code MaxPooling1D(value)} when {@code value}
 * divides the length), padding steps of a text left out; stride and padding stay 0 there.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface MaxPool {
    /** Square window size. */
    int value();

    /** Step between windows; 0 means the window size, as in PyTorch. */
    int stride() default 0;

    int padding() default 0;
}
