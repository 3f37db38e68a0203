package io.netforge.train.state;

/**
 * Training produced a loss or gradient that is NaN or infinite. Training stops at once; the weights are
 * left as they were before the step (the bad update is not applied), and a non-finite epoch never becomes
 * the early-stopping "best".
 */
public final class NonFiniteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int step;
    private final String quantity;

    /**
     * @param epoch 1-based epoch
     * @param step 1-based step within the epoch
     * @param quantity what was not finite, e.g. {@code loss} or {@code gradient of fc1/W}
     */
    public NonFiniteException(String model, int epoch, int step, String quantity, double value) {
        super(String.format(
                java.util.Locale.ROOT,
                "%s: the %s is %s at epoch %d, step %d; training stopped before applying it. Common causes: a learning"
                        + " rate too high, inputs not standardized, NaN or infinite values in the data",
                model,
                quantity,
                value,
                epoch,
                step));
        this.epoch = epoch;
        this.step = step;
        this.quantity = quantity;
    }

    public int epoch() {
        return epoch;
    }

    public int step() {
        return step;
    }

    /** What was not finite: {@code loss} or {@code gradient of <param>}. */
    public String quantity() {
        return quantity;
    }
}
