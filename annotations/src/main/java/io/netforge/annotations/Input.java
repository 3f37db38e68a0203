package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Shape of one input sample: an image ({@code channels}, {@code height}, {@code width}), a flat vector ({@code
 * features}), a sequence of vectors ({@code steps}, {@code features}), or a sequence of token ids ({@code tokens},
 * {@code vocabulary}). Exactly one of the forms must be given.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Input {
    int channels() default 0;

    int height() default 0;

    int width() default 0;

    /**
     * Length of a flat input vector, for models that start with {@link Dense}; with {@link #steps}, the values of each
     * step.
     */
    int features() default 0;

    /**
     * Steps of a sequence of {@link #features}-value vectors, for models that start with {@link Lstm}, {@link Gru} or
     * {@link Conv1d} (PyTorch's {@code batch_first} {@code [N, steps, features]}); every step is real, none padding.
     */
    int steps() default 0;

    /**
     * Length of a token sequence, for models that start with {@link Embedding}: each sample holds this many token ids
     * (as floats), padded with id 0 at the end ({@code io.netforge.text.Vocabulary#encode}).
     */
    int tokens() default 0;

    /** The number of token ids, {@code 0 .. vocabulary - 1}, id 0 the padding; with {@link #tokens}. */
    int vocabulary() default 0;
}
