package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Shape of one input sample: either an image ({@code channels}, {@code height}, {@code width}) or a flat
 * vector ({@code features}). Exactly one of the two forms must be given.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Input {
    int channels() default 0;

    int height() default 0;

    int width() default 0;

    /** Length of a flat input vector, for models that start with {@link Dense}. */
    int features() default 0;
}
