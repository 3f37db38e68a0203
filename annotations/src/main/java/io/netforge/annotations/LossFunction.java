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
    /**
     * Mean squared error between the outputs and the targets (PyTorch {@code MSELoss}): the one-hot targets of a
     * classifier, the float targets of a {@link Task#REGRESSION} model (its default loss).
     */
    MSE,
    /** Mean absolute error between the outputs and the float targets (PyTorch {@code L1Loss}); regression only. */
    MAE,
    /**
     * Huber loss with {@code delta = 1}: half the squared error where the error is below 1, the absolute error minus
     * one half beyond (PyTorch {@code HuberLoss()}, which is {@code SmoothL1Loss()} at this delta); regression only.
     */
    HUBER
}
