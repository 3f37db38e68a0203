package io.netforge.processor.model;

import java.util.Locale;

/**
 * What training a model takes in memory, from what the processor knows: its parameters (weights, their gradients and
 * the optimizer's state per parameter) and the activations of one batch (each value written by the forward pass and
 * its gradient). A lower bound of the planned engine's arrays, which share activation memory by liveness; the JVM
 * and ND4J's libraries come on top. docs/annotations.md, "Memory budget".
 *
 * @param parameterBytes weights, gradients and optimizer state
 * @param activationBytes the forward values of one batch and their gradients
 */
public record MemoryEstimate(long parameterBytes, long activationBytes, int batchSize) {
    /** The default budget: 8 GiB, a developer machine's memory for one training process. */
    public static final long DEFAULT_BUDGET = 8L << 30;

    public static MemoryEstimate of(ModelSpec model, ModelSummary summary) {
        long parameters = 0;
        for (ModelSummary.Row row : summary.rows()) {
            parameters += row.parameters();
        }
        int batch = model.train().batchSize();
        return new MemoryEstimate(
                times(parameters, 4L * (2 + optimizerCopies(model.optimizer()))),
                times(summary.activationValues(), 4L * 2 * batch),
                batch);
    }

    /** {@code a × b}, or {@code Long.MAX_VALUE} where that overflows (an absurd model still gets a warning, not a wrap). */
    private static long times(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high == 0 && low >= 0 ? low : Long.MAX_VALUE;
    }

    /** Arrays of the optimizer's state per parameter (torch.optim's). */
    static int optimizerCopies(OptimizerSpec optimizer) {
        if (optimizer instanceof AdamSpec || optimizer instanceof AdamWSpec) {
            return 2;
        }
        if (optimizer instanceof SgdSpec s) {
            return s.momentum() > 0 ? 1 : 0;
        }
        if (optimizer instanceof RmsPropSpec r) {
            return 1 + (r.momentum() > 0 ? 1 : 0) + (r.centered() ? 1 : 0);
        }
        return 1; // AdaGrad's sum of squares
    }

    public long total() {
        long t = parameterBytes + activationBytes;
        return t < 0 ? Long.MAX_VALUE : t;
    }

    /** {@code 1.5 GiB}, {@code 340.2 MiB}. */
    public static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }

    /**
     * Parses {@code -Anetforge.memoryBudget}: a byte count, or a number with {@code k}, {@code m}, {@code g} or
     * {@code t} (binary units, as the JVM's {@code -Xmx}).
     *
     * @throws IllegalArgumentException for anything else, or a budget of 0 or less
     */
    public static long parseBudget(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (!t.isEmpty() && "kmgt".indexOf(t.charAt(t.length() - 1)) >= 0) {
            unit = 1L << (10 * ("kmgt".indexOf(t.charAt(t.length() - 1)) + 1));
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t);
            if (v <= 0 || v > Long.MAX_VALUE / unit) {
                throw new IllegalArgumentException(text);
            }
            return v * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
