package io.netforge.processor.model;

/** {@code @Tanh}. */
public record TanhOp() implements SameShapeOp {
    @Override
    public String annotation() {
        return "@Tanh";
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
        return visitor.tanh(this);
    }
}
