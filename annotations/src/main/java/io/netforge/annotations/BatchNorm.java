package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Batch normalization with PyTorch semantics: in training, batch statistics (biased variance) normalize
 * and running statistics are updated with {@code momentum} (unbiased variance); in evaluation the
 * running statistics normalize. Learnable scale (init 1) and shift (init 0). Per channel after a
 * convolution, per feature after a dense layer.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface BatchNorm {
    /** Weight of the new batch statistic in the running average (PyTorch {@code momentum}). */
    double momentum() default 0.1;

    double eps() default 1e-5;
}
