package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Adam (Kingma and Ba) with PyTorch semantics, bias-corrected moments, and {@code weightDecay} added to the
 * gradient as in PyTorch {@code torch.optim.Adam}. The default optimizer when none is declared.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Adam {
    double learningRate() default 1e-3;

    double beta1() default 0.9;

    double beta2() default 0.999;

    double eps() default 1e-8;

    /** L2 penalty added to the gradient of every parameter (PyTorch {@code weight_decay}). */
    double weightDecay() default 0;
}
