package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Linear warm-up: over the first {@code steps} epochs (or optimizer steps) the learning rate rises from
 * {@code startFactor} times its value to its value, as PyTorch's {@code LinearLR(start_factor, 1.0,
 * total_iters)}; combines with one other schedule.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface WarmupLR {
    int steps();

    double startFactor() default 1.0 / 3;

    Interval interval() default Interval.EPOCH;
}
