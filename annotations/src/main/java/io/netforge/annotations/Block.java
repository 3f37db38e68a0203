package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A residual block: its {@code Layer} fields, top to bottom, are the main path; the shortcut is the identity,
 * or a 1×1 convolution with BatchNorm (PyTorch's {@code downsample}) when the main path changes the shape,
 * inferred at compile time; the two are added, then {@link #relu()} applies ReLU. Use it in a model with
 * {@link Blocks}.
 *
 * <p>Inside a block, {@code @Conv(filters = Block.WIDTH)} takes the width given at the use site and
 * {@code @Conv(stride = Block.STRIDE)} its stride (for the first repetition; 1 for the others):
 *
 * <pre>{@code
 * @Block
 * public abstract class BasicBlock {
 *     @Conv(filters = Block.WIDTH, kernel = 3, stride = Block.STRIDE, padding = 1, bias = false) @BatchNorm @Relu Layer conv1;
 *     @Conv(filters = Block.WIDTH, kernel = 3, padding = 1, bias = false) @BatchNorm                 Layer conv2;
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Block {
    /** In a block's {@code @Conv(filters = ...)}: the width given by {@link Blocks#width()}. */
    int WIDTH = -1;

    /** In a block's {@code @Conv(stride = ...)}: {@link Blocks#stride()} in the first repetition, 1 after it. */
    int STRIDE = -1;

    /** ReLU after the addition (both of the tutorials' blocks); {@code false} for pre-activation blocks. */
    boolean relu() default true;
}
