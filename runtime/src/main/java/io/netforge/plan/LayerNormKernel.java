package io.netforge.plan;

import static io.netforge.plan.Kernels.exec;

import io.netforge.graph.LayerOp;
import io.netforge.plan.Buffers.Tensor;
import io.netforge.plan.Kernels.Context;
import io.netforge.plan.Kernels.GradIn;
import io.netforge.plan.Plan.Kernel;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * LayerNorm over the features of {@code [N, F]} (or of each step of a sequence {@code [N, L, F]}, its rows {@code N ×
 * L}), the same in training and evaluation. Forward, per row: {@code x̂ = (x
 * - mean) / σ} with {@code σ = sqrt(var + eps)} (biased variance), {@code y = x̂ γ + β}; x̂ and 1/σ are kept for the
 * backward pass: {@code dβ = Σₙ dy}, {@code dγ = Σₙ dy x̂}, and with {@code g = dy γ},
 * {@code dx = (g - mean_F(g) - x̂ mean_F(g x̂)) / σ}. Row statistics live in {@code [N]} buffers, broadcast along
 * dimension 0; the per-feature γ and β along dimension 1.
 */
final class LayerNormKernel extends Kernel {
    private final LayerOp.LayerNorm op;
    private final Context ctx;
    private final Tensor x;
    private final Tensor y;
    private final Tensor normalized;
    private final Tensor rowInvStd;
    private final Tensor rowMean;
    private final Tensor rowVar;
    private final Tensor gy;
    private final GradIn gx;
    private final Tensor scaled;
    private final Tensor product;
    private final Tensor meanScaled;
    private final Tensor meanProduct;
    private final INDArray dGamma;
    private final INDArray dBeta;
    private INDArray xa;
    private INDArray ya;
    private INDArray xh;
    private INDArray invStd;
    private INDArray mean;
    private INDArray var;
    private Op subMean;
    private CustomOp square;
    private Op divStd;
    private Op mulGamma;
    private Op addBeta;
    private INDArray ga;
    private INDArray g;
    private INDArray t;
    private INDArray m1;
    private INDArray m2;
    private CustomOp gyTimesNormalized;
    private Op gyTimesGamma;
    private CustomOp gTimesNormalized;
    private Op normalizedTimesM2;
    private CustomOp gMinusT;
    private Op minusM1;
    private Op timesInvStd;

    LayerNormKernel(LayerOp.LayerNorm op, int i, Context ctx, Map<String, INDArray> grads) {
        this.op = op;
        this.ctx = ctx;
        int f = ctx.forwardStep(i);
        x = ctx.read(op.input(), f);
        y = ctx.output(op.output(), f);
        long n = rows(x.shape);
        normalized = ctx.buffers().tensor("normalized input", x.shape);
        rowInvStd = ctx.buffers().tensor("1/σ of each row", n);
        rowMean = ctx.buffers().tensor("row mean", n);
        rowVar = ctx.buffers().tensor("row variance", n);
        for (Tensor s : new Tensor[] {normalized, rowInvStd, rowMean, rowVar}) {
            Buffers.use(s, f);
        }
        if (ctx.training() && ctx.plan().needsGradient(op.output())) {
            int b = ctx.backwardStep(i);
            Buffers.use(normalized, b);
            Buffers.use(rowInvStd, b);
            gy = ctx.plan().gradient(op.output());
            Buffers.use(gy, b);
            gx = new GradIn(ctx, op.input(), op.output(), b, false);
            scaled = ctx.buffers().tensor("dy γ", x.shape);
            product = ctx.buffers().tensor("dy x̂", x.shape);
            meanScaled = ctx.buffers().tensor("row mean of dy γ", n);
            meanProduct = ctx.buffers().tensor("row mean of dy γ x̂", n);
            for (Tensor s : new Tensor[] {scaled, product, meanScaled, meanProduct}) {
                Buffers.use(s, b);
            }
            dGamma = grads.get(op.gamma());
            dBeta = grads.get(op.beta());
        } else {
            gy = null;
            gx = null;
            scaled = null;
            product = null;
            meanScaled = null;
            meanProduct = null;
            dGamma = null;
            dBeta = null;
        }
    }

    /** Rows normalized: the batch, times a sequence's steps (each step is a row of its features). */
    private static long rows(long[] shape) {
        long n = 1;
        for (int k = 0; k < shape.length - 1; k++) {
            n *= shape[k];
        }
        return n;
    }

    /** {@code a} as {@code [rows, features]}: a view of a contiguous array. */
    private static INDArray rows2d(INDArray a) {
        return a.rank() == 2 ? a : a.reshape('c', rows(a.shape()), a.size(a.rank() - 1));
    }

    @Override
    void bind() {
        xa = rows2d(x.array());
        ya = rows2d(y.array());
        xh = rows2d(normalized.array());
        invStd = rowInvStd.array();
        mean = rowMean.array();
        var = rowVar.array();
        INDArray gamma = ctx.graph().array(op.gamma());
        INDArray beta = ctx.graph().array(op.beta());
        subMean = new BroadcastSubOp(xa, mean, xh, 0);
        square = new MulOp(xh, xh, ya);
        divStd = new BroadcastMulOp(xh, invStd, xh, 0);
        mulGamma = new BroadcastMulOp(xh, gamma, ya, 1);
        addBeta = new BroadcastAddOp(ya, beta, ya, 1);
        if (gy != null) {
            gx.bind();
            ga = rows2d(gy.array());
            g = rows2d(scaled.array());
            t = rows2d(product.array());
            m1 = meanScaled.array();
            m2 = meanProduct.array();
            gyTimesNormalized = new MulOp(ga, xh, t);
            gyTimesGamma = new BroadcastMulOp(ga, gamma, g, 1);
            gTimesNormalized = new MulOp(g, xh, t);
            normalizedTimesM2 = new BroadcastMulOp(xh, m2, t, 0);
            gMinusT = new SubOp(g, t, g);
            minusM1 = new BroadcastSubOp(g, m1, g, 0);
            timesInvStd = gx.needed ? new BroadcastMulOp(g, invStd, rows2d(gx.target), 0) : null;
        }
        host = hostBuffers();
    }

    @Override
    void forward() {
        if (host != null) {
            hostForward();
            return;
        }
        xa.mean(mean, 1);
        exec(subMean);
        exec(square);
        ya.mean(var, 1);
        invStd.assign(var).addi(op.eps());
        Transforms.sqrt(invStd, false).rdivi(1.0);
        exec(divStd);
        exec(mulGamma);
        exec(addBeta);
    }

    @Override
    void backward() {
        if (gy == null) {
            return;
        }
        if (host != null) {
            hostBackward();
            return;
        }
        ga.sum(dBeta, 0);
        exec(gyTimesNormalized);
        t.sum(dGamma, 0);
        if (!gx.needed) {
            return;
        }
        exec(gyTimesGamma);
        g.mean(m1, 1);
        exec(gTimesNormalized);
        t.mean(m2, 1);
        exec(normalizedTimesM2);
        exec(gMinusT);
        exec(minusM1);
        exec(timesInvStd);
        gx.commit();
    }

    /** What {@link #hostForward} and {@link #hostBackward} read and write; the gradients' null without a backward pass. */
    private record Host(
            java.nio.FloatBuffer in,
            java.nio.FloatBuffer out,
            java.nio.FloatBuffer norm,
            java.nio.FloatBuffer inv,
            java.nio.FloatBuffer gamma,
            java.nio.FloatBuffer beta,
            java.nio.FloatBuffer dy,
            java.nio.FloatBuffer dx,
            java.nio.FloatBuffer dGamma,
            java.nio.FloatBuffer dBeta) {}

    /**
     * The arrays as host floats for the Java loops below, found once at bind; null unless every one is float32 and
     * contiguous on the host (the CPU backend), when libnd4j's ops run instead. libnd4j's row reductions and broadcast ops over a Transformer's {@code N·L} rows of a few dozen features
     * were a quarter of its training step (docs/performance.md, "The language models, and the Transformer with
     * attention dropout"); two passes over each row in Java, the rows split among the cores, do the same.
     */
    private Host host;

    private Host hostBuffers() {
        java.nio.FloatBuffer[] f = new java.nio.FloatBuffer[10];
        INDArray[] arrays = {
            xa,
            ya,
            xh,
            invStd,
            ctx.graph().array(op.gamma()),
            ctx.graph().array(op.beta()),
            gy == null ? null : ga,
            gy == null || !gx.needed ? null : rows2d(gx.target),
            dGamma,
            dBeta
        };
        for (int k = 0; k < arrays.length; k++) {
            if (arrays[k] != null) {
                f[k] = io.netforge.util.HostLoops.contiguousFloats(arrays[k]);
                if (f[k] == null) {
                    return null;
                }
            }
        }
        return new Host(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9]);
    }

    /** Rows in parts for the common pool when there are enough values to pay for a task. */
    private int parts(int rows, int features) {
        return (long) rows * features < 1 << 15
                ? 1
                : Math.min(java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1, rows);
    }

    private void inParts(int rows, int features, RowRange body) {
        int parts = parts(rows, features);
        if (parts == 1) {
            body.run(0, 0, rows);
            return;
        }
        java.util.stream.IntStream.range(0, parts)
                .parallel()
                .forEach(p -> body.run(p, (int) ((long) rows * p / parts), (int) ((long) rows * (p + 1) / parts)));
    }

    @FunctionalInterface
    private interface RowRange {
        void run(int part, int from, int to);
    }

    private void hostForward() {
        java.nio.FloatBuffer in = host.in();
        java.nio.FloatBuffer out = host.out();
        java.nio.FloatBuffer norm = host.norm();
        java.nio.FloatBuffer inv = host.inv();
        java.nio.FloatBuffer gamma = host.gamma();
        java.nio.FloatBuffer beta = host.beta();
        int rows = (int) xa.size(0);
        int f = (int) xa.size(1);
        float eps = (float) op.eps();
        inParts(rows, f, (part, from, to) -> {
            for (int r = from; r < to; r++) {
                int at = r * f;
                float sum = 0;
                for (int j = 0; j < f; j++) {
                    sum += in.get(at + j);
                }
                float m = sum / f;
                float squares = 0;
                for (int j = 0; j < f; j++) {
                    float c = in.get(at + j) - m;
                    squares += c * c;
                }
                float s = (float) (1.0 / Math.sqrt(squares / f + eps));
                inv.put(r, s);
                for (int j = 0; j < f; j++) {
                    float v = (in.get(at + j) - m) * s;
                    norm.put(at + j, v);
                    out.put(at + j, v * gamma.get(j) + beta.get(j));
                }
            }
        });
    }

    private void hostBackward() {
        java.nio.FloatBuffer dy = host.dy();
        java.nio.FloatBuffer norm = host.norm();
        java.nio.FloatBuffer inv = host.inv();
        java.nio.FloatBuffer gamma = host.gamma();
        java.nio.FloatBuffer dx = host.dx();
        int rows = (int) xa.size(0);
        int f = (int) xa.size(1);
        int parts = parts(rows, f);
        float[][] sums = new float[parts][2 * f]; // each part's Σ dy (β) and Σ dy x̂ (γ), added in part order
        inParts(rows, f, (part, from, to) -> {
            float[] partSums = sums[part];
            for (int r = from; r < to; r++) {
                int at = r * f;
                float m1 = 0;
                float m2 = 0;
                for (int j = 0; j < f; j++) {
                    float d = dy.get(at + j);
                    float h = norm.get(at + j);
                    partSums[j] += d;
                    partSums[f + j] += d * h;
                    float g = d * gamma.get(j);
                    m1 += g;
                    m2 += g * h;
                }
                if (dx == null) {
                    continue;
                }
                m1 /= f;
                m2 /= f;
                float s = inv.get(r);
                for (int j = 0; j < f; j++) {
                    float g = dy.get(at + j) * gamma.get(j);
                    dx.put(at + j, (g - m1 - norm.get(at + j) * m2) * s);
                }
            }
        });
        java.nio.FloatBuffer dBetaValues = host.dBeta();
        java.nio.FloatBuffer dGammaValues = host.dGamma();
        for (int j = 0; j < f; j++) {
            float b = 0;
            float gm = 0;
            for (float[] partSums : sums) {
                b += partSums[j];
                gm += partSums[f + j];
            }
            dBetaValues.put(j, b);
            dGammaValues.put(j, gm);
        }
        if (dx != null) {
            gx.commit();
        }
    }
}
