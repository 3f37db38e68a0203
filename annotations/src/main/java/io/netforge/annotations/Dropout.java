package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Inverted dropout: in training each value is zeroed with probability {@code value} and the survivors are
 * scaled by {@code 1/(1-value)}; in evaluation it is the identity.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Dropout {
    /** Probability of dropping a value, in [0, 1). */
    double value();
}
