package io.netforge.processor.model;

/** {@code @Flatten}: {@code C×H×W} to {@code C*H*W} features. */
public record FlattenOp() implements OpSpec {
    @Override
    public String annotation() {
        return "@Flatten";
    }

    @Override
    public boolean isMain() {
        return true;
    }
}
