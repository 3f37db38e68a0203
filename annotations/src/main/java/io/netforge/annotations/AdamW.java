package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * AdamW (Loshchilov and Hutter) as {@code torch.optim.AdamW}: Adam whose weight decay is decoupled from the
 * gradient, {@code w -= learningRate * weightDecay * w} before the Adam step.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface AdamW {
    double learningRate() default 1e-3;

    double beta1() default 0.9;

    double beta2() default 0.999;

    double eps() default 1e-8;

    /** Decoupled decay rate; PyTorch's default 0.01. */
    double weightDecay() default 1e-2;
}
