package io.netforge.processor.model;

/** {@code @GlobalAvgPool}: the mean of each channel, {@code C×H×W} to {@code C} features. */
public record GlobalAvgPoolOp() implements OpSpec {
    @Override
    public String annotation() {
        return "@GlobalAvgPool";
    }

    @Override
    public boolean isMain() {
        return true;
    }
}
