package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Weight penalties. On the model class it is the default for every layer; on a field it replaces the
 * default for that layer. Applies to weights (not biases or BatchNorm parameters). The loss gains
 * {@code l1 * sum|w| + l2 / 2 * sum w^2}, so the gradient gains {@code l1 * sign(w) + l2 * w}
 * (the same update as PyTorch {@code weight_decay = l2} for plain SGD).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.FIELD})
public @interface Regularize {
    double l1() default 0;

    double l2() default 0;
}
