package io.netforge.plan;

import static io.netforge.plan.Kernels.exec;

import io.netforge.graph.LayerOp;
import io.netforge.graph.NetGraph;
import io.netforge.plan.Buffers.Tensor;
import io.netforge.plan.Kernels.Context;
import io.netforge.plan.Kernels.GradIn;
import io.netforge.plan.Plan.Kernel;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.impl.scalar.LeakyReLU;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUBp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The element-wise kernels of a {@link Plan}: activations, BatchNorm (training and evaluation) and dropout; the
 * layers with weights and the shape-changing ops are in {@link Kernels}. Why each formula: docs/performance.md,
 * "The planned engine".
 */
final class ElementwiseKernels {
    private ElementwiseKernels() {}

    /**
     * ReLU (in place where {@link Context#inPlace} allows; backward from the saved output with relu_bp, in place on
     * the output's gradient), LeakyReLU (leakyrelu_bp from the input), sigmoid and tanh (from the output), softmax
     * over the features ({@code dx = y (dy - Σ dy y)}), GELU ({@code y = x Φ(x)}, {@code dx = dy (Φ(x) + x φ(x))} from
     * the input, libnd4j's erf and exp).
     */
    static final class Activation extends Kernel {
        private static final double SQRT_HALF = Math.sqrt(0.5);
        private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
        private final LayerOp.Activation op;
        private final Tensor x;
        private final Tensor y;
        private final Tensor gy;
        private final GradIn gx;
        private final Tensor rowSums;
        /** GELU's {@code x φ(x)} in the backward pass. */
        private final Tensor density;

        private Op forwardOp;
        private CustomOp forwardCustom;
        private CustomOp backwardCustom;
        /** GELU's backward: erf on the input gradient's buffer, exp on {@link #density}'s. */
        private Op backwardErf;

        private Op backwardExp;
        private INDArray xa;
        private INDArray ya;
        private INDArray gya;

        Activation(LayerOp.Activation op, int i, Context ctx, boolean inPlace) {
            this.op = op;
            int f = ctx.forwardStep(i);
            x = ctx.read(op.input(), f);
            y = ctx.output(op.output(), f);
            if (inPlace) {
                Buffers.alias(y, x);
            }
            if (ctx.training()
                    && ctx.plan().needsGradient(op.output())
                    && ctx.plan().needsGradient(op.input())) {
                int b = ctx.backwardStep(i);
                Buffers.use(readsInput(op) ? x : y, b);
                gy = ctx.plan().gradient(op.output());
                Buffers.use(gy, b);
                gx = new GradIn(ctx, op.input(), op.output(), b, false);
                if (op.kind() == LayerOp.Activation.Kind.RELU) {
                    gx.aliasTo(gy);
                }
                rowSums = op.kind() == LayerOp.Activation.Kind.SOFTMAX
                        ? ctx.buffers().dedicated("softmax row sums", y.shape[0])
                        : null;
                density = op.kind() == LayerOp.Activation.Kind.GELU
                        ? ctx.buffers().tensor("GELU x φ(x)", x.shape)
                        : null;
                if (density != null) {
                    Buffers.use(density, b);
                }
            } else {
                gy = null;
                gx = null;
                rowSums = null;
                density = null;
            }
        }

        /** Whether the gradient is computed from the input rather than the output. */
        private static boolean readsInput(LayerOp.Activation op) {
            return op.kind() == LayerOp.Activation.Kind.LEAKY_RELU || op.kind() == LayerOp.Activation.Kind.GELU;
        }

        @Override
        void bind() {
            xa = x.array();
            ya = y.array();
            switch (op.kind()) {
                case RELU -> forwardOp = new RectifiedLinear(xa, ya, 0.0);
                case LEAKY_RELU -> forwardOp = new LeakyReLU(xa, ya, op.alpha());
                case SIGMOID -> forwardOp = new Sigmoid(xa, ya);
                case TANH -> forwardOp = new Tanh(xa, ya);
                case SOFTMAX -> forwardCustom = new SoftMax(xa, ya, 1);
                case GELU -> forwardOp = new Erf(ya, ya); // on x/√2, written into y first (see forward)
            }
            if (gy != null) {
                gx.bind();
                gya = gy.array();
                if (op.kind() == LayerOp.Activation.Kind.RELU) {
                    backwardCustom = DynamicCustomOp.builder("relu_bp")
                            .addInputs(ya, gya)
                            .addOutputs(gx.target)
                            .addFloatingPointArguments(0.0)
                            .build();
                } else if (op.kind() == LayerOp.Activation.Kind.LEAKY_RELU) {
                    backwardCustom = new LeakyReLUBp(xa, gya, gx.target, op.alpha());
                } else if (op.kind() == LayerOp.Activation.Kind.GELU) {
                    backwardErf = new Erf(gx.target, gx.target);
                    INDArray d = density.array();
                    backwardExp = new Exp(d, d);
                }
            }
        }

        @Override
        void forward() {
            if (op.kind() == LayerOp.Activation.Kind.GELU) { // y = x (1 + erf(x/√2)) / 2
                ya.assign(xa).muli(SQRT_HALF);
                exec(forwardOp);
                ya.addi(1.0).muli(xa).muli(0.5);
            } else if (forwardOp != null) {
                exec(forwardOp);
            } else {
                exec(forwardCustom);
            }
        }

        @Override
        void backward() {
            if (gy == null) {
                return;
            }
            INDArray t = gx.target;
            switch (op.kind()) {
                case RELU -> {
                    if (!io.netforge.util.HostLoops.reluBackward(ya, gya, t)) {
                        exec(backwardCustom);
                    }
                }
                case LEAKY_RELU -> exec(backwardCustom);
                case SIGMOID -> t.assign(ya).rsubi(1.0).muli(ya).muli(gya);
                case TANH -> t.assign(ya).muli(ya).rsubi(1.0).muli(gya);
                case SOFTMAX -> {
                    INDArray s = rowSums.array();
                    t.assign(gya).muli(ya).sum(s, 1);
                    t.assign(gya).subiColumnVector(s).muli(ya);
                }
                case GELU -> { // dx = dy (Φ(x) + x φ(x)), Φ(x) = (1 + erf(x/√2)) / 2, φ(x) = exp(-x²/2) / √(2π)
                    INDArray d = density.array();
                    t.assign(xa).muli(SQRT_HALF);
                    exec(backwardErf);
                    t.addi(1.0).muli(0.5);
                    d.assign(xa).muli(xa).muli(-0.5);
                    exec(backwardExp);
                    d.muli(xa).muli(INV_SQRT_2PI);
                    t.addi(d).muli(gya);
                }
            }
            gx.commit();
        }
    }

    /**
     * Training BatchNorm, PyTorch's formulas: batch mean and biased variance per channel, {@code y = (x - mean) *
     * gamma / sqrt(var + eps) + beta}; backward {@code dβ = Σ dy}, {@code dγ = Σ dy (x - mean) / sqrt(var + eps)},
     * {@code dx = γ/σ (dy - dβ/M - (x - mean) Σ dy (x - mean) / (σ² M))}. Reductions and broadcasts along the
     * channel dimension only (no reduce3 ops; see the stress test).
     */
    static final class BatchNormTrain extends Kernel implements Plan.BatchStatistics {
        private final LayerOp.BatchNorm op;
        private final Context ctx;
        private final Tensor x;
        private final Tensor y;
        private final Tensor centered;
        private final Tensor gy;
        private final GradIn gx;
        private final Tensor product;
        private final Tensor[] small;
        private final INDArray dGamma;
        private final INDArray dBeta;
        private final int[] axes;
        INDArray mean;
        INDArray var;
        private INDArray invStd;
        private INDArray scale;
        private INDArray sumProduct;
        private INDArray coefA;
        private INDArray coefB;
        private INDArray xa;
        private INDArray ya;
        private INDArray ca;
        private INDArray gamma;
        private INDArray beta;
        private Op subMean;
        private CustomOp square;
        private Op mulScale;
        private Op addBeta;
        private INDArray ga;
        private INDArray t;
        private CustomOp gyTimesCentered;
        private Op centeredTimesCoefB;
        private Op minusCoefA;
        private Op timesScale;

        BatchNormTrain(LayerOp.BatchNorm op, int i, Context ctx, Map<String, INDArray> grads) {
            this.op = op;
            this.ctx = ctx;
            int f = ctx.forwardStep(i);
            x = ctx.read(op.input(), f);
            y = ctx.output(op.output(), f);
            centered = ctx.buffers().tensor("centered input", x.shape);
            Buffers.use(centered, f);
            axes = x.shape.length == 4 ? new int[] {0, 2, 3} : new int[] {0};
            long c = x.shape[1];
            small = new Tensor[7];
            for (int k = 0; k < small.length; k++) {
                small[k] = ctx.buffers().dedicated("batchnorm statistics", c);
            }
            if (ctx.plan().needsGradient(op.output())) {
                int b = ctx.backwardStep(i);
                Buffers.use(centered, b);
                gy = ctx.plan().gradient(op.output());
                Buffers.use(gy, b);
                gx = new GradIn(ctx, op.input(), op.output(), b, false);
                product = gx.needed ? null : ctx.buffers().tensor("dy (x - mean)", x.shape);
                if (product != null) {
                    Buffers.use(product, b);
                }
                dGamma = grads.get(op.gamma());
                dBeta = grads.get(op.beta());
            } else {
                gy = null;
                gx = null;
                product = null;
                dGamma = null;
                dBeta = null;
            }
            ctx.plan().registerBatchNorm(this);
        }

        @Override
        public INDArray batchMean() {
            return mean;
        }

        @Override
        public INDArray batchVar() {
            return var;
        }

        @Override
        void bind() {
            mean = small[0].array();
            var = small[1].array();
            invStd = small[2].array();
            scale = small[3].array();
            sumProduct = small[4].array();
            coefA = small[5].array();
            coefB = small[6].array();
            xa = x.array();
            ya = y.array();
            ca = centered.array();
            gamma = ctx.graph().array(op.gamma());
            beta = ctx.graph().array(op.beta());
            subMean = new BroadcastSubOp(xa, mean, ca, 1);
            square = new MulOp(ca, ca, ya);
            mulScale = new BroadcastMulOp(ca, scale, ya, 1);
            addBeta = new BroadcastAddOp(ya, beta, ya, 1);
            if (gx != null) {
                gx.bind();
                ga = gy.array();
                t = gx.needed ? gx.target : product.array();
                gyTimesCentered = new MulOp(ga, ca, t);
                centeredTimesCoefB = new BroadcastMulOp(ca, coefB, t, 1);
                minusCoefA = new BroadcastSubOp(t, coefA, t, 1);
                timesScale = new BroadcastMulOp(t, scale, t, 1);
            }
        }

        @Override
        void forward() {
            xa.mean(mean, axes);
            exec(subMean);
            exec(square);
            ya.mean(var, axes);
            invStd.assign(var).addi(op.eps());
            Transforms.sqrt(invStd, false).rdivi(1.0);
            scale.assign(gamma).muli(invStd);
            exec(mulScale);
            exec(addBeta);
        }

        @Override
        void backward() {
            if (gy == null) {
                return;
            }
            ga.sum(dBeta, axes);
            exec(gyTimesCentered);
            t.sum(sumProduct, axes);
            dGamma.assign(sumProduct).muli(invStd);
            if (!gx.needed) {
                return;
            }
            double m = (double) xa.length() / xa.size(1);
            coefA.assign(dBeta).divi(m);
            coefB.assign(invStd).muli(invStd).muli(sumProduct).divi(m);
            exec(centeredTimesCoefB);
            t.rsubi(ga);
            exec(minusCoefA);
            exec(timesScale);
            gx.commit();
        }
    }

    /**
     * Evaluation BatchNorm: libnd4j's {@code batchnorm} op with the running statistics, one pass over the input
     * (oneDNN's kernel for 4-d inputs): three times faster than the two broadcast passes {@code x * s + t} with
     * per-channel {@code s}, {@code t} on a ResNet-18 activation (PlanKernelBenchmark).
     */
    static final class BatchNormEval extends Kernel {
        private final LayerOp.BatchNorm op;
        private final Context ctx;
        private final Tensor x;
        private final Tensor y;
        private CustomOp normalize;

        BatchNormEval(LayerOp.BatchNorm op, int i, Context ctx, boolean inPlace) {
            this.op = op;
            this.ctx = ctx;
            int f = ctx.forwardStep(i);
            x = ctx.read(op.input(), f);
            y = ctx.output(op.output(), f);
            if (inPlace) {
                Buffers.alias(y, x);
            }
        }

        @Override
        void bind() {
            NetGraph g = ctx.graph();
            normalize = DynamicCustomOp.builder("batchnorm")
                    .addInputs(
                            x.array(),
                            g.array(op.state().runningMean()),
                            g.array(op.state().runningVar()),
                            g.array(op.gamma()),
                            g.array(op.beta()))
                    .addOutputs(y.array())
                    .addIntegerArguments(1, 1, 1) // apply gamma, apply beta, channels on axis 1
                    .addFloatingPointArguments(op.eps())
                    .build();
        }

        @Override
        void forward() {
            exec(normalize);
        }
    }

    /** Training dropout: {@code y = x * mask} (a channel mask broadcast over H and W); {@code dx = dy * mask}. */
    static final class Dropout extends Kernel {
        private final LayerOp.Dropout op;
        private final Tensor x;
        private final Tensor y;
        private final Tensor mask;
        private final Tensor gy;
        private final GradIn gx;
        private Runnable forward;
        private Runnable backward;

        Dropout(LayerOp.Dropout op, int i, Context ctx, boolean inPlace) {
            this.op = op;
            int f = ctx.forwardStep(i);
            x = ctx.read(op.input(), f);
            y = ctx.output(op.output(), f);
            if (inPlace) {
                Buffers.alias(y, x);
            }
            mask = ctx.plan().mask(op.mask());
            if (ctx.plan().needsGradient(op.output()) && ctx.plan().needsGradient(op.input())) {
                int b = ctx.backwardStep(i);
                gy = ctx.plan().gradient(op.output());
                Buffers.use(gy, b);
                gx = new GradIn(ctx, op.input(), op.output(), b, false);
            } else {
                gy = null;
                gx = null;
            }
        }

        @Override
        void bind() {
            INDArray m = op.spatial() ? mask.array(new long[] {mask.shape[0], mask.shape[1]}) : mask.array();
            forward = multiply(x.array(), m, y.array(), op.spatial());
            if (gy != null) {
                gx.bind();
                backward = multiply(gy.array(), m, gx.target, op.spatial());
            }
        }

        private static Runnable multiply(INDArray a, INDArray mask, INDArray out, boolean spatial) {
            if (spatial) {
                Op op = new BroadcastMulOp(a, mask, out, 0, 1);
                return () -> exec(op);
            }
            CustomOp op = new MulOp(a, mask, out);
            return () -> exec(op);
        }

        @Override
        void forward() {
            forward.run();
        }

        @Override
        void backward() {
            if (backward != null) {
                backward.run();
                gx.commit();
            }
        }
    }
}
