package io.netforge.annotations;

/** Loss functions a model can train with. */
public enum LossFunction {
    /** Softmax over the last layer's outputs, then cross-entropy with the class labels (PyTorch {@code CrossEntropyLoss}). */
    SOFTMAX_CROSS_ENTROPY,
    /**
     * Sigmoid of each output, then binary cross-entropy with the one-hot targets, averaged over outputs and
     * samples (PyTorch {@code BCEWithLogitsLoss}); with one output, a binary classifier of labels 0 and 1.
     */
    BINARY_CROSS_ENTROPY,
    /** Mean squared error between the outputs and the one-hot targets (PyTorch {@code MSELoss}). */
    MSE
}
