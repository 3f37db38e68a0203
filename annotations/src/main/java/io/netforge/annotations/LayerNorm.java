package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Layer normalization, PyTorch's {@code nn.LayerNorm(features)} and Keras' {@code LayerNormalization}: each sample's
 * features are normalized by their own mean and (biased) variance, {@code (x - mean) / sqrt(var + eps)}, then scaled
 * and shifted per feature by learnable γ (init 1) and β (init 0). Unlike {@link BatchNorm} it uses no batch statistics:
 * training and evaluation compute the same thing, and a batch of one sample is fine. Takes a flat input (after
 * {@link Dense} or {@link Flatten}) of at least two features.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface LayerNorm {
    /** Added to the variance under the square root (PyTorch's {@code eps}; Keras' {@code epsilon} is 1e-3). */
    double eps() default 1e-5;
}
