package io.netforge.processor.model;

/** {@code @Tanh}. */
public record TanhOp() implements OpSpec {
    @Override
    public String annotation() {
        return "@Tanh";
    }
}
