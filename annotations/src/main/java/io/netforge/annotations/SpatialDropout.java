package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Channel dropout for convolutional feature maps (PyTorch {@code nn.Dropout2d}, Keras
 * {@code SpatialDropout2D}): whole channels are zeroed with probability {@code value}, survivors scaled
 * by {@code 1/(1-value)}; identity in evaluation.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface SpatialDropout {
    /** Probability of dropping a channel, in [0, 1). */
    double value();
}
