package io.netforge.processor.model;

/** {@code @Dropout}: each value dropped with probability {@code p} in training. */
public record DropoutOp(double p) implements SameShapeOp {
    @Override
    public String annotation() {
        return "@Dropout";
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
    public long activations(Shape in) {
        return 0; // identity in evaluation
    }

    /** Element-wise: a sequence's steps each, padding included (the pooling after it leaves padding out). */
    @Override
    public boolean takesSequences() {
        return true;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.dropout(this);
    }
}
