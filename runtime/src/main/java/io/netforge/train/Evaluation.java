package io.netforge.train;

/**
 * Result of {@code evaluate}: evaluation-mode loss and accuracy over a whole dataset.
 *
 * @param loss mean softmax cross-entropy (no weight penalties, as Keras' and PyTorch's test loss)
 * @param accuracy fraction of samples whose arg-max class equals the label
 * @param correct number of correctly classified samples
 * @param count number of samples
 */
public record Evaluation(double loss, double accuracy, long correct, long count) {
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "loss %.4f, accuracy %.2f%% (%d/%d)", loss, accuracy * 100, correct, count);
    }
}
