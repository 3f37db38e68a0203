package io.netforge.train.optim;

import io.netforge.util.HostLoops;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The state and step of {@link Optimizer.Adam} and {@link Optimizer.AdamW}, as {@code torch.optim.Adam}/{@code AdamW}:
 * {@code w *= 1 - lr * decoupledDecay}; {@code g += coupledDecay * w}; {@code m = b1 m + (1-b1) g};
 * {@code v = b2 v + (1-b2) g²}; {@code w -= lr / (1-b1^t) * m / (sqrt(v) / sqrt(1-b2^t) + eps)}.
 */
public final class AdamUpdater implements io.netforge.train.optim.Updater {
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
    public AdamUpdater(
            long[] shape, double beta1, double beta2, double eps, double coupledDecay, double decoupledDecay) {
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
     * On the CPU backend a Java loop over the arrays' host memory ({@link HostLoops}), in PyTorch's form: 2-3x
     * faster than libnd4j's fused {@code adam_updater}, which was the largest native cost of a small model's step
     * (docs/performance.md, "Kernels, and why each"). Elsewhere the fused op: libnd4j computes
     * {@code lr * sqrt(1-b2^t) / (1-b1^t) * m / (sqrt(v) + eps')}; with {@code eps' = eps * sqrt(1-b2^t)} that
     * is PyTorch's step exactly (multiply PyTorch's denominator by {@code sqrt(1-b2^t)}).
     */
    @Override
    public void update(INDArray w, INDArray g, double lr) {
        t++;
        if (HostLoops.onHost(w, g, m, v)) {
            hostUpdate(w, g, lr);
            return;
        }
        if (decoupledDecay != 0) {
            w.muli(1 - lr * decoupledDecay);
        }
        if (coupledDecay != 0) {
            try (INDArray decay = w.mul(coupledDecay)) {
                g.addi(decay);
            }
        }
        double bc2 = 1 - Math.pow(beta2, (double) t);
        // in place: g becomes the step, v and m the new moments
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater(
                g, v, m, lr, beta1, beta2, eps * Math.sqrt(bc2), Math.toIntExact(t - 1)));
        w.subi(g);
    }

    /** {@code torch.optim.Adam}'s single-tensor step, chunk by chunk in float arithmetic (chunks in parallel). */
    private void hostUpdate(INDArray w, INDArray g, double lr) {
        FloatBuffer wb = HostLoops.view(w);
        FloatBuffer gb = HostLoops.view(g);
        FloatBuffer mb = HostLoops.view(m);
        FloatBuffer vb = HostLoops.view(v);
        float keep = (float) (1 - lr * decoupledDecay);
        float decay = (float) coupledDecay;
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        float stepSize = (float) (lr / (1 - Math.pow(beta1, (double) t)));
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, (double) t));
        float e = (float) eps;
        HostLoops.forEachChunk(w.length(), (from, len, scratch) -> {
            float[] ws = scratch[0];
            float[] gs = scratch[1];
            float[] ms = scratch[2];
            float[] vs = scratch[3];
            wb.get(from, ws, 0, len);
            gb.get(from, gs, 0, len);
            mb.get(from, ms, 0, len);
            vb.get(from, vs, 0, len);
            for (int i = 0; i < len; i++) {
                float wi = ws[i] * keep;
                float gi = gs[i] + decay * wi;
                float mi = b1 * ms[i] + c1 * gi;
                float vi = b2 * vs[i] + c2 * gi * gi;
                ms[i] = mi;
                vs[i] = vi;
                ws[i] = wi - stepSize * mi / ((float) Math.sqrt(vi) / bc2Sqrt + e);
            }
            wb.put(from, ws, 0, len);
            mb.put(from, ms, 0, len);
            vb.put(from, vs, 0, len);
        });
    }
}
