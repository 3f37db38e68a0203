package io.netforge.annotations;

/** Where a 1-D convolution's windows sit on a sequence ({@link Conv1d#padding()}), as Keras' {@code padding}. */
public enum Padding {
    /**
     * Centred: {@code dilation × (kernel / 2)} zeros each side, output step {@code j} centred on input step {@code j ×
     * stride}, {@code ceil(steps / stride)} steps (PyTorch {@code padding=kernel // 2}; Keras {@code "same"} at stride
     * 1 — with a larger stride Keras puts the smaller half of its padding first, so its windows sit elsewhere); the
     * kernel must be odd. The default.
     */
    SAME,
    /**
     * No zeros: only windows that lie inside the sequence, {@code floor((steps - span) / stride) + 1} steps (Keras
     * {@code "valid"}, PyTorch's default {@code padding=0}); on a padded text an output step is real when its window's
     * last step is.
     */
    VALID,
    /**
     * Zeros before the first step only: output step {@code j} sees input step {@code j × stride} and the steps before
     * it, never after, {@code ceil(steps / stride)} steps (Keras {@code "causal"}, WaveNet's convolution): what a
     * forecaster may see.
     */
    CAUSAL
}
