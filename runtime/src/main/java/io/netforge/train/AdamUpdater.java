package io.netforge.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

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
        try (INDArray g1 = g.mul(1 - beta1)) {
            m.muli(beta1).addi(g1);
        }
        v.muli(beta2).addi(g.muli(g).muli(1 - beta2));
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        try (INDArray denom = Transforms.sqrt(v, true).divi(Math.sqrt(bc2)).addi(eps);
             INDArray delta = m.div(denom)) {
            w.subi(delta.muli(lr / bc1));
        }
    }
}
