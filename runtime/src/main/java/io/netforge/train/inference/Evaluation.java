package io.netforge.train.inference;

import io.netforge.metrics.ClassificationReport;
import java.util.Locale;

/**
 * Result of {@code evaluate}: evaluation-mode loss and classification metrics over a whole dataset.
 *
 * @param loss mean of the training loss function (with label smoothing if configured; no weight penalties, as
 *     Keras' and PyTorch's validation loss)
 * @param accuracy fraction of samples whose predicted class equals the label
 * @param correct number of correctly classified samples
 * @param count number of samples
 * @param report top-k accuracy, per-class precision, recall and F1, and the confusion matrix; {@code null} only for
 *     evaluations built by hand
 */
public record Evaluation(double loss, double accuracy, long correct, long count, ClassificationReport report) {

    public Evaluation(double loss, double accuracy, long correct, long count) {
        this(loss, accuracy, correct, count, null);
    }

    /** Fraction of samples whose label is among the {@code k} highest scores. */
    public double topKAccuracy(int k) {
        return requireReport().topKAccuracy(k);
    }

    /** Rows are true classes, columns predicted classes, as scikit-learn's {@code confusion_matrix}. */
    public long[][] confusionMatrix() {
        return requireReport().confusionMatrix();
    }

    private ClassificationReport requireReport() {
        if (report == null) {
            throw new IllegalStateException("this evaluation has no classification report");
        }
        return report;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "loss %.4f, accuracy %.2f%% (%d/%d)", loss, accuracy * 100, correct, count);
    }
}
