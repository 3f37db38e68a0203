package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A stage of residual blocks on a {@code Layer} field: {@link #repeat()} copies of the {@link Block} class
 * {@link #value()}, the first with {@link #stride()}, the others with stride 1, all {@link #width()} wide, like
 * the tutorials' {@code _make_layer(out_channels, num_blocks, stride)}. Graph variables are named by field,
 * repetition and block field, as PyTorch's state_dict: {@code layer2.0.conv1/W}, {@code layer2.0.downsample/W}.
 *
 * <pre>{@code
 * @Blocks(value = BasicBlock.class, width = 128, stride = 2, repeat = 2) Layer layer2;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Blocks {
    /** The block class, annotated with {@link Block}. */
    Class<?> value();

    /** The value of {@link Block#WIDTH} in the block: usually its output channels. */
    int width() default 0;

    /** The first repetition's {@link Block#STRIDE}; the others use 1. */
    int stride() default 1;

    /** How many blocks in a row. */
    int repeat() default 1;
}
