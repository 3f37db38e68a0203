package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Trains against smoothed targets {@code y * (1 - value) + value / classes}, as PyTorch's
 * {@code CrossEntropyLoss(label_smoothing=value)}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface LabelSmoothing {
    double value();
}
