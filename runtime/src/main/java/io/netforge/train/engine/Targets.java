package io.netforge.train.engine;

/**
 * Training targets for the graph's {@code labels} placeholder, {@code [N, outputs]} row-major, built from class
 * labels in plain Java. Label smoothing lives here rather than in the graph, so it can change between steps
 * without rebuilding anything.
 *
 * <p>With {@code outputs >= 2} the target of label {@code y} is the one-hot row smoothed towards the uniform
 * distribution, {@code t_j = [j == y] * (1 - a) + a / outputs}: exactly the target of PyTorch's
 * {@code CrossEntropyLoss(label_smoothing=a)}, and the one-hot targets of {@code BCEWithLogitsLoss}/{@code MSELoss}
 * smoothed the same way.
 *
 * <p>With one output (a binary classifier trained with BCE or MSE) the label itself, 0 or 1, is the target, and
 * smoothing gives {@code y * (1 - a) + a / 2}: the single output stands for the probability of class 1 out of
 * two classes, so it is smoothed as a two-class one-hot row would be (0 becomes {@code a/2}, 1 becomes
 * {@code 1 - a/2}; TensorFlow's {@code sigmoid_cross_entropy(label_smoothing=a)} does the same).
 */
public final class Targets {
    private Targets() {}

    /** Unsmoothed targets: one-hot rows, or with one output the labels 0/1 themselves. */
    public static float[] oneHot(int[] labels, int outputs) {
        return smoothed(labels, outputs, 0);
    }

    /**
     * Targets for all of {@code labels}.
     *
     * @param outputs   the model's output count (its {@code classes}); 1 for a one-output binary classifier
     * @param smoothing {@code a} in {@code [0, 1]}; 0 gives one-hot targets
     * @return {@code labels.length * outputs} values, row-major
     * @throws IllegalArgumentException for a label outside {@code [0, outputs)} ({@code {0, 1}} with one output)
     */
    public static float[] smoothed(int[] labels, int outputs, double smoothing) {
        return smoothed(labels, labels.length, outputs, smoothing);
    }

    /** Targets for the first {@code n} of {@code labels}. */
    public static float[] smoothed(int[] labels, int n, int outputs, double smoothing) {
        checkSmoothing(smoothing);
        if (outputs < 1) {
            throw new IllegalArgumentException(
                    "Invalid value for `outputs`. Expected a positive integer. Received: outputs=" + outputs);
        }
        if (n < 0 || n > labels.length) {
            throw new IllegalArgumentException("n=" + n + " but there are " + labels.length + " labels");
        }
        float[] t = new float[Math.multiplyExact(n, outputs)];
        if (outputs == 1) {
            float off = (float) (smoothing / 2);
            float on = (float) (1 - smoothing / 2);
            for (int i = 0; i < n; i++) {
                checkLabel(labels[i], 2, i);
                t[i] = labels[i] == 1 ? on : off;
            }
            return t;
        }
        float off = (float) (smoothing / outputs);
        float on = (float) (1 - smoothing + smoothing / outputs);
        if (off != 0) {
            java.util.Arrays.fill(t, off);
        }
        for (int i = 0; i < n; i++) {
            checkLabel(labels[i], outputs, i);
            t[i * outputs + labels[i]] = on;
        }
        return t;
    }

    /**
     * A per-step model's targets: one row per label of {@code labels} (the batch's steps, sample by sample), the
     * smoothed one-hot row of each label scaled by {@code rows / counted}, and a zero row for a label -1 (a step with
     * no target). The graph's mean over all rows of {@code Σ_j t_j (logsumexp(x) - x_j)} is then the mean over the
     * {@code counted} steps that have a target, as PyTorch's {@code CrossEntropyLoss(ignore_index=-1)}, and its
     * gradient is that mean's; no mask reaches the graph.
     */
    public static float[] perStep(int[] labels, int outputs, double smoothing) {
        int counted = counted(labels);
        int[] real = labels.clone();
        for (int i = 0; i < real.length; i++) {
            if (real[i] < -1) {
                throw new IllegalArgumentException(
                        "label " + real[i] + " at index " + i + " is outside [0, " + outputs + ") and not -1");
            }
            real[i] = Math.max(real[i], 0);
        }
        float[] t = smoothed(real, outputs, smoothing);
        float scale = counted == 0 ? 0f : (float) labels.length / counted;
        for (int i = 0; i < labels.length; i++) {
            int off = i * outputs;
            for (int j = 0; j < outputs; j++) {
                t[off + j] = labels[i] < 0 ? 0f : t[off + j] * scale;
            }
        }
        return t;
    }

    /** How many of {@code labels} are targets (not -1). */
    public static int counted(int[] labels) {
        int counted = 0;
        for (int label : labels) {
            if (label >= 0) {
                counted++;
            }
        }
        return counted;
    }

    static void checkSmoothing(double smoothing) {
        if (!(smoothing >= 0 && smoothing <= 1)) {
            throw new IllegalArgumentException(
                    "Invalid value for `smoothing`. Expected a number in [0, 1]. Received: smoothing=" + smoothing);
        }
    }

    private static void checkLabel(int label, int classes, int index) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("label " + label + " at index " + index + " is outside [0, " + classes
                    + ")" + (classes == 2 ? " (a one-output binary model takes labels 0 and 1)" : ""));
        }
    }
}
