package io.netforge.processor.model;

import java.util.Optional;
import java.util.OptionalDouble;

/** {@code @Dense}: a fully connected layer. */
public record DenseOp(int units, boolean bias) implements OpSpec {
    @Override
    public String annotation() {
        return "@Dense";
    }

    @Override
    public Role role() {
        return Role.LAYER;
    }

    @Override
    public Optional<ShapeProblem> problem(Shape in) {
        if (!(in instanceof Shape.Flat)) {
            return Optional.of(ShapeProblem.NEEDS_FLAT);
        }
        return weights(in) > Integer.MAX_VALUE ? Optional.of(ShapeProblem.WEIGHTS_TOO_LARGE) : Optional.empty();
    }

    @Override
    public Shape output(Shape in) {
        return new Shape.Flat(units);
    }

    @Override
    public Optional<Shape> outputOfAnyInput() {
        return Optional.of(new Shape.Flat(units));
    }

    @Override
    public long weights(Shape in) {
        return in.size() * units;
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
        return 2L * in.size() * units + (bias ? units : 0);
    }

    @Override
    public long activations(Shape in) {
        return units;
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
