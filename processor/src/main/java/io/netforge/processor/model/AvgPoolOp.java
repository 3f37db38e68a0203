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
}
