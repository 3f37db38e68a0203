package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Multi-head self-attention over a sequence's steps: PyTorch's {@code nn.MultiheadAttention(features, heads,
 * batch_first=True)} called with the sequence as query, key and value, and Keras' {@code MultiHeadAttention(heads,
 * keyDimension)} called as {@code mha(x, x)}. Each step's features are projected to a query, a key and a value per head
 * ({@code keyDimension} values each), every query is compared with every key (scaled dot products, a softmax over the
 * keys), the values are averaged with those weights, and the heads' results, side by side, are projected back to the
 * step's {@code features}: the output has the input's shape.
 *
 * <p>Padding steps (token id 0) are never attended to, as PyTorch's {@code key_padding_mask} and Keras' mask leave
 * them out, so padding changes no real step's output. With {@link #causal}, a step attends only to itself and the
 * steps before it, as a language model must (PyTorch's {@code is_causal=True}, Keras' {@code use_causal_mask=True}).
 * The projections start as PyTorch's: Xavier-uniform weights, zero biases.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface MultiHeadAttention {
    /** Attention heads (PyTorch's {@code num_heads}, Keras' {@code num_heads}). */
    int heads();

    /**
     * Values of each head's query, key and value (Keras' {@code key_dim}); 0 takes the step's features divided by
     * {@link #heads}, PyTorch's {@code head_dim}, which the heads must then divide.
     */
    int keyDimension() default 0;

    /**
     * Probability of dropping each attention weight in training (PyTorch's and Keras' {@code dropout}, default 0): a
     * dropped weight is 0 and the others are scaled by {@code 1/(1 - dropout)}; evaluation keeps them all.
     */
    double dropout() default 0.0;

    /** Whether a step attends only to itself and the steps before it (a language model's mask). */
    boolean causal() default false;
}
