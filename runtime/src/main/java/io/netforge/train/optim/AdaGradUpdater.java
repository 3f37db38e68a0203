package io.netforge.train.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** One parameter's Adagrad state and update ({@link Optimizer.AdaGrad} has the rule). */
public final class AdaGradUpdater implements io.netforge.train.optim.Updater {
    private final double lrDecay;
    private final double eps;
    private final double wd;
    private final INDArray sum;
    private long t;

    public AdaGradUpdater(long[] shape, double lrDecay, double initialAccumulator, double eps, double wd) {
        this.lrDecay = lrDecay;
        this.eps = eps;
        this.wd = wd;
        this.sum = Nd4j.zeros(DataType.FLOAT, shape);
        if (initialAccumulator != 0) {
            sum.addi(initialAccumulator);
        }
    }

    @Override
    public java.util.Map<String, INDArray> buffers() {
        return java.util.Map.of("sum", sum);
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
        if (wd != 0) {
            try (INDArray d = w.mul(wd)) {
                g.addi(d);
            }
        }
        double clr = lr / (1 + (t - 1) * lrDecay);
        try (INDArray g2 = g.mul(g)) {
            sum.addi(g2);
        }
        try (INDArray std = Transforms.sqrt(sum, true).addi(eps)) {
            w.subi(g.divi(std).muli(clr));
        }
    }
}
