package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** 2-D convolution over NCHW input (PyTorch {@code nn.Conv2d}); output size {@code (in + 2*padding - kernel) / stride + 1}. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Conv {
    /** Number of output channels. */
    int filters();

    /** Square kernel size. */
    int kernel();

    int stride() default 1;

    /** Zero padding on each side. */
    int padding() default 0;

    /** Whether the layer adds a learned bias per filter. */
    boolean bias() default true;
}
