package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Adds each step's position to a sequence, so that attention, which sees its steps as a set, knows their order: a
 * learned vector per position (GPT's and BERT's {@code nn.Embedding(length, features)} added to the token embeddings,
 * Keras' {@code TokenAndPositionEmbedding}), or with {@link #sinusoidal} the fixed sines and cosines of "Attention Is
 * All You Need" ({@code PE[p, 2i] = sin(p / 10000^(2i/features))}, {@code PE[p, 2i+1] = cos(…)}). The output has the
 * input's shape. The learned table starts from N(0, 1), as PyTorch's {@code nn.Embedding}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface PositionEmbedding {
    /** Positions in the table (PyTorch's {@code num_embeddings}); 0 takes the sequence's steps. At least the steps. */
    int length() default 0;

    /** Whether the positions are the fixed sinusoids rather than a learned table. */
    boolean sinusoidal() default false;
}
