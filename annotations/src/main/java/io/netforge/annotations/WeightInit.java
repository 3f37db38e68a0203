package io.netforge.annotations;

/** Weight initialization schemes; fan-in/fan-out follow PyTorch ({@code in * k * k}, {@code out * k * k}). */
public enum WeightInit {
    /** PyTorch's default for Linear and Conv2d: uniform in ±1/sqrt(fan_in). */
    PYTORCH_DEFAULT,
    /** Glorot normal: N(0, 2 / (fan_in + fan_out)). */
    XAVIER_NORMAL,
    /** Glorot uniform: U(±sqrt(6 / (fan_in + fan_out))). */
    XAVIER_UNIFORM,
    /** Kaiming normal for ReLU: N(0, 2 / fan_in). */
    HE_NORMAL,
    /** Kaiming uniform for ReLU: U(±sqrt(6 / fan_in)). */
    HE_UNIFORM,
    /** N(mean, std) with {@link Init#mean()} and {@link Init#std()}. */
    NORMAL,
    /** All zeros. */
    ZEROS
}
