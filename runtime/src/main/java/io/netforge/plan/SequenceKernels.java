package io.netforge.plan;

import io.netforge.graph.LayerOp;
import io.netforge.plan.Buffers.Tensor;
import io.netforge.plan.Kernels.Context;
import io.netforge.plan.Kernels.GradIn;
import io.netforge.plan.Plan.Kernel;
import io.netforge.util.HostLoops;
import io.netforge.util.NdArrays;
import java.nio.FloatBuffer;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The kernels of the token-sequence layers: Java loops over the rows of the plan's arrays (a row of an embedding is a
 * copy; a lookup has no arithmetic a native kernel would speed up). Arrays not in host memory ({@link
 * HostLoops#onHost}: another backend) are copied in and out.
 */
final class SequenceKernels {
    private SequenceKernels() {}

    /** The float values of {@code a}: its host memory, or a copy of it. */
    private static FloatBuffer values(INDArray a) {
        return HostLoops.onHost(a) ? HostLoops.view(a) : FloatBuffer.wrap(NdArrays.toFloats(a));
    }

    /** Writes {@code values} back into {@code a} when it is a copy ({@link #values}). */
    private static void commit(INDArray a, FloatBuffer values) {
        if (values.hasArray()) {
            NdArrays.copy(values.array(), a);
        }
    }

    /**
     * The id at {@code [n, l]} of {@code ids}, checked: a whole number in {@code 0 .. vocabulary - 1}, else an error that
     * names the sample and step (a wrong id would read another row, or outside the table).
     */
    static int id(FloatBuffer ids, int n, int l, int length, int vocabulary, String layer) {
        float f = ids.get(n * length + l);
        int id = (int) f;
        if (id != f || id < 0 || id >= vocabulary) {
            throw new IllegalArgumentException(layer + ": sample " + n + " of the batch has token id " + f + " at step "
                    + l + "; ids must be whole numbers in 0.." + (vocabulary - 1) + " (the model's vocabulary)");
        }
        return id;
    }

    /** {@code y[n, l] = table[ids[n, l]]}; backward {@code dTable[id] += dy[n, l]} for every id but the padding 0. */
    static final class Embedding extends Kernel {
        private final LayerOp.Embedding op;
        private final Context ctx;
        private final Tensor x;
        private final Tensor y;
        private final Tensor gy;
        private final INDArray dTable;

        Embedding(LayerOp.Embedding op, int i, Context ctx, Map<String, INDArray> grads) {
            this.op = op;
            this.ctx = ctx;
            int f = ctx.forwardStep(i);
            x = ctx.read(op.input(), f);
            y = ctx.output(op.output(), f);
            if (ctx.training() && ctx.plan().needsGradient(op.output())) {
                int b = ctx.backwardStep(i);
                Buffers.use(x, b);
                gy = ctx.plan().gradient(op.output());
                Buffers.use(gy, b);
                dTable = grads.get(op.table());
            } else {
                gy = null;
                dTable = null;
            }
        }

        @Override
        void bind() {}

        @Override
        void forward() {
            INDArray ya = y.array();
            FloatBuffer ids = values(x.array());
            FloatBuffer table = values(ctx.graph().array(op.table()));
            FloatBuffer out = values(ya);
            int n = (int) x.shape[0];
            int length = (int) x.shape[1];
            int d = op.dimension();
            float[] row = new float[d];
            for (int s = 0; s < n; s++) {
                for (int l = 0; l < length; l++) {
                    int id = id(ids, s, l, length, op.vocabulary(), op.layer());
                    table.get(id * d, row, 0, d);
                    out.put((s * length + l) * d, row, 0, d);
                }
            }
            commit(ya, out);
        }

        @Override
        void backward() {
            if (gy == null) {
                return;
            }
            FloatBuffer ids = values(x.array());
            FloatBuffer g = values(gy.array());
            dTable.assign(0);
            FloatBuffer dt = values(dTable);
            int n = (int) x.shape[0];
            int length = (int) x.shape[1];
            int d = op.dimension();
            float[] row = new float[d];
            float[] sum = new float[d];
            for (int s = 0; s < n; s++) {
                for (int l = 0; l < length; l++) {
                    int id = id(ids, s, l, length, op.vocabulary(), op.layer());
                    if (id == 0) {
                        continue; // the padding row keeps its zeros, as PyTorch's padding_idx
                    }
                    g.get((s * length + l) * d, row, 0, d);
                    dt.get(id * d, sum, 0, d);
                    for (int k = 0; k < d; k++) {
                        sum[k] += row[k];
                    }
                    dt.put(id * d, sum, 0, d);
                }
            }
            commit(dTable, dt);
        }
    }

    /**
     * {@code y[n] = Σ_l m[n, l] x[n, l] / max(1, Σ_l m[n, l])} with {@code m} 1 where the token id is not 0; backward
     * {@code dx[n, l] = m[n, l] dy[n] / max(1, Σ_l m[n, l])}.
     */
    static final class SequenceMeanPool extends Kernel {
        private final Tensor x;
        private final Tensor ids;
        private final Tensor y;
        private final Tensor gy;
        private final GradIn gx;

        SequenceMeanPool(LayerOp.SequenceMeanPool op, int i, Context ctx) {
            int f = ctx.forwardStep(i);
            x = ctx.read(op.input(), f);
            ids = ctx.read(op.tokens(), f);
            y = ctx.output(op.output(), f);
            if (ctx.training()
                    && ctx.plan().needsGradient(op.output())
                    && ctx.plan().needsGradient(op.input())) {
                int b = ctx.backwardStep(i);
                Buffers.use(ids, b);
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
            if (gx != null) {
                gx.bind();
            }
        }

        /** 1 / max(1, steps of sample {@code s} that are not padding). */
        private static float inverseCount(FloatBuffer ids, int s, int length) {
            int count = 0;
            for (int l = 0; l < length; l++) {
                count += ids.get(s * length + l) != 0 ? 1 : 0;
            }
            return 1f / Math.max(1, count);
        }

        @Override
        void forward() {
            INDArray ya = y.array();
            FloatBuffer t = values(ids.array());
            FloatBuffer in = values(x.array());
            FloatBuffer out = values(ya);
            int n = (int) x.shape[0];
            int length = (int) x.shape[1];
            int d = (int) x.shape[2];
            float[] row = new float[d];
            float[] sum = new float[d];
            for (int s = 0; s < n; s++) {
                java.util.Arrays.fill(sum, 0f);
                for (int l = 0; l < length; l++) {
                    if (t.get(s * length + l) != 0) {
                        in.get((s * length + l) * d, row, 0, d);
                        for (int k = 0; k < d; k++) {
                            sum[k] += row[k];
                        }
                    }
                }
                float inv = inverseCount(t, s, length);
                for (int k = 0; k < d; k++) {
                    sum[k] *= inv;
                }
                out.put(s * d, sum, 0, d);
            }
            commit(ya, out);
        }

        @Override
        void backward() {
            if (gy == null || !gx.needed) {
                return;
            }
            FloatBuffer t = values(ids.array());
            FloatBuffer g = values(gy.array());
            FloatBuffer out = values(gx.target);
            int n = (int) x.shape[0];
            int length = (int) x.shape[1];
            int d = (int) x.shape[2];
            float[] row = new float[d];
            float[] zeros = new float[d];
            for (int s = 0; s < n; s++) {
                g.get(s * d, row, 0, d);
                float inv = inverseCount(t, s, length);
                for (int k = 0; k < d; k++) {
                    row[k] *= inv;
                }
                for (int l = 0; l < length; l++) {
                    out.put((s * length + l) * d, t.get(s * length + l) != 0 ? row : zeros, 0, d);
                }
            }
            commit(gx.target, out);
            gx.commit();
        }
    }

    /**
     * A 1-D convolution as one matrix product: the sequence unrolled into {@code [N × steps, kernel × features]} rows
     * (im2col, zeros beyond the ends), times the weights seen as {@code [kernel × features, filters]}. Backward: {@code
     * dW = colsᵀ dy}, {@code db = Σ dy}, and {@code dx} the rows of {@code dy Wᵀ} folded back onto their steps.
     */
    static final class Conv1d extends Kernel {
        private final LayerOp.Conv1d op;
        private final Context ctx;
        private final Tensor x;
        private final Tensor y;
        private final Tensor cols;
        private final Tensor gy;
        private final GradIn gx;
        private final Tensor colsGradient;
        private final INDArray dWeight;
        private final INDArray dBias;
        private final int n;
        private final int steps;
        private final int features;
        private final int filters;

        Conv1d(LayerOp.Conv1d op, int i, Context ctx, Map<String, INDArray> grads) {
            this.op = op;
            this.ctx = ctx;
            int f = ctx.forwardStep(i);
            x = ctx.read(op.input(), f);
            y = ctx.output(op.output(), f);
            n = (int) x.shape[0];
            steps = (int) x.shape[1];
            features = (int) x.shape[2];
            filters = (int) y.shape[2];
            cols = ctx.buffers().tensor("im2col rows", (long) n * steps, (long) op.kernel() * features);
            Buffers.use(cols, f);
            if (ctx.training() && ctx.plan().needsGradient(op.output())) {
                int b = ctx.backwardStep(i);
                Buffers.use(cols, b);
                gy = ctx.plan().gradient(op.output());
                Buffers.use(gy, b);
                dWeight = grads.get(op.weight());
                dBias = op.bias() == null ? null : grads.get(op.bias());
                gx = new GradIn(ctx, op.input(), op.output(), b, false);
                colsGradient = gx.needed ? ctx.buffers().tensor("im2col rows' gradient", cols.shape) : null;
                if (colsGradient != null) {
                    Buffers.use(colsGradient, b);
                }
            } else {
                gy = null;
                dWeight = null;
                dBias = null;
                gx = null;
                colsGradient = null;
            }
        }

        @Override
        void bind() {
            if (gx != null) {
                gx.bind();
            }
        }

        private INDArray weights() {
            return ctx.graph().array(op.weight()).reshape('c', (long) op.kernel() * features, filters);
        }

        @Override
        void forward() {
            INDArray c = cols.array();
            FloatBuffer in = values(x.array());
            FloatBuffer rows = values(c);
            int k = op.kernel();
            int pad = k / 2;
            float[] step = new float[features];
            float[] zeros = new float[features];
            for (int s = 0; s < n; s++) {
                for (int l = 0; l < steps; l++) {
                    long row = ((long) s * steps + l) * k * features;
                    for (int j = 0; j < k; j++) {
                        int src = l + j - pad;
                        if (src >= 0 && src < steps) {
                            in.get((s * steps + src) * features, step, 0, features);
                            rows.put(Math.toIntExact(row + (long) j * features), step, 0, features);
                        } else {
                            rows.put(Math.toIntExact(row + (long) j * features), zeros, 0, features);
                        }
                    }
                }
            }
            commit(c, rows);
            INDArray out = y.array().reshape('c', (long) n * steps, filters);
            Nd4j.gemm(c, weights(), out, false, false, 1.0, 0.0);
            if (op.bias() != null) {
                out.addiRowVector(ctx.graph().array(op.bias()));
            }
        }

        @Override
        void backward() {
            if (gy == null) {
                return;
            }
            INDArray g = gy.array().reshape('c', (long) n * steps, filters);
            INDArray dW = dWeight.reshape('c', (long) op.kernel() * features, filters);
            Nd4j.gemm(cols.array(), g, dW, true, false, 1.0, 0.0);
            if (dBias != null) {
                g.sum(dBias, 0);
            }
            if (!gx.needed) {
                return;
            }
            INDArray dc = colsGradient.array();
            Nd4j.gemm(g, weights(), dc, false, true, 1.0, 0.0);
            gx.target.assign(0);
            FloatBuffer rows = values(dc);
            FloatBuffer out = values(gx.target);
            int k = op.kernel();
            int pad = k / 2;
            float[] part = new float[features];
            float[] sum = new float[features];
            for (int s = 0; s < n; s++) {
                for (int l = 0; l < steps; l++) {
                    long row = ((long) s * steps + l) * k * features;
                    for (int j = 0; j < k; j++) {
                        int dst = l + j - pad;
                        if (dst < 0 || dst >= steps) {
                            continue;
                        }
                        rows.get(Math.toIntExact(row + (long) j * features), part, 0, features);
                        int at = (s * steps + dst) * features;
                        out.get(at, sum, 0, features);
                        for (int c = 0; c < features; c++) {
                            sum[c] += part[c];
                        }
                        out.put(at, sum, 0, features);
                    }
                }
            }
            commit(gx.target, out);
            gx.commit();
        }
    }

    /**
     * {@code y[n, f] = max} over the steps {@code l} whose token id is not 0 of {@code x[n, l, f]} (0 when there is
     * none); backward: {@code dy[n, f]} to the step that gave the maximum (the first of equal ones).
     */
    static final class SequenceMaxPool extends Kernel {
        private final Tensor x;
        private final Tensor ids;
        private final Tensor y;
        private final Tensor gy;
        private final GradIn gx;
        private final int[] argmax;

        SequenceMaxPool(LayerOp.SequenceMaxPool op, int i, Context ctx) {
            int f = ctx.forwardStep(i);
            x = ctx.read(op.input(), f);
            ids = ctx.read(op.tokens(), f);
            y = ctx.output(op.output(), f);
            argmax = new int[Math.toIntExact(x.shape[0] * x.shape[2])];
            if (ctx.training()
                    && ctx.plan().needsGradient(op.output())
                    && ctx.plan().needsGradient(op.input())) {
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
            if (gx != null) {
                gx.bind();
            }
        }

        @Override
        void forward() {
            INDArray ya = y.array();
            FloatBuffer t = values(ids.array());
            FloatBuffer in = values(x.array());
            FloatBuffer out = values(ya);
            int n = (int) x.shape[0];
            int length = (int) x.shape[1];
            int d = (int) x.shape[2];
            float[] row = new float[d];
            float[] best = new float[d];
            for (int s = 0; s < n; s++) {
                java.util.Arrays.fill(best, Float.NEGATIVE_INFINITY);
                java.util.Arrays.fill(argmax, s * d, (s + 1) * d, -1);
                for (int l = 0; l < length; l++) {
                    if (t.get(s * length + l) == 0) {
                        continue;
                    }
                    in.get((s * length + l) * d, row, 0, d);
                    for (int k = 0; k < d; k++) {
                        if (row[k] > best[k]) {
                            best[k] = row[k];
                            argmax[s * d + k] = l;
                        }
                    }
                }
                for (int k = 0; k < d; k++) {
                    if (argmax[s * d + k] < 0) {
                        best[k] = 0f; // padding only
                    }
                }
                out.put(s * d, best, 0, d);
            }
            commit(ya, out);
        }

        @Override
        void backward() {
            if (gy == null || !gx.needed) {
                return;
            }
            FloatBuffer g = values(gy.array());
            gx.target.assign(0);
            FloatBuffer out = values(gx.target);
            int n = (int) x.shape[0];
            int length = (int) x.shape[1];
            int d = (int) x.shape[2];
            for (int s = 0; s < n; s++) {
                for (int k = 0; k < d; k++) {
                    int l = argmax[s * d + k];
                    if (l >= 0) {
                        out.put((s * length + l) * d + k, g.get(s * d + k));
                    }
                }
            }
            commit(gx.target, out);
            gx.commit();
        }
    }
}
