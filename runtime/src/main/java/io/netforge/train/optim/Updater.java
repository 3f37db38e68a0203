package io.netforge.train.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Updates one parameter in place from its gradient. */
public interface Updater {
    /**
     * Applies one step.
     *
     * @param param the parameter, changed in place
     * @param grad its gradient; may be overwritten
     * @param learningRate this step's learning rate (the base rate, or a schedule's value for the step), >= 0
     */
    void update(INDArray param, INDArray grad, double learningRate);

    /**
     * The optimizer's per-parameter buffers, live (a checkpoint reads them; restoring assigns into them), named
     * as in PyTorch's optimizer state: {@code exp_avg}, {@code exp_avg_sq}, {@code momentum_buffer}, {@code sum},
     * {@code square_avg}, {@code grad_avg}.
     */
    default java.util.Map<String, INDArray> buffers() {
        return java.util.Map.of();
    }

    /** Updates applied so far (PyTorch's state {@code step}). */
    long steps();

    /** Continues from {@code steps} updates, with {@link #buffers()} restored separately. */
    void steps(long steps);
}
