package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stochastic gradient descent with PyTorch semantics: {@code g += weightDecay * w}; with momentum
 * {@code buf = momentum * buf + (1 - dampening) * g} (first step {@code buf = g}); Nesterov uses {@code g + momentum * buf};
 * {@code w -= learningRate * step}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Sgd {
    double learningRate() default 0.01;

    double momentum() default 0;

    /** Dampening of the momentum buffer: {@code buf = momentum * buf + (1 - dampening) * g}. */
    double dampening() default 0;

    boolean nesterov() default false;

    /** L2 penalty added to the gradient of every parameter (PyTorch {@code weight_decay}). */
    double weightDecay() default 0;
}
