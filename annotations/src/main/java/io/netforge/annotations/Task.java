package io.netforge.annotations;

/** What a model's outputs are for ({@link Model#task()}). */
public enum Task {
    /**
     * One class per sample: the outputs are class scores (logits), the data holds integer labels, and the metrics are
     * accuracy, top-k accuracy, precision, recall and the confusion matrix. The default.
     */
    CLASSIFICATION,
    /**
     * Numbers per sample: each output is an estimate of one float target ({@code Dataset.regression}), trained with
     * {@link LossFunction#MSE}, {@link LossFunction#MAE} or {@link LossFunction#HUBER} (MSE when the model declares
     * no loss), and measured by MAE, RMSE and R² in the target's own units. Keras: a {@code Dense(n)} head with
     * {@code loss="mse"}; PyTorch: {@code nn.Linear(in, n)} with {@code nn.MSELoss}.
     */
    REGRESSION,
    /**
     * A class for every step of a sequence: language modelling (each step's target is the next token) and tagging. The
     * last layer keeps the steps ({@code @Lstm(sequences = true)}, {@code @Dense} applied to each step) and scores
     * the classes at each one; the data holds a label per step ({@code Dataset.perStep}), label -1 at a step with no
     * target. Trained with softmax cross-entropy averaged over the steps that have a target (PyTorch's {@code
     * CrossEntropyLoss(ignore_index=-1)} on the {@code [N·steps, classes]} logits), measured by per-step accuracy.
     * Keras: a {@code TimeDistributed(Dense(classes))} head with {@code sparse_categorical_crossentropy}.
     */
    CLASS_PER_STEP
}
