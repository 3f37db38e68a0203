package io.netforge.processor.model;

/** An operation that slides a square window over an image: convolution and pooling. */
public sealed interface Windowed permits ConvOp, PoolOp {
    int kernel();

    int padding();

    /** The annotation attribute that sets the window: {@code kernel} of {@code @Conv}, {@code value} of the pools. */
    String windowAttribute();

    /** What messages call the window: {@code kernel} for a convolution, {@code window} for pooling. */
    String windowName();

    /**
     * Whether the operation, giving a {@link ShapeProblem#TOO_LARGE} output on {@code in}, would not without its
     * padding: the padding is the cause, not the input size or the stride.
     */
    boolean tooLargeOnlyByPadding(Shape in);
}
