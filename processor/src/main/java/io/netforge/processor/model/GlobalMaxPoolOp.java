package io.netforge.processor.model;

import java.util.Optional;
import java.util.OptionalDouble;

/** {@code @GlobalMaxPool}: each feature's largest value over a sequence's steps that are not padding. */
public record GlobalMaxPoolOp() implements OpSpec {
    @Override
    public String annotation() {
        return "@GlobalMaxPool";
    }

    @Override
    public Role role() {
        return Role.LAYER;
    }

    @Override
    public boolean takesSequences() {
        return true;
    }

    @Override
    public Optional<ShapeProblem> problem(Shape in) {
        return in instanceof Shape.Sequence ? Optional.empty() : Optional.of(ShapeProblem.NEEDS_SEQUENCE);
    }

    @Override
    public Shape output(Shape in) {
        return new Shape.Flat(((Shape.Sequence) in).features());
    }

    @Override
    public long parameters(Shape in) {
        return 0;
    }

    @Override
    public long buffers(Shape in) {
        return 0;
    }

    /** A comparison per input value. */
    @Override
    public long flops(Shape in) {
        return in.size();
    }

    @Override
    public long activations(Shape in) {
        return output(in).size();
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
        return visitor.globalMaxPool(this);
    }
}
