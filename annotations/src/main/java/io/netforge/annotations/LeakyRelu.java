package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Leaky ReLU, {@code x >= 0 ? x : alpha * x}. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface LeakyRelu {
    /** Slope for negative inputs (PyTorch {@code negative_slope}). */
    double value() default 0.01;
}
