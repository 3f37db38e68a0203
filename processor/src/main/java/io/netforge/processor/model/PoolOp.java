package io.netforge.processor.model;

/** What max and average pooling share: a square window, a stride (0 = the window) and zero padding. */
public sealed interface PoolOp extends OpSpec permits MaxPoolOp, AvgPoolOp {
    int kernel();

    int stride();

    int padding();

    /** The stride actually used: the declared one, or the window size when 0 was declared (as in PyTorch). */
    default int effectiveStride() {
        return stride() == 0 ? kernel() : stride();
    }

    @Override
    default boolean isMain() {
        return true;
    }
}
