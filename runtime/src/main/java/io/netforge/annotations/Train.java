package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Training defaults for the generated trainer; each can be overridden through its builder. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Train {
    int epochs() default 10;

    int batchSize() default 32;

    /** Seeds initialization, shuffling and dropout masks. */
    long seed() default 42;

    LossFunction loss() default LossFunction.SOFTMAX_CROSS_ENTROPY;
}
