package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gaussian error linear unit, {@code x Φ(x)} with Φ the standard normal distribution function: PyTorch's exact {@code
 * nn.GELU()} (not its {@code approximate="tanh"}) and Keras' {@code activation="gelu"}. The activation of BERT's and
 * GPT's feed-forward networks.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Gelu {}
