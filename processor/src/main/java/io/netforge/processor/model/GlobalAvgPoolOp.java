package io.netforge.processor.model;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code @GlobalAvgPool}: the mean of each channel, {@code C×H×W} to {@code C} features; of a sequence, the mean over
 * its steps that are not padding, {@code steps×features} to {@code features}.
 */
public record GlobalAvgPoolOp() implements OpSpec {
    @Override
    public String annotation() {
        return "@GlobalAvgPool";
    }

    @Override
    public Role role() {
        return Role.LAYER;
    }

    @Override
    public Optional<ShapeProblem> problem(Shape in) {
        return in instanceof Shape.Image || in instanceof Shape.Sequence
                ? Optional.empty()
                : Optional.of(ShapeProblem.NEEDS_IMAGE);
    }

    @Override
    public boolean takesSequences() {
        return true;
    }

    @Override
    public Shape output(Shape in) {
        return in instanceof Shape.Sequence sequence
                ? new Shape.Flat(sequence.features())
                : new Shape.Flat(((Shape.Image) in).channels());
    }

    @Override
    public long parameters(Shape in) {
        return 0;
    }

    @Override
    public long buffers(Shape in) {
        return 0;
    }

    /** One per input value, plus the division. */
    @Override
    public long flops(Shape in) {
        return in.size() + output(in).size();
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
        return visitor.globalAvgPool(this);
    }
}
