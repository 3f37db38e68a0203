package io.netforge.processor.model;

/** {@code @Sigmoid}. */
public record SigmoidOp() implements OpSpec {
    @Override
    public String annotation() {
        return "@Sigmoid";
    }
}
