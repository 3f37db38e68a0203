package io.netforge.processor.model;

import java.util.Optional;
import java.util.OptionalDouble;

/** {@code @BatchNorm}: per channel after a convolution, per feature after a dense layer. */
public record BatchNormOp(double momentum, double eps) implements OpSpec {
    @Override
    public String annotation() {
        return "@BatchNorm";
    }

    @Override
    public Role role() {
        return Role.NORMALIZATION;
    }

    @Override
    public Optional<ShapeProblem> problem(Shape in) {
        return Optional.empty();
    }

    @Override
    public Shape output(Shape in) {
        return in;
    }

    /** A scale and a shift per channel. */
    @Override
    public long parameters(Shape in) {
        return 2L * ParameterCount.channels(in);
    }

    /** The running mean and variance, one each per channel. */
    @Override
    public long buffers(Shape in) {
        return 2L * ParameterCount.channels(in);
    }

    /** Subtract, divide, scale, shift. */
    @Override
    public long flops(Shape in) {
        return 4 * in.size();
    }

    @Override
    public long activations(Shape in) {
        return in.size();
    }

    @Override
    public OptionalDouble batchStatisticsMomentum() {
        return OptionalDouble.of(momentum);
    }

    @Override
    public boolean projectionFollows() {
        return true;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.batchNorm(this);
    }
}
