package io.netforge.processor.model;

/** The weight penalties of one layer, from {@code @Regularize} on its field or, failing that, on the model. */
public record PenaltySpec(double l1, double l2) {
    public static final PenaltySpec NONE = new PenaltySpec(0, 0);

    public boolean isNone() {
        return l1 == 0 && l2 == 0;
    }
}
