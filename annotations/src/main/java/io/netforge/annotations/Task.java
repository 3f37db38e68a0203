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
    REGRESSION
}
