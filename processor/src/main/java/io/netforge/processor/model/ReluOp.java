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

    /** Element-wise: a sequence's steps each, padding included (the pooling after it leaves padding out). */
    @Override
    public boolean takesSequences() {
        return true;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.relu(this);
    }
}
