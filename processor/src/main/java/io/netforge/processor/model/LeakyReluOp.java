package io.netforge.processor.model;

/** {@code @LeakyRelu}: slope {@code alpha} for negative inputs. */
public record LeakyReluOp(double alpha) implements SameShapeOp {
    @Override
    public String annotation() {
        return "@LeakyRelu";
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
        return visitor.leakyRelu(this);
    }
}
