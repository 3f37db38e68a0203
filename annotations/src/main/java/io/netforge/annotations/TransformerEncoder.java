package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A Transformer encoder layer over a sequence, PyTorch's {@code nn.TransformerEncoderLayer(features, heads,
 * feedForward, dropout, batch_first=True, norm_first=…)} (and with {@link #repeat} its {@code nn.TransformerEncoder}
 * stack), Keras' {@code TransformerEncoder} of keras_nlp: self-attention ({@link MultiHeadAttention}) and a feed-forward
 * network of two dense layers on each step ({@code features → feedForward}, ReLU, {@code → features}), each with a
 * dropout, a residual connection and a layer norm ({@code eps = 1e-5}). Post-norm by default as PyTorch's: {@code x =
 * norm1(x + attn(x))}, {@code x = norm2(x + ff(x))}; with {@link #normFirst} pre-norm: {@code x = x + attn(norm1(x))},
 * {@code x = x + ff(norm2(x))}. The output has the input's shape. Padding steps are never attended to; with {@link
 * #causal} a step attends only to itself and the steps before it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface TransformerEncoder {
    /** Attention heads; they must divide the features of each step (PyTorch's {@code nhead}). */
    int heads();

    /** Units of the feed-forward network's hidden layer (PyTorch's {@code dim_feedforward}). */
    int feedForward() default 2048;

    /**
     * Dropout of the attention weights, after the attention, inside and after the feed-forward network (PyTorch's
     * {@code dropout}, which its layer passes to {@code nn.MultiheadAttention} too).
     */
    double dropout() default 0.1;

    /**
     * Whether the feed-forward network's activation is the exact GELU (BERT's, GPT's; PyTorch's {@code
     * activation="gelu"}) rather than ReLU (PyTorch's default).
     */
    boolean gelu() default false;

    /** Whether each half normalizes its input (pre-norm) rather than its residual sum (PyTorch's {@code norm_first}). */
    boolean normFirst() default false;

    /** Whether a step attends only to itself and the steps before it (a language model). */
    boolean causal() default false;

    /** Encoder layers stacked (PyTorch's {@code num_layers}), each with its own weights. */
    int repeat() default 1;
}
