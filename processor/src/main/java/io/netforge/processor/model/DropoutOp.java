package io.netforge.processor.model;

/** {@code @Dropout}: each value dropped with probability {@code p} in training. */
public record DropoutOp(double p) implements OpSpec {
    @Override
    public String annotation() {
        return "@Dropout";
    }
}
