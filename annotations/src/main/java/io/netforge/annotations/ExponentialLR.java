package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Multiplies the learning rate by {@code gamma} after every epoch (or step), as {@code ExponentialLR}. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ExponentialLR {
    double gamma();

    Interval interval() default Interval.EPOCH;
}
