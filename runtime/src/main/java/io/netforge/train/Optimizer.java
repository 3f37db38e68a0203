package io.netforge.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Optimizers with PyTorch's update rules; each parameter gets its own {@link Updater} with its state. */
public sealed interface Optimizer permits Optimizer.Sgd, Optimizer.Adam {

    double learningRate();

    /** Same optimizer with another learning rate. */
    Optimizer withLearningRate(double learningRate);

    /** Fresh state for one parameter of the given shape. */
    Updater newUpdater(long[] shape);

    /** Updates one parameter in place from its gradient. */
    interface Updater {
        /**
         * @param param the parameter, changed in place
         * @param grad its gradient; may be overwritten
         */
        void update(INDArray param, INDArray grad);
    }

    static Sgd sgd(double learningRate) {
        return new Sgd(learningRate, 0, false, 0);
    }

    static Adam adam(double learningRate) {
        return new Adam(learningRate, 0.9, 0.999, 1e-8, 0);
    }

    /**
     * SGD as {@code torch.optim.SGD} (dampening 0): {@code g += wd * w}; {@code buf = momentum * buf + g}
     * (first step {@code buf = g}); step {@code = nesterov ? g + momentum * buf : buf}; {@code w -= lr * step}.
     */
    record Sgd(double learningRate, double momentum, boolean nesterov, double weightDecay) implements Optimizer {
        public Sgd {
            Checks.positive("learningRate", learningRate);
            Checks.inRange("momentum", momentum, 0, 1);
            Checks.nonNegative("weightDecay", weightDecay);
            if (nesterov && momentum == 0) {
                throw new IllegalArgumentException("Nesterov momentum requires momentum > 0. Received: momentum=0");
            }
        }

        @Override
        public Optimizer withLearningRate(double lr) {
            return new Sgd(lr, momentum, nesterov, weightDecay);
        }

        @Override
        public Updater newUpdater(long[] shape) {
            return new Updater() {
                private INDArray buf;

                @Override
                public void update(INDArray w, INDArray g) {
                    if (weightDecay != 0) {
                        try (INDArray decay = w.mul(weightDecay)) {
                            g.addi(decay);
                        }
                    }
                    INDArray step = g;
                    if (momentum != 0) {
                        if (buf == null) {
                            buf = g.dup();
                        } else {
                            buf.muli(momentum).addi(g);
                        }
                        if (nesterov) {
                            try (INDArray ahead = buf.mul(momentum)) {
                                step = g.addi(ahead);
                            }
                        } else {
                            step = buf;
                        }
                    }
                    try (INDArray delta = step.mul(learningRate)) {
                        w.subi(delta);
                    }
                }
            };
        }
    }

    /**
     * Adam as {@code torch.optim.Adam}: {@code g += wd * w}; {@code m = b1 m + (1-b1) g};
     * {@code v = b2 v + (1-b2) g²}; {@code w -= lr / (1-b1^t) * m / (sqrt(v) / sqrt(1-b2^t) + eps)}.
     */
    record Adam(double learningRate, double beta1, double beta2, double eps, double weightDecay) implements Optimizer {
        public Adam {
            Checks.positive("learningRate", learningRate);
            Checks.inRange("beta1", beta1, 0, 1);
            Checks.inRange("beta2", beta2, 0, 1);
            Checks.positive("eps", eps);
            Checks.nonNegative("weightDecay", weightDecay);
        }

        @Override
        public Optimizer withLearningRate(double lr) {
            return new Adam(lr, beta1, beta2, eps, weightDecay);
        }

        @Override
        public Updater newUpdater(long[] shape) {
            return new Updater() {
                private final INDArray m = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, shape);
                private final INDArray v = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, shape);
                private int t;

                @Override
                public void update(INDArray w, INDArray g) {
                    t++;
                    if (weightDecay != 0) {
                        try (INDArray decay = w.mul(weightDecay)) {
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
                        w.subi(delta.muli(learningRate / bc1));
                    }
                }
            };
        }
    }
}
