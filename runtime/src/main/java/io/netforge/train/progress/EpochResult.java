package io.netforge.train.progress;

/**
 * Metrics of one epoch. Validation values are {@code NaN} when no validation set was given.
 *
 * @param epoch 1-based epoch number
 * @param loss mean training loss over the epoch's samples, including weight penalties
 * @param accuracy training accuracy (training-mode forward pass, as Keras and PyTorch loops report it)
 * @param valLoss validation loss (evaluation mode)
 * @param valAccuracy validation accuracy (evaluation mode)
 * @param learningRate learning rate used during the epoch
 * @param seconds wall time of the epoch, validation included
 * @param dataSeconds time the training loop spent waiting for batches (building them, or for the prefetching
 *                    thread); {@code NaN} when unknown (e.g. a history read from an older file)
 * @param valMae a regression model's validation MAE in the targets' units; NaN for a classifier or without validation
 * @param valRmse a regression model's validation RMSE in the targets' units; NaN likewise
 * @param valR2 a regression model's validation R²; NaN likewise
 */
public record EpochResult(
        int epoch,
        double loss,
        double accuracy,
        double valLoss,
        double valAccuracy,
        double learningRate,
        double seconds,
        double dataSeconds,
        double valMae,
        double valRmse,
        double valR2) {
    /** A classifier's epoch (no regression metrics). */
    public EpochResult(
            int epoch,
            double loss,
            double accuracy,
            double valLoss,
            double valAccuracy,
            double learningRate,
            double seconds,
            double dataSeconds) {
        this(
                epoch,
                loss,
                accuracy,
                valLoss,
                valAccuracy,
                learningRate,
                seconds,
                dataSeconds,
                Double.NaN,
                Double.NaN,
                Double.NaN);
    }

    /** Without the data time. */
    public EpochResult(
            int epoch,
            double loss,
            double accuracy,
            double valLoss,
            double valAccuracy,
            double learningRate,
            double seconds) {
        this(epoch, loss, accuracy, valLoss, valAccuracy, learningRate, seconds, Double.NaN);
    }

    /** Whether the epoch has a regression model's validation metrics. */
    public boolean hasRegressionMetrics() {
        return !Double.isNaN(valMae);
    }
}
