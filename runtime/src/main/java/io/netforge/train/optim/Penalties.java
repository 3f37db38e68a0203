package io.netforge.train.optim;

import io.netforge.graph.Penalty;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Applies a layer's L1/L2 penalty to a weight's gradient and returns the penalty's share of the loss. */
public final class Penalties {
    private Penalties() {}

    /**
     * Adds {@code l1 * sign(w) + l2 * w} to {@code grad} in place.
     *
     * @return {@code l1 * sum|w| + l2 / 2 * sum w^2}
     */
    public static double apply(Penalty p, INDArray w, INDArray grad) {
        if (p.isNone()) {
            return 0;
        }
        double loss = 0;
        if (p.l1() != 0) {
            loss += p.l1() * w.norm1Number().doubleValue();
            try (INDArray sign = Transforms.sign(w, true)) {
                grad.addi(sign.muli(p.l1()));
            }
        }
        if (p.l2() != 0) {
            double norm = w.norm2Number().doubleValue();
            loss += p.l2() / 2 * norm * norm;
            try (INDArray scaled = w.mul(p.l2())) {
                grad.addi(scaled);
            }
        }
        return loss;
    }
}
