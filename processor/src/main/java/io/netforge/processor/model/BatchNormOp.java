package io.netforge.processor.model;

/** {@code @BatchNorm}: per channel after a convolution, per feature after a dense layer. */
public record BatchNormOp(double momentum, double eps) implements OpSpec {
    @Override
    public String annotation() {
        return "@BatchNorm";
    }
}
