package io.netforge.annotations;

/** Loss functions a model can train with. */
public enum LossFunction {
    /** Softmax over the last layer's outputs, then cross-entropy with the class labels (PyTorch CrossEntropyLoss). */
    SOFTMAX_CROSS_ENTROPY
}
