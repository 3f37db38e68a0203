package io.netforge.annotations;

/**
 * Whether a recurrent layer ({@link Lstm}, {@link Gru}) also reads the sequence backwards, and how the two directions'
 * outputs are merged: Keras' {@code Bidirectional(merge_mode=…)}, PyTorch's {@code bidirectional=True} for {@link
 * #CONCAT}.
 */
public enum Bidirectional {
    /** One direction, first step to last. */
    NONE,
    /** Both directions, their outputs side by side ({@code 2 × units}, PyTorch's {@code bidirectional=True}). */
    CONCAT,
    /** Both directions, their outputs added ({@code units}). */
    SUM
}
