package io.netforge.processor.model;

import java.util.Optional;

/** {@code @SpatialDropout}: whole channels dropped with probability {@code p} in training. */
public record SpatialDropoutOp(double p) implements SameShapeOp {
    @Override
    public String annotation() {
        return "@SpatialDropout";
    }

    @Override
    public Role role() {
        return Role.DROPOUT;
    }

    @Override
    public long flops(Shape in) {
        return 0; // identity in evaluation
    }

    @Override
    public Optional<ShapeProblem> problem(Shape in) {
        return in instanceof Shape.Image ? Optional.empty() : Optional.of(ShapeProblem.NEEDS_IMAGE);
    }

    @Override
    public long activations(Shape in) {
        return 0; // identity in evaluation
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.spatialDropout(this);
    }
}
