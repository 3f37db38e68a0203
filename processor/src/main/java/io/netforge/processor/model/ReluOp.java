package io.netforge.processor.model;

/** {@code @Relu}. */
public record ReluOp() implements OpSpec {
    @Override
    public String annotation() {
        return "@Relu";
    }
}
