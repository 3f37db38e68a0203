package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** AdaGrad as {@code torch.optim.Adagrad}: per-value learning rates from the sum of squared gradients. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface AdaGrad {
    double learningRate() default 1e-2;

    /** {@code lr / (1 + (t - 1) * lrDecay)} at step t. */
    double lrDecay() default 0;

    /** L2 penalty added to the gradient (PyTorch {@code weight_decay}). */
    double weightDecay() default 0;

    /** Starting value of the sum of squared gradients. */
    double initialAccumulator() default 0;

    double eps() default 1e-10;
}
