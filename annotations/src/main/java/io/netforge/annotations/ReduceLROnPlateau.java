package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Multiplies the learning rate by {@code factor} when the monitored metric stopped improving for
 * {@code patience} epochs, as {@code torch.optim.lr_scheduler.ReduceLROnPlateau}. Stepped once per epoch,
 * after validation.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ReduceLROnPlateau {
    /** {@code val_loss}, {@code val_accuracy}, {@code loss} or {@code accuracy}. */
    String monitor() default "val_loss";

    Mode mode() default Mode.AUTO;

    double factor() default 0.1;

    int patience() default 10;

    double threshold() default 1e-4;

    ThresholdMode thresholdMode() default ThresholdMode.REL;

    int cooldown() default 0;

    double minLr() default 0;
}
