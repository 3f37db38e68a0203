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
}
