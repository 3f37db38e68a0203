package io.netforge.processor.model;

/** {@code @Softmax} over the features. */
public record SoftmaxOp() implements OpSpec {
    @Override
    public String annotation() {
        return "@Softmax";
    }
}
