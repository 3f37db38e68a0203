package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Cosine annealing from the base rate to {@code etaMin} over {@code tMax} epochs (or steps), as {@code CosineAnnealingLR}. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface CosineAnnealingLR {
    int tMax();

    double etaMin() default 0;

    Interval interval() default Interval.EPOCH;
}
