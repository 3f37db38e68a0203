package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Global average pooling: the mean of each channel over all positions, {@code [C, H, W]} to {@code C} features
 * (Keras' {@code GlobalAveragePooling2D}; PyTorch's {@code AdaptiveAvgPool2d(1)} followed by flattening). On a
 * 4×4 map it equals the tutorials' {@code AvgPool2d(4)} and {@code view}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface GlobalAvgPool {}
