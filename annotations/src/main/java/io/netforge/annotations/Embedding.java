package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An embedding, PyTorch's {@code nn.Embedding(vocabulary, dimension, padding_idx=0)} and Keras' {@code
 * Embedding(vocabulary, dimension, mask_zero=True)}: each token id of the model's token input ({@code @Input(tokens =
 * …, vocabulary = …)}) becomes its row of a learned {@code vocabulary × dimension} table, so a sequence of {@code
 * tokens} ids becomes a {@code tokens × dimension} sequence. Id 0 is the padding: its row is zero and stays zero, and
 * {@link GlobalAvgPool} after it averages only the steps that are not padding. The table starts from N(0, 1), as
 * PyTorch's. It must be the model's first layer.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Embedding {
    /** Values per token (PyTorch's {@code embedding_dim}, Keras' {@code output_dim}). */
    int dimension();
}
