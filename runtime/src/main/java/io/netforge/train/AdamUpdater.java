package io.netforge.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The state and step of {@link Optimizer.Adam} and {@link Optimizer.AdamW}, as {@code torch.optim.Adam}/{@code AdamW}:
 * {@code w *= 1 - lr * decoupledDecay}; {@code g += coupledDecay * w}; {@code m = b1 m + (1-b1) g};
 * {@code v = b2 v + (1-b2) g²}; {@code w -= lr / (1-b1^t) * m / (sqrt(v) / sqrt(1-b2^t) + eps)}.
 */
final class AdamUpdater implements Optimizer.Updater {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double coupledDecay;
    private final double decoupledDecay;
    private final INDArray m;
    private final INDArray v;
    private long t;

    /**
     * @param coupledDecay Adam's weight decay, added to the gradient (0 for none)
     * @param decoupledDecay AdamW's weight decay, applied to the weights before the step (0 for none)
     */
    AdamUpdater(long[] shape, double beta1, double beta2, double eps, double coupledDecay, double decoupledDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.coupledDecay = coupledDecay;
        this.decoupledDecay = decoupledDecay;
        this.m = Nd4j.zeros(DataType.FLOAT, shape);
        this.v = Nd4j.zeros(DataType.FLOAT, shape);
    }

    @Override
    public java.util.Map<String, INDArray> buffers() {
        java.util.Map<String, INDArray> s = new java.util.LinkedHashMap<>();
        s.put("exp_avg", m);
        s.put("exp_avg_sq", v);
        return s;
    }

    @Override
    public long steps() {
        return t;
    }

    @Override
    public void steps(long n) {
        t = n;
    }

    /**
     * One fused native op ({@code adam_updater}) instead of the ten element-wise ops the formula takes, which
     * cost small models most of their optimizer time (docs/performance.md). libnd4j computes
     * {@code lr * sqrt(1-b2^t) / (1-b1^t) * m / (sqrt(v) + eps')}; with {@code eps' = eps * sqrt(1-b2^t)} that
     * is PyTorch's step exactly (multiply PyTorch's denominator by {@code sqrt(1-b2^t)}).
     */
    @Override
    public void update(INDArray w, INDArray g, double lr) {
        t++;
        if (decoupledDecay != 0) {
            w.muli(1 - lr * decoupledDecay);
        }
        if (coupledDecay != 0) {
            try (INDArray decay = w.mul(coupledDecay)) {
                g.addi(decay);
            }
        }
        double bc2 = 1 - Math.pow(beta2, t);
        // in place: g becomes the step, v and m the new moments
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater(g, v, m, lr, beta1, beta2, eps * Math.sqrt(bc2),
                Math.toIntExact(t - 1)));
        w.subi(g);
    }
}
