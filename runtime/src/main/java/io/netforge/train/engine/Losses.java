package io.netforge.train.engine;

import io.netforge.annotations.LossFunction;
import java.util.Objects;

/**
 * The graph's losses computed in plain Java from a model's outputs (logits), for evaluation; per sample and
 * averaged over outputs exactly as the graph's {@code loss} is (so the mean of {@link #loss} over a batch equals
 * the graph's loss on that batch), plus class probabilities and predictions for each loss.
 *
 * <p>Conventions, per {@link LossFunction}:
 * <ul>
 *   <li>{@code SOFTMAX_CROSS_ENTROPY}: loss {@code sum_j t_j * (logsumexp(x) - x_j)} (PyTorch
 *       {@code CrossEntropyLoss} with probability targets); probabilities are {@code softmax(x)}.</li>
 *   <li>{@code BINARY_CROSS_ENTROPY}: loss {@code mean_j max(x_j, 0) - x_j t_j + log(1 + exp(-|x_j|))} (PyTorch
 *       {@code BCEWithLogitsLoss}); probabilities are {@code sigmoid(x_j)} per output, each on its own (they need
 *       not sum to 1).</li>
 *   <li>{@code MSE}: loss {@code mean_j (x_j - t_j)^2} (PyTorch {@code MSELoss}); probabilities are the raw
 *       outputs. Squared error against one-hot targets is minimized by the class probabilities themselves, so
 *       the outputs are the model's estimates of them; they are not clipped to {@code [0, 1]}, because clipping
 *       would turn two outputs above 1 into a tie and change the arg-max.</li>
 * </ul>
 * In every case the probabilities rise with the outputs, so their arg-max is the outputs' arg-max, the predicted
 * class ({@link #predict} takes it from the outputs, which float rounding of near-equal probabilities cannot tie).
 *
 * <p>One output ({@code classes == 1}, BCE or MSE) is a binary classifier of labels 0 and 1: the output is the
 * logit (BCE) or estimate (MSE) of the probability {@code p} of class 1, {@link #probabilities} returns the two
 * class probabilities {@code {1 - p, p}} (so an arg-max over them still predicts the class), and
 * {@link #predict} returns 1 when {@code p > 1/2}.
 */
public final class Losses {
    private Losses() {}

    /**
     * One sample's loss against soft or hard targets.
     *
     * @param outputs      the model's outputs (logits), {@code classes} of them from {@code offset}
     * @param target       the sample's targets (see {@link Targets}), {@code classes} of them from {@code targetOffset}
     */
    public static double loss(
            LossFunction f, float[] outputs, int offset, int classes, float[] target, int targetOffset) {
        Objects.requireNonNull(f, "loss function");
        switch (f) {
            case SOFTMAX_CROSS_ENTROPY -> {
                double lse = logSumExp(outputs, offset, classes);
                double sum = 0;
                for (int j = 0; j < classes; j++) {
                    double t = target[targetOffset + j];
                    if (t != 0) {
                        sum += t * (lse - outputs[offset + j]);
                    }
                }
                return sum;
            }
            case BINARY_CROSS_ENTROPY -> {
                double sum = 0;
                for (int j = 0; j < classes; j++) {
                    sum += bceWithLogits(outputs[offset + j], target[targetOffset + j]);
                }
                return sum / classes;
            }
            case MSE, MAE, HUBER -> {
                double sum = 0;
                for (int j = 0; j < classes; j++) {
                    sum += elementLoss(f, (double) outputs[offset + j] - target[targetOffset + j]);
                }
                return sum / classes;
            }
            default -> throw new IllegalArgumentException("unsupported loss " + f);
        }
    }

    /**
     * One output's loss for the error {@code d = output - target}: {@code d²} (MSE), {@code |d|} (MAE), or Huber's
     * {@code d²/2} below 1 and {@code |d| - 1/2} from 1 on (PyTorch's {@code HuberLoss(delta=1)}, libnd4j's
     * {@code huber_loss}).
     */
    static double elementLoss(LossFunction f, double d) {
        return switch (f) {
            case MSE -> d * d;
            case MAE -> Math.abs(d);
            case HUBER -> Math.abs(d) < 1 ? 0.5 * d * d : Math.abs(d) - 0.5;
            default -> throw new IllegalArgumentException("not an element-wise loss: " + f);
        };
    }

    /** The derivative of {@link #elementLoss} in {@code d}; 0 at {@code d = 0} for MAE, as PyTorch's {@code sign}. */
    static double elementGradient(LossFunction f, double d) {
        return switch (f) {
            case MSE -> 2 * d;
            case MAE -> Math.signum(d);
            case HUBER -> Math.abs(d) < 1 ? d : Math.signum(d);
            default -> throw new IllegalArgumentException("not an element-wise loss: " + f);
        };
    }

    /**
     * The gradient of the batch's mean loss ({@link #loss} averaged over the {@code n} samples) with respect to the
     * logits: softmax cross-entropy {@code (softmax(z) Σt - t) / n}, binary cross-entropy with logits
     * {@code (σ(z) - t) / (n k)}, MSE {@code 2 (z - t) / (n k)}, MAE {@code sign(z - t) / (n k)}, Huber
     * {@code clip(z - t, -1, 1) / (n k)}. LossesTest checks each against finite differences.
     */
    public static float[] logitsGradient(LossFunction f, float[] logits, float[] target, int n, int classes) {
        float[] g = new float[n * classes];
        switch (f) {
            case SOFTMAX_CROSS_ENTROPY -> {
                for (int i = 0; i < n; i++) {
                    int off = i * classes;
                    double lse = logSumExp(logits, off, classes);
                    double sumT = 0;
                    for (int j = 0; j < classes; j++) {
                        sumT += target[off + j];
                    }
                    for (int j = 0; j < classes; j++) {
                        g[off + j] = (float) ((Math.exp(logits[off + j] - lse) * sumT - target[off + j]) / n);
                    }
                }
            }
            case BINARY_CROSS_ENTROPY -> {
                double scale = 1.0 / ((double) n * classes);
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) ((sigmoid(logits[i]) - target[i]) * scale);
                }
            }
            case MSE, MAE, HUBER -> {
                double scale = 1.0 / ((double) n * classes);
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) (elementGradient(f, (double) logits[i] - target[i]) * scale);
                }
            }
            default -> throw new IllegalArgumentException("unsupported loss " + f);
        }
        return g;
    }

    /**
     * The mean of {@link #loss} over the {@code n} samples, with {@link #logitsGradient} written into {@code gradient}
     * ({@code n * classes} values): for softmax cross-entropy in one pass that takes each exponential once (a third
     * of the separate calls' exponentials; 26 µs for a batch of 64 × 10 before, docs/performance.md).
     */
    public static double meanLossAndGradient(
            LossFunction f, float[] logits, float[] target, int n, int classes, float[] gradient) {
        if (f != LossFunction.SOFTMAX_CROSS_ENTROPY) {
            double loss = 0;
            for (int i = 0; i < n; i++) {
                loss += loss(f, logits, i * classes, classes, target, i * classes);
            }
            System.arraycopy(logitsGradient(f, logits, target, n, classes), 0, gradient, 0, n * classes);
            return loss / n;
        }
        double[] e = new double[classes];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            int off = i * classes;
            double max = max(logits, off, classes);
            double sum = shiftedExps(logits, off, classes, max, e);
            double lse = Math.log(sum) + max;
            double sumT = 0;
            for (int j = 0; j < classes; j++) {
                double t = target[off + j];
                sumT += t;
                if (t != 0) {
                    loss += t * (lse - logits[off + j]);
                }
            }
            for (int j = 0; j < classes; j++) {
                gradient[off + j] = (float) ((e[j] / sum * sumT - target[off + j]) / n);
            }
        }
        return loss / n;
    }

    /**
     * {@link #probabilities} of each of the {@code n} samples of {@code logits} into {@code out[first + i]}, and when
     * {@code target} is not null their {@link #loss}es added one by one to {@code sum} (returned): the same values, in
     * one loop over the batch. Evaluation calls this for 10,000 samples in a row, so the loop is compiled on the stack
     * within its first call instead of after thousands of calls per sample, and softmax cross-entropy takes each
     * exponential once for both (docs/performance.md, "The MLP's step outside the plan").
     */
    public static double probabilitiesAndLosses(
            LossFunction f, float[] logits, int n, int classes, float[] target, float[][] out, int first, double sum) {
        if (f != LossFunction.SOFTMAX_CROSS_ENTROPY) {
            for (int i = 0; i < n; i++) {
                if (target != null) {
                    sum += loss(f, logits, i * classes, classes, target, i * classes);
                }
                out[first + i] = probabilities(f, logits, i * classes, classes);
            }
            return sum;
        }
        double[] e = new double[classes];
        for (int i = 0; i < n; i++) {
            int off = i * classes;
            double max = max(logits, off, classes);
            double total = shiftedExps(logits, off, classes, max, e);
            float[] p = new float[classes];
            for (int j = 0; j < classes; j++) {
                p[j] = (float) (e[j] / total);
            }
            out[first + i] = p;
            if (target != null) {
                double lse = Math.log(total) + max;
                double loss = 0;
                for (int j = 0; j < classes; j++) {
                    double t = target[off + j];
                    if (t != 0) {
                        loss += t * (lse - logits[off + j]);
                    }
                }
                sum += loss;
            }
        }
        return sum;
    }

    /** One sample's loss against its unsmoothed target (one-hot, or with one output the label 0/1 itself). */
    public static double loss(LossFunction f, float[] outputs, int offset, int classes, int label) {
        Objects.requireNonNull(f, "loss function");
        int labelClasses = labelClasses(f, classes);
        if (label < 0 || label >= labelClasses) {
            throw new IllegalArgumentException("label " + label + " is outside [0, " + labelClasses + ")");
        }
        if (f == LossFunction.SOFTMAX_CROSS_ENTROPY) {
            return logSumExp(outputs, offset, classes) - outputs[offset + label];
        }
        if (classes == 1) {
            return loss(f, outputs, offset, 1, new float[] {label}, 0);
        }
        float[] t = new float[classes];
        t[label] = 1f;
        return loss(f, outputs, offset, classes, t, 0);
    }

    /**
     * Class probabilities of one sample (see the class comment for each loss).
     *
     * @return {@code classes} values, or two ({@code {1 - p, p}}) for a one-output model
     */
    public static float[] probabilities(LossFunction f, float[] outputs, int offset, int classes) {
        Objects.requireNonNull(f, "loss function");
        switch (f) {
            case SOFTMAX_CROSS_ENTROPY -> {
                return softmax(outputs, offset, classes);
            }
            case BINARY_CROSS_ENTROPY -> {
                if (classes == 1) {
                    double x = outputs[offset];
                    // both from exp(-|x|), so neither underflows to exactly 0 or 1 before it must
                    double e = Math.exp(-Math.abs(x));
                    double big = 1 / (1 + e);
                    double small = e / (1 + e);
                    return x >= 0 ? new float[] {(float) small, (float) big} : new float[] {(float) big, (float) small};
                }
                float[] p = new float[classes];
                for (int j = 0; j < classes; j++) {
                    p[j] = (float) sigmoid(outputs[offset + j]);
                }
                return p;
            }
            case MSE -> {
                if (classes == 1) {
                    float x = outputs[offset];
                    return new float[] {(float) (1.0 - x), x};
                }
                float[] p = new float[classes];
                System.arraycopy(outputs, offset, p, 0, classes);
                return p;
            }
            default -> throw new IllegalArgumentException("unsupported loss " + f);
        }
    }

    /**
     * The predicted class of one sample: the arg-max of its outputs (first on ties), or for a one-output model
     * 1 when the output is above 0 (BCE logit) or above 1/2 (MSE estimate), else 0.
     */
    public static int predict(LossFunction f, float[] outputs, int offset, int classes) {
        Objects.requireNonNull(f, "loss function");
        if (classes == 1 && f != LossFunction.SOFTMAX_CROSS_ENTROPY) {
            double threshold = f == LossFunction.BINARY_CROSS_ENTROPY ? 0 : 0.5;
            return outputs[offset] > threshold ? 1 : 0;
        }
        int best = 0;
        for (int j = 1; j < classes; j++) {
            if (outputs[offset + j] > outputs[offset + best]) {
                best = j;
            }
        }
        return best;
    }

    /**
     * How many distinct labels a model with {@code outputs} outputs trained with {@code f} takes: {@code outputs},
     * except 2 for a one-output BCE or MSE model (labels 0 and 1). Use it for dataset checks and
     * {@link DisturbLabel}.
     */
    public static int labelClasses(LossFunction f, int outputs) {
        Objects.requireNonNull(f, "loss function");
        return outputs == 1 && f != LossFunction.SOFTMAX_CROSS_ENTROPY ? 2 : outputs;
    }

    /** {@code max(x, 0) - x t + log(1 + exp(-|x|))}: BCE of {@code sigmoid(x)} against {@code t}, stable for any x. */
    static double bceWithLogits(double x, double t) {
        return Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /** {@code e[j] = exp(x[off + j] - max)} ({@code max} the row's largest value); returns their sum. */
    private static double shiftedExps(float[] x, int off, int k, double max, double[] e) {
        double sum = 0;
        for (int j = 0; j < k; j++) {
            e[j] = Math.exp(x[off + j] - max);
            sum += e[j];
        }
        return sum;
    }

    private static double max(float[] x, int off, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, x[off + j]);
        }
        return max;
    }

    static double logSumExp(float[] x, int off, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, x[off + j]);
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            sum += Math.exp(x[off + j] - max);
        }
        return Math.log(sum) + max;
    }

    static float[] softmax(float[] x, int off, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, x[off + j]);
        }
        double[] e = new double[k];
        double sum = 0;
        for (int j = 0; j < k; j++) {
            e[j] = Math.exp(x[off + j] - max);
            sum += e[j];
        }
        float[] p = new float[k];
        for (int j = 0; j < k; j++) {
            p[j] = (float) (e[j] / sum);
        }
        return p;
    }
}
