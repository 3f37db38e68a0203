package io.netforge.plan;

import static io.netforge.plan.Kernels.exec;

import io.netforge.graph.LayerOp;
import io.netforge.plan.Buffers.Tensor;
import io.netforge.plan.Kernels.Context;
import io.netforge.plan.Kernels.GradIn;
import io.netforge.plan.Plan.Kernel;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Multi-head attention's core ({@link LayerOp.Attention}) over {@code [N, L, 3·h·d]} queries, keys and values. Forward:
 * the three copied out as {@code [N·h, L, d]}, {@code S = Q Kᵀ / √d + mask}, {@code P = softmax(S)} over the keys
 * (kept for the backward pass), {@code O = P V}, written back as {@code [N, L, h·d]}. Backward, with {@code dO} from
 * the output's gradient: {@code dV = Pᵀ dO}, {@code dP = dO Vᵀ}, {@code dS = P ⊙ (dP - rowsum(P ⊙ dP))}, {@code dQ =
 * dS K / √d}, {@code dK = dSᵀ Q / √d}, written into the input's gradient in its layout. Batched products are libnd4j's
 * {@code matmul} over the {@code N·h} matrices; a masked key's weight is exactly 0, so it gets no gradient. With
 * attention dropout in training, {@code P' = P ⊙ M} (the trainer's mask) averages the values instead: {@code dV = P'ᵀ
 * dO} and {@code dP = (dO Vᵀ) ⊙ M}.
 */
final class AttentionKernel extends Kernel {
    private final LayerOp.Attention op;
    private final Tensor x;
    private final Tensor tokens;
    private final Tensor y;
    private final Tensor q;
    private final Tensor k;
    private final Tensor v;
    private final Tensor p;
    private final Tensor o;
    private final Tensor padding;
    /** The dropout mask {@code [N, h, L, L]} and {@code P ⊙ mask}; null in evaluation and without dropout. */
    private final Tensor drop;

    private final Tensor dropped;
    private final Tensor gy;
    private final GradIn gx;
    private final Tensor dO;
    private final Tensor dP;
    private final Tensor rowSums;
    /** {@code P ⊙ dP}, whose rows are summed: a plan buffer, not a new array every step (67 MB at batch 128). */
    private final Tensor products;

    private final long n;
    private final long steps;
    private final int h;
    private final int d;
    private final double scale;
    private INDArray[] parts;
    private INDArray[] heads;
    private INDArray p4;
    private INDArray padNL;
    private Op addPadding;
    private Op addCausal;
    private INDArray tokenIds;
    private Mmul scores;
    private CustomOp softmax;
    private Mmul weighted;
    private CustomOp dropWeights;
    private CustomOp dropGradient;
    private INDArray out4;
    private Mmul valueGrad;
    private Mmul weightGrad;
    private Mmul queryGrad;
    private Mmul keyGrad;
    private Op minusRowSums;
    private CustomOp timesP;
    private CustomOp pTimesDp;
    private INDArray dO4;
    private INDArray gy4;

    AttentionKernel(LayerOp.Attention op, int i, Context ctx) {
        this.op = op;
        int f = ctx.forwardStep(i);
        x = ctx.read(op.input(), f);
        tokens = op.tokens() < 0 ? null : ctx.read(op.tokens(), f);
        y = ctx.output(op.output(), f);
        n = ctx.plan().batch();
        steps = ctx.graph().ops().shape(op.input())[0];
        h = op.heads();
        d = op.headSize();
        scale = 1.0 / Math.sqrt(d);
        q = ctx.buffers().tensor("attention queries", n * h, steps, d);
        k = ctx.buffers().tensor("attention keys", n * h, steps, d);
        v = ctx.buffers().tensor("attention values", n * h, steps, d);
        p = ctx.buffers().tensor("attention weights", n * h, steps, steps);
        o = ctx.buffers().tensor("attention results", n * h, steps, d);
        padding = tokens == null ? null : ctx.buffers().tensor("attention padding mask", n, steps);
        for (Tensor t : new Tensor[] {q, k, v, p, o}) {
            Buffers.use(t, f);
        }
        if (padding != null) {
            Buffers.use(padding, f);
        }
        if (ctx.training() && op.dropout() != null) {
            drop = ctx.plan().mask(op.dropout());
            dropped = ctx.buffers().tensor("attention weights dropped", n * h, steps, steps);
            Buffers.use(dropped, f);
        } else {
            drop = null;
            dropped = null;
        }
        if (ctx.training() && ctx.plan().needsGradient(op.output())) {
            int b = ctx.backwardStep(i);
            for (Tensor t : new Tensor[] {q, k, v, p, o}) {
                Buffers.use(t, b);
            }
            if (dropped != null) {
                Buffers.use(dropped, b);
            }
            gy = ctx.plan().gradient(op.output());
            Buffers.use(gy, b);
            gx = new GradIn(ctx, op.input(), op.output(), b, false);
            dO = ctx.buffers().tensor("attention results' gradient", n * h, steps, d);
            dP = ctx.buffers().tensor("attention weights' gradient", n * h, steps, steps);
            rowSums = ctx.buffers().tensor("attention rows of P dP", n * h, steps);
            products = ctx.buffers().tensor("attention P dP", n * h, steps, steps);
            for (Tensor t : new Tensor[] {dO, dP, rowSums, products}) {
                Buffers.use(t, b);
            }
        } else {
            gy = null;
            gx = null;
            dO = null;
            dP = null;
            rowSums = null;
            products = null;
        }
    }

    /** The {@code j}-th third (queries, keys, values) of {@code [N, L, 3·h·d]} as {@code [N, h, L, d]}: a view. */
    private INDArray part(INDArray all, int j) {
        return all.reshape('c', n, steps, 3, h, d)
                .get(
                        NDArrayIndex.all(),
                        NDArrayIndex.all(),
                        NDArrayIndex.point(j),
                        NDArrayIndex.all(),
                        NDArrayIndex.all())
                .permute(0, 2, 1, 3);
    }

    /** {@code [N·h, L, d]} as {@code [N, h, L, d]}. */
    private INDArray byHead(Tensor t) {
        return t.array().reshape('c', n, h, steps, d);
    }

    @Override
    void bind() {
        INDArray xa = x.array();
        parts = new INDArray[] {part(xa, 0), part(xa, 1), part(xa, 2)};
        heads = new INDArray[] {byHead(q), byHead(k), byHead(v)};
        INDArray pa = p.array();
        p4 = pa.reshape('c', n, h, steps, steps);
        scores = new Mmul(
                q.array(),
                k.array(),
                pa,
                scale,
                0.0,
                MMulTranspose.builder().transposeB(true).build());
        softmax = new SoftMax(pa, pa, 2);
        // the weights that average the values: P, or P ⊙ mask in a training step with attention dropout
        INDArray used = pa;
        INDArray maskArray = null;
        if (drop != null) {
            maskArray = drop.array().reshape('c', n * h, steps, steps);
            used = dropped.array();
            dropWeights = new MulOp(pa, maskArray, used);
        }
        weighted = new Mmul(used, v.array(), o.array(), 1.0, 0.0, MMulTranspose.allFalse());
        out4 = y.array().reshape('c', n, steps, h, d).permute(0, 2, 1, 3);
        if (padding != null) {
            padNL = padding.array();
            tokenIds = tokens.array().reshape('c', n, steps);
        }
        addPadding = padNL == null ? null : new BroadcastAddOp(p4, padNL, p4, 0, 3);
        addCausal = op.causal()
                ? new BroadcastAddOp(
                        p4,
                        Nd4j.create(LayerOp.Attention.causalMask((int) steps), new long[] {steps, steps}, 'c')
                                .castTo(pa.dataType()),
                        p4,
                        2,
                        3)
                : null;
        if (gy != null) {
            gx.bind();
            INDArray dPa = dP.array();
            gy4 = gy.array().reshape('c', n, steps, h, d).permute(0, 2, 1, 3);
            dO4 = byHead(dO);
            if (maskArray != null) {
                dropGradient = new MulOp(dPa, maskArray, dPa);
            }
            valueGrad = new Mmul(
                    used,
                    dO.array(),
                    v.array(),
                    1.0,
                    0.0,
                    MMulTranspose.builder().transposeA(true).build());
            weightGrad = new Mmul(
                    dO.array(),
                    heads[2].reshape('c', n * h, steps, d),
                    dPa,
                    1.0,
                    0.0,
                    MMulTranspose.builder().transposeB(true).build());
            pTimesDp = new MulOp(pa, dPa, products.array());
            minusRowSums = new BroadcastSubOp(dPa, rowSums.array(), dPa, 0, 1);
            timesP = new MulOp(dPa, pa, dPa);
            queryGrad = new Mmul(dPa, k.array(), dO.array(), scale, 0.0, MMulTranspose.allFalse());
            keyGrad = new Mmul(
                    dPa,
                    q.array(),
                    o.array(),
                    scale,
                    0.0,
                    MMulTranspose.builder().transposeA(true).build());
        }
    }

    @Override
    void forward() {
        for (int j = 0; j < 3; j++) {
            heads[j].assign(parts[j]);
        }
        exec(scores);
        if (addPadding != null && fillPaddingMask()) { // a batch without padding (a language model's) adds nothing
            exec(addPadding);
        }
        if (addCausal != null) {
            exec(addCausal);
        }
        exec(softmax);
        if (dropWeights != null) {
            exec(dropWeights);
        }
        exec(weighted);
        out4.assign(o.array().reshape('c', n, h, steps, d));
    }

    /**
     * Writes {@code [N, L]}: MASKED where the key is padding in a sequence with a real step, else 0; whether any key
     * is masked.
     */
    private boolean fillPaddingMask() {
        float[] ids = io.netforge.util.NdArrays.toFloats(tokenIds);
        float[] mask = new float[ids.length];
        boolean masked = false;
        for (int s = 0; s < n; s++) {
            int from = (int) (s * steps);
            boolean any = false;
            for (int t = 0; t < steps; t++) {
                any |= ids[from + t] != 0;
            }
            for (int t = 0; t < steps && any; t++) {
                boolean padded = ids[from + t] == 0;
                mask[from + t] = padded ? LayerOp.Attention.MASKED : 0f;
                masked |= padded;
            }
        }
        if (masked) {
            io.netforge.util.NdArrays.copy(mask, padNL);
        }
        return masked;
    }

    @Override
    void backward() {
        if (gy == null || !gx.needed) {
            return;
        }
        dO4.assign(gy4);
        // dP = dO Vᵀ first: the values' buffer then takes dV = Pᵀ dO
        exec(weightGrad);
        exec(valueGrad);
        if (dropGradient != null) { // dP' into dP: the weights the mask dropped get no gradient
            exec(dropGradient);
        }
        // dS = P ⊙ (dP - rowsum(P ⊙ dP)), in dP's buffer
        exec(pTimesDp);
        products.array().sum(rowSums.array(), 2);
        exec(minusRowSums);
        exec(timesP);
        // dQ into dO's buffer, dK into the results' buffer (neither is read again)
        exec(queryGrad);
        exec(keyGrad);
        INDArray target = gx.target;
        INDArray[] grads = {byHead(dO), o.array().reshape('c', n, h, steps, d), byHead(v)};
        for (int j = 0; j < 3; j++) {
            part(target, j).assign(grads[j]);
        }
        gx.commit();
    }
}
