package io.netforge.processor.model;

import java.util.Optional;
import java.util.OptionalDouble;

/** {@code @Flatten}: {@code C×H×W} to {@code C*H*W} features. */
public record FlattenOp() implements OpSpec {
    @Override
    public String annotation() {
        return "@Flatten";
    }

    @Override
    public Role role() {
        return Role.LAYER;
    }

    @Override
    public Optional<ShapeProblem> problem(Shape in) {
        return in.size() > Integer.MAX_VALUE ? Optional.of(ShapeProblem.TOO_LARGE) : Optional.empty();
    }

    @Override
    public Shape output(Shape in) {
        return new Shape.Flat(Math.toIntExact(in.size()));
    }

    @Override
    public long parameters(Shape in) {
        return 0;
    }

    @Override
    public long buffers(Shape in) {
        return 0;
    }

    @Override
    public long flops(Shape in) {
        return 0;
    }

    /** A view of its input: it writes nothing. */
    @Override
    public long activations(Shape in) {
        return 0;
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
        return visitor.flatten(this);
    }
}
