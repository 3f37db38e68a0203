package io.netforge.train.optim;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Gradient clipping applied before the optimizer step ({@code io.netforge.train.GradientClipping} is one). */
public interface Clipping {
    /** Whether it changes anything at all. */
    boolean active();

    /** Clips {@code gradients} in place; returns their total L2 norm before clipping. */
    double clip(List<INDArray> gradients);
}
