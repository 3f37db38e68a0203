package io.netforge.processor.model;

/** {@code @Dense}: a fully connected layer. */
public record DenseOp(int units, boolean bias) implements OpSpec {
    @Override
    public String annotation() {
        return "@Dense";
    }

    @Override
    public boolean isMain() {
        return true;
    }
}
