package io.netforge.processor.model;

/** {@code @Gelu}. */
public record GeluOp() implements SameShapeOp {
    @Override
    public String annotation() {
        return "@Gelu";
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
        return visitor.gelu(this);
    }
}
