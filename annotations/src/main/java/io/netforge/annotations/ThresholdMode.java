package io.netforge.annotations;

/** How {@link ReduceLROnPlateau#threshold()} compares: relative to the best value ({@code REL}) or as an absolute difference ({@code ABS}), as PyTorch's {@code threshold_mode}. */
public enum ThresholdMode {
    REL,
    ABS
}
