package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * DisturbLabel (Xie et al., 2016): each training label is replaced, with probability {@code alpha}, by a
 * class drawn uniformly from all classes, so a label stays correct with probability
 * {@code 1 - alpha * (classes - 1) / classes}. Seeded by the model's seed.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface DisturbLabel {
    double alpha();
}
