package io.netforge.processor.model;

/** {@code @LeakyRelu}: slope {@code alpha} for negative inputs. */
public record LeakyReluOp(double alpha) implements OpSpec {
    @Override
    public String annotation() {
        return "@LeakyRelu";
    }
}
