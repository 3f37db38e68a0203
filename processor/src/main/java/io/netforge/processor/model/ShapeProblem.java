package io.netforge.processor.model;

/** Why an operation cannot take the shape it is given. */
public enum ShapeProblem {
    /** A dense layer, softmax or LayerNorm given an image. */
    NEEDS_FLAT,
    /** A LayerNorm given a single feature, which always normalizes to 0. */
    ONE_FEATURE,
    /** A convolution, pooling or spatial dropout given a flat vector. */
    NEEDS_IMAGE,
    /** A convolution or pooling window larger than its padded input. */
    WINDOW_TOO_LARGE,
    /** An output (or padded input) with more than {@code Integer.MAX_VALUE} values per sample. */
    TOO_LARGE,
    /** A dense or convolution weight array with more than {@code Integer.MAX_VALUE} values. */
    WEIGHTS_TOO_LARGE,
    /** A residual block whose main path and shortcut (identity or 1×1 projection) give different shapes. */
    PATHS_DIFFER,
    /** An embedding given anything but the token input. */
    NEEDS_TOKENS,
    /** Any other operation given the token input. */
    NEEDS_EMBEDDING,
    /** A dense layer, flatten, softmax or normalization given a sequence, which must be pooled first. */
    NEEDS_POOLING,
    /** A 1-D convolution or max pooling over time given something else than a sequence. */
    NEEDS_SEQUENCE,
    /** A 1-D convolution whose kernel is longer than its sequence. */
    KERNEL_TOO_LONG,
    /** A pooling window over time longer than its sequence. */
    TIME_WINDOW_TOO_LONG,
    /** A pooling over time with a stride other than its window, or with padding. */
    TIME_POOL_STRIDE,
    /** Attention heads that do not divide the features of each step, with no key dimension given (one would fix it). */
    HEADS_DIVIDE,
    /** Attention heads that do not divide the features of each step, in a layer whose heads always split them. */
    HEADS_SPLIT_FEATURES,
    /** A position table with fewer positions than the sequence has steps. */
    POSITIONS_TOO_SHORT
}
