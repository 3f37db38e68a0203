package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Parameter initialization. On the model class it is the default for every layer; on a field it replaces
 * the default. Without any {@code @Init}, layers use PyTorch's defaults: weights and biases uniform in
 * {@code ±1/sqrt(fan_in)}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.FIELD})
public @interface Init {
    /** How weights are drawn. */
    WeightInit value();

    /** Mean for {@link WeightInit#NORMAL}. */
    double mean() default 0;

    /** Standard deviation for {@link WeightInit#NORMAL}. */
    double std() default 0.01;

    /** Constant every bias starts at (0 = zeros). */
    double bias() default 0;
}
