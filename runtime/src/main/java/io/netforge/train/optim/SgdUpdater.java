package io.netforge.train.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One parameter's SGD state and update ({@link Optimizer.Sgd} has the rule). */
public final class SgdUpdater implements io.netforge.train.optim.Updater {
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final double wd;
    private final INDArray buf;
    private long steps;

    public SgdUpdater(long[] shape, double momentum, double dampening, boolean nesterov, double wd) {
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
        this.wd = wd;
        this.buf = momentum != 0 ? Nd4j.zeros(DataType.FLOAT, shape) : null;
    }

    @Override
    public java.util.Map<String, INDArray> buffers() {
        return buf == null ? java.util.Map.of() : java.util.Map.of("momentum_buffer", buf);
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
        if (wd != 0) {
            try (INDArray d = w.mul(wd)) {
                g.addi(d);
            }
        }
        INDArray step = g;
        if (buf != null) {
            if (steps == 0) {
                buf.assign(g);
            } else if (dampening == 0) {
                buf.muli(momentum).addi(g);
            } else {
                try (INDArray damped = g.mul(1 - dampening)) {
                    buf.muli(momentum).addi(damped);
                }
            }
            if (nesterov) {
                try (INDArray ahead = buf.mul(momentum)) {
                    step = g.addi(ahead);
                }
            } else {
                step = buf;
            }
        }
        try (INDArray delta = step.mul(lr)) {
            w.subi(delta);
        }
        steps++;
    }
}
