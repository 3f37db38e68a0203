package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gradient clipping before each optimizer step: by the global L2 norm of all gradients ({@code maxNorm}, as
 * {@code torch.nn.utils.clip_grad_norm_}) or element-wise ({@code value}, as {@code clip_grad_value_}); set one.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ClipGradients {
    double maxNorm() default 0;

    double value() default 0;
}
