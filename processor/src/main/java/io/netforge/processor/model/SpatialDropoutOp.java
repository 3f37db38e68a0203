package io.netforge.processor.model;

/** {@code @SpatialDropout}: whole channels dropped with probability {@code p} in training. */
public record SpatialDropoutOp(double p) implements OpSpec {
    @Override
    public String annotation() {
        return "@SpatialDropout";
    }
}
