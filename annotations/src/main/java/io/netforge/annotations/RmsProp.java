package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** RMSProp as {@code torch.optim.RMSprop}: gradients divided by a moving root mean square. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface RmsProp {
    double learningRate() default 1e-2;

    /** Smoothing constant of the squared-gradient average. */
    double alpha() default 0.99;

    double eps() default 1e-8;

    /** L2 penalty added to the gradient (PyTorch {@code weight_decay}). */
    double weightDecay() default 0;

    double momentum() default 0;

    /** Divide by the centered (variance) estimate instead of the raw second moment. */
    boolean centered() default false;
}
