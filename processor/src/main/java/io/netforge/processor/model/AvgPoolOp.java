package io.netforge.processor.model;

/**
 * {@code @AvgPool}: a square window of {@code kernel}; {@code stride} as declared, 0 meaning the window size
 * (see {@link #effectiveStride()}).
 */
public record AvgPoolOp(int kernel, int stride, int padding) implements PoolOp {
    @Override
    public String annotation() {
        return "@AvgPool";
    }

    @Override
    public long flops(Shape in) {
        long values = output(in).size();
        if (in instanceof Shape.Sequence) {
            return values * (kernel + 1L); // a comparison or addition per step, one more per window
        }
        return values * (kernel * (long) kernel + 1); // and the division
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.avgPool(this);
    }
}
