package io.netforge.train.inference;

import io.netforge.metrics.ClassificationReport;
import io.netforge.metrics.RegressionReport;
import java.util.Locale;

/**
 * Result of {@code evaluate}: evaluation-mode loss and classification metrics over a whole dataset, or for a
 * regression model its error metrics ({@link #regression()}; accuracy NaN).
 *
 * @param loss mean of the training loss function (with label smoothing if configured; no weight penalties, as
 *     Keras' and PyTorch's validation loss)
 * @param accuracy fraction of samples whose predicted class equals the label
 * @param correct number of correctly classified samples
 * @param count number of samples
 * @param report top-k accuracy, per-class precision, recall and F1, and the confusion matrix; {@code null} only for
 *     evaluations built by hand and regression
 * @param regression a regression model's MAE, RMSE and R² in the targets' units; {@code null} for a classifier
 */
public record Evaluation(
        double loss,
        double accuracy,
        long correct,
        long count,
        ClassificationReport report,
        RegressionReport regression) {

    public Evaluation(double loss, double accuracy, long correct, long count) {
        this(loss, accuracy, correct, count, null, null);
    }

    public Evaluation(double loss, double accuracy, long correct, long count, ClassificationReport report) {
        this(loss, accuracy, correct, count, report, null);
    }

    /** A regression model's evaluation: the loss (training units) and the errors in the targets' units. */
    public static Evaluation ofRegression(double loss, RegressionReport regression) {
        return new Evaluation(loss, Double.NaN, 0, regression.count(), null, regression);
    }

    /** Mean absolute error in the targets' units (NaN for a classifier). */
    public double mae() {
        return regression == null ? Double.NaN : regression.mae();
    }

    /** Root mean squared error in the targets' units (NaN for a classifier). */
    public double rmse() {
        return regression == null ? Double.NaN : regression.rmse();
    }

    /** R², the fraction of the targets' variance explained (NaN for a classifier). */
    public double r2() {
        return regression == null ? Double.NaN : regression.r2();
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
        if (regression != null) {
            return String.format(Locale.ROOT, "loss %.4f, %s", loss, regression);
        }
        return String.format(Locale.ROOT, "loss %.4f, accuracy %.2f%% (%d/%d)", loss, accuracy * 100, correct, count);
    }
}
