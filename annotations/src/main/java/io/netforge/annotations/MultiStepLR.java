package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Multiplies the learning rate by {@code gamma} at each milestone epoch (or step), as {@code MultiStepLR}. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface MultiStepLR {
    /** Strictly increasing, positive. */
    int[] milestones();

    double gamma() default 0.1;

    Interval interval() default Interval.EPOCH;
}
