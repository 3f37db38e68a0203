package io.netforge.plan;

import io.netforge.graph.LayerOp;
import java.util.Map;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;

/**
 * A dense layer: {@code y = x W + b} (on a sequence, each step a row of {@code x}); backward {@code dW = xᵀ dy}, {@code db = Σ dy}, {@code dx = dy Wᵀ}. Bound to
 * one of three paths, chosen once per plan: oneDNN's {@code matmul} primitives ({@link DnnlMatmul}, the default on the
 * CPU), else OpenBLAS straight on the buffers for small products ({@link HostGemm}), else libnd4j's {@code matmul}
 * through {@code Nd4j.exec} (any backend).
 */
final class DenseKernel extends Kernels.Weighted {
    private final LayerOp.Dense op;
    private Mmul forward;
    private Op addBias;
    private Mmul weightGrad;
    private Mmul inputGrad;
    /** The host-BLAS path ({@link HostGemm}): pointers and buffers made once per bind; null on the exec path. */
    private Host host;
    /** The oneDNN path ({@link DnnlMatmul}); null on the others. */
    private Onednn onednn;

    private record Onednn(DnnlMatmul forward, DnnlMatmul weights, DnnlMatmul bias, DnnlMatmul input) {}

    private record Host(
            int n,
            int in,
            int out,
            org.bytedeco.javacpp.FloatPointer x,
            org.bytedeco.javacpp.FloatPointer w,
            org.bytedeco.javacpp.FloatPointer y,
            org.bytedeco.javacpp.FloatPointer bias,
            org.bytedeco.javacpp.FloatPointer ones,
            org.bytedeco.javacpp.FloatPointer gy,
            org.bytedeco.javacpp.FloatPointer dW,
            org.bytedeco.javacpp.FloatPointer db,
            org.bytedeco.javacpp.FloatPointer dx,
            float dxBeta) {}

    /** Rows of the product: the batch, times a sequence's steps. */
    private long rows;

    /** The output's gradient as {@code [rows, units]}. */
    private INDArray outputGradient() {
        INDArray g = gy.array();
        return g.rank() == 2 ? g : g.reshape('c', rows, g.size(g.rank() - 1));
    }

    DenseKernel(LayerOp.Dense op, int i, Kernels.Context ctx, Map<String, INDArray> grads) {
        super(op.input(), op.output(), op.weight(), op.bias(), i, ctx, grads, false, true);
        this.op = op;
    }

    @Override
    void close() {
        if (onednn != null) {
            for (DnnlMatmul m : new DnnlMatmul[] {onednn.forward, onednn.weights, onednn.bias, onednn.input}) {
                if (m != null) {
                    m.close();
                }
            }
        }
    }

    @Override
    void bind() {
        INDArray W = ctx.graph().array(op.weight());
        long perSample = 1;
        for (int k = 1; k < x.shape.length; k++) {
            perSample *= x.shape[k];
        }
        rows = ctx.plan().batch() * (perSample / W.size(0)); // a sequence's steps are rows too
        INDArray xa = x.array(new long[] {rows, W.size(0)});
        INDArray ya = y.array().reshape('c', rows, W.size(1));
        INDArray b = op.bias() == null ? null : ctx.graph().array(op.bias());
        if (gy != null) {
            gx.bind();
        }
        INDArray dx = gy != null && gx.needed ? gx.g.reshape('c', rows, W.size(0)) : null;
        host = null;
        onednn = null;
        if (ctx.plan().onednn()) {
            if (!HostGemm.hostFloats(operands(W, xa, ya, b, dx))) {
                throw new IllegalStateException(op.layer() + ": oneDNN needs contiguous float32 host arrays");
            }
            bindDnnl(W, xa, ya, b, dx);
            return;
        }
        if (hostUsable(W, xa, ya, b, dx)) {
            bindHost(W, xa, ya, b, dx);
            return;
        }
        forward = new Mmul(xa, W, ya, 1.0, 0.0, MMulTranspose.allFalse());
        addBias = b == null ? null : new BroadcastAddOp(ya, b, ya, 1);
        if (gy != null) {
            INDArray g = outputGradient();
            weightGrad = new Mmul(
                    xa,
                    g,
                    dW,
                    1.0,
                    0.0,
                    MMulTranspose.builder().transposeA(true).build());
            if (dx != null) {
                inputGrad = new Mmul(
                        g,
                        W,
                        dx,
                        1.0,
                        gx.accumulate ? 1.0 : 0.0,
                        MMulTranspose.builder().transposeB(true).build());
            }
        }
    }

    private boolean hostUsable(INDArray W, INDArray xa, INDArray ya, INDArray b, INDArray dx) {
        return HostGemm.small(xa.size(0), W.size(0), W.size(1)) && HostGemm.usable(operands(W, xa, ya, b, dx));
    }

    /** Every array the layer's products read or write. */
    private INDArray[] operands(INDArray W, INDArray xa, INDArray ya, INDArray b, INDArray dx) {
        java.util.List<INDArray> all = new java.util.ArrayList<>(java.util.List.of(W, xa, ya));
        if (b != null) {
            all.add(b);
        }
        if (gy != null) {
            all.add(outputGradient());
            all.add(dW);
            if (db != null) {
                all.add(db);
            }
            if (dx != null) {
                all.add(dx);
            }
        }
        return all.toArray(INDArray[]::new);
    }

    /** The oneDNN path: four matmul primitives (the bias gradient is {@code 1ᵀ dy}), the bias fused in forward. */
    private void bindDnnl(INDArray W, INDArray xa, INDArray ya, INDArray b, INDArray dx) {
        long n = xa.size(0);
        long in = W.size(0);
        long out = W.size(1);
        var w = HostGemm.pointer(W);
        var xp = HostGemm.pointer(xa);
        DnnlMatmul fwd = new DnnlMatmul(
                n,
                in,
                out,
                false,
                xp,
                false,
                w,
                b == null ? null : HostGemm.pointer(b),
                HostGemm.pointer(ya),
                DnnlMatmul.After.WRITE);
        DnnlMatmul dWeights = null;
        DnnlMatmul dBias = null;
        DnnlMatmul dInput = null;
        if (gy != null) {
            var g = HostGemm.pointer(outputGradient());
            dWeights =
                    new DnnlMatmul(in, n, out, true, xp, false, g, null, HostGemm.pointer(dW), DnnlMatmul.After.WRITE);
            if (db != null) {
                dBias = new DnnlMatmul(
                        1,
                        n,
                        out,
                        false,
                        HostGemm.ones((int) n),
                        false,
                        g,
                        null,
                        HostGemm.pointer(db),
                        DnnlMatmul.After.WRITE);
            }
            if (dx != null) {
                dInput = new DnnlMatmul(
                        n,
                        out,
                        in,
                        false,
                        g,
                        true,
                        w,
                        null,
                        HostGemm.pointer(dx),
                        gx.accumulate ? DnnlMatmul.After.ACCUMULATE : DnnlMatmul.After.WRITE);
            }
        }
        onednn = new Onednn(fwd, dWeights, dBias, dInput);
    }

    private void bindHost(INDArray W, INDArray xa, INDArray ya, INDArray b, INDArray dx) {
        INDArray g = gy == null ? null : outputGradient();
        host = new Host(
                (int) xa.size(0),
                (int) W.size(0),
                (int) W.size(1),
                HostGemm.pointer(xa),
                HostGemm.pointer(W),
                HostGemm.pointer(ya),
                b == null ? null : HostGemm.pointer(b),
                b == null ? null : HostGemm.ones((int) xa.size(0)),
                g == null ? null : HostGemm.pointer(g),
                g == null ? null : HostGemm.pointer(dW),
                db == null ? null : HostGemm.pointer(db),
                dx == null ? null : HostGemm.pointer(dx),
                gx != null && gx.accumulate ? 1f : 0f);
    }

    @Override
    void forward() {
        if (onednn != null) {
            onednn.forward.run(ctx.plan().stream());
            return;
        }
        if (host != null) {
            Host h = host;
            HostGemm.gemm(false, false, h.n, h.out, h.in, h.x, h.in, h.w, h.out, 0f, h.y, h.out);
            if (h.bias != null) {
                HostGemm.addRows(h.y, h.bias, h.ones, h.n, h.out);
            }
            return;
        }
        Kernels.exec(forward);
        if (addBias != null) {
            Kernels.exec(addBias);
        }
    }

    @Override
    void backward() {
        if (gy == null) {
            return;
        }
        if (onednn != null) {
            var st = ctx.plan().stream();
            onednn.weights.run(st);
            if (onednn.bias != null) {
                onednn.bias.run(st);
            }
            if (onednn.input != null) {
                onednn.input.run(st);
            }
            return;
        }
        if (host != null) {
            Host h = host;
            HostGemm.gemm(true, false, h.in, h.out, h.n, h.x, h.in, h.gy, h.out, 0f, h.dW, h.out);
            if (h.db != null) {
                HostGemm.columnSums(h.gy, h.db, h.ones, h.n, h.out);
            }
            if (h.dx != null) {
                HostGemm.gemm(false, true, h.n, h.in, h.out, h.gy, h.out, h.w, h.out, h.dxBeta, h.dx, h.in);
            }
            return;
        }
        INDArray g = outputGradient();
        Kernels.exec(weightGrad);
        if (db != null) {
            g.sum(db, 0);
        }
        if (inputGrad != null) {
            Kernels.exec(inputGrad);
        }
    }
}
