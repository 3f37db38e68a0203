package io.netforge.processor.model;

/** {@code @Relu}. */
public record ReluOp() implements SameShapeOp {
    @Override
    public String annotation() {
        return "@Relu";
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
        return visitor.relu(this);
    }
}
