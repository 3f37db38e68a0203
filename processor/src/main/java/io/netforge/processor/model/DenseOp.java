package io.netforge.processor.model;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code @Dense}: a fully connected layer; on a sequence, the same layer applied to each step ({@code steps×features}
 * to {@code steps×units}, Keras' {@code Dense} on a 3-D input, PyTorch's {@code nn.Linear} on the last dimension).
 */
public record DenseOp(int units, boolean bias) implements OpSpec {
    @Override
    public String annotation() {
        return "@Dense";
    }

    @Override
    public Role role() {
        return Role.LAYER;
    }

    /** Each step of a sequence through the same weights. */
    @Override
    public boolean takesSequences() {
        return true;
    }

    @Override
    public Optional<ShapeProblem> problem(Shape in) {
        if (!(in instanceof Shape.Flat) && !(in instanceof Shape.Sequence)) {
            return Optional.of(ShapeProblem.NEEDS_FLAT);
        }
        if (weights(in) > Integer.MAX_VALUE) {
            return Optional.of(ShapeProblem.WEIGHTS_TOO_LARGE);
        }
        return output(in).size() > Integer.MAX_VALUE ? Optional.of(ShapeProblem.TOO_LARGE) : Optional.empty();
    }

    @Override
    public Shape output(Shape in) {
        return in instanceof Shape.Sequence sequence
                ? new Shape.Sequence(sequence.steps(), units)
                : new Shape.Flat(units);
    }

    /** Values each step (or the whole flat input) has: what one weight row multiplies. */
    private static long inputWidth(Shape in) {
        return in instanceof Shape.Sequence sequence ? sequence.features() : in.size();
    }

    /** Steps the layer runs on: a sequence's, else 1. */
    private static long steps(Shape in) {
        return in instanceof Shape.Sequence sequence ? sequence.steps() : 1;
    }

    @Override
    public Optional<Shape> outputOfAnyInput() {
        return Optional.of(new Shape.Flat(units));
    }

    @Override
    public long weights(Shape in) {
        return inputWidth(in) * units;
    }

    @Override
    public long parameters(Shape in) {
        return weights(in) + (bias ? units : 0);
    }

    @Override
    public long buffers(Shape in) {
        return 0;
    }

    /** A multiply-add per weight, one per bias. */
    @Override
    public long flops(Shape in) {
        return steps(in) * (2L * inputWidth(in) * units + (bias ? units : 0));
    }

    @Override
    public long activations(Shape in) {
        return steps(in) * units;
    }

    @Override
    public OptionalDouble batchStatisticsMomentum() {
        return OptionalDouble.empty();
    }

    @Override
    public boolean projectionFollows() {
        return false;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.dense(this);
    }
}
