package io.netforge.processor.model;

/** {@code @Sigmoid}. */
public record SigmoidOp() implements SameShapeOp {
    @Override
    public String annotation() {
        return "@Sigmoid";
    }

    @Override
    public Role role() {
        return Role.ACTIVATION;
    }

    @Override
    public long flops(Shape in) {
        return in.size();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.sigmoid(this);
    }
}
