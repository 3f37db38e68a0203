package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Multiplies the learning rate by {@code gamma} every {@code stepSize} epochs (or steps), as {@code torch.optim.lr_scheduler.StepLR}. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface StepLR {
    int stepSize();

    double gamma() default 0.1;

    Interval interval() default Interval.EPOCH;
}
