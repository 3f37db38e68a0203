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

    /**
     * Whether the optimizer's weight decay also applies to biases and BatchNorm scales and shifts (PyTorch's
     * default, {@code true}); {@code false} decays only dense and convolution weights, the usual "no decay"
     * parameter group. {@code @Regularize} penalties apply to weights only either way.
     */
    boolean decayBiasesAndNorms() default true;
}
