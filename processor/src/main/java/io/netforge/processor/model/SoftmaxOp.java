package io.netforge.processor.model;

import java.util.Optional;

/** {@code @Softmax} over the features. */
public record SoftmaxOp() implements SameShapeOp {
    @Override
    public String annotation() {
        return "@Softmax";
    }

    @Override
    public Role role() {
        return Role.PROBABILITIES;
    }

    @Override
    public long flops(Shape in) {
        return 3 * in.size(); // exponent, sum, divide
    }

    @Override
    public Optional<ShapeProblem> problem(Shape in) {
        return in instanceof Shape.Flat ? Optional.empty() : Optional.of(ShapeProblem.NEEDS_FLAT);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.softmax(this);
    }
}
