package io.netforge.train.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** One parameter's RMSprop state and update ({@link Optimizer.RmsProp} has the rule). */
public final class RmsPropUpdater implements io.netforge.train.optim.Updater {
    private final double alpha;
    private final double eps;
    private final double momentum;
    private final double wd;
    private final INDArray sq;
    private final INDArray gavg;
    private final INDArray buf;
    private long steps;

    public RmsPropUpdater(long[] shape, double alpha, double eps, double momentum, boolean centered, double wd) {
        this.alpha = alpha;
        this.eps = eps;
        this.momentum = momentum;
        this.wd = wd;
        this.sq = Nd4j.zeros(DataType.FLOAT, shape);
        this.gavg = centered ? Nd4j.zeros(DataType.FLOAT, shape) : null;
        this.buf = momentum > 0 ? Nd4j.zeros(DataType.FLOAT, shape) : null;
    }

    @Override
    public java.util.Map<String, INDArray> buffers() {
        java.util.Map<String, INDArray> m = new java.util.LinkedHashMap<>();
        m.put("square_avg", sq);
        if (buf != null) {
            m.put("momentum_buffer", buf);
        }
        if (gavg != null) {
            m.put("grad_avg", gavg);
        }
        return m;
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public void steps(long n) {
        steps = n;
    }

    @Override
    public void update(INDArray w, INDArray g, double lr) {
        steps++;
        if (wd != 0) {
            try (INDArray d = w.mul(wd)) {
                g.addi(d);
            }
        }
        try (INDArray g2 = g.mul(g)) {
            sq.muli(alpha).addi(g2.muli(1 - alpha));
        }
        INDArray avg;
        if (gavg != null) {
            try (INDArray g1 = g.mul(1 - alpha)) {
                gavg.muli(alpha).addi(g1);
            }
            try (INDArray gavg2 = gavg.mul(gavg)) {
                avg = sq.sub(gavg2);
            }
            Transforms.sqrt(avg, false).addi(eps);
        } else {
            avg = Transforms.sqrt(sq, true).addi(eps);
        }
        try (avg) {
            g.divi(avg);
        }
        if (buf != null) {
            buf.muli(momentum).addi(g);
            try (INDArray delta = buf.mul(lr)) {
                w.subi(delta);
            }
        } else {
            w.subi(g.muli(lr));
        }
    }
}
