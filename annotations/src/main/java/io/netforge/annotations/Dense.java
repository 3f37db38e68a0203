package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Fully connected layer (PyTorch {@code nn.Linear}, Keras {@code Dense}); needs a flat input. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Dense {
    /** Number of output units. */
    int value();

    /** Whether the layer adds a learned bias. */
    boolean bias() default true;
}
