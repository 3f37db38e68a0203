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
 * The kernels of the token-sequence layers: Java loops over the rows of the plan's arrays, straight in their host
 * memory (a row of an embedding is a copy; a lookup has no arithmetic a native kernel would speed up). Arrays that are
 * not one contiguous run of host floats ({@link HostLoops#contiguousFloats}: another backend) are copied in and out.
 * Names are looked up and scratch rows allocated when the plan binds, not in a step.
 */
final class SequenceKernels {
    private SequenceKernels() {}

    /** The float values of {@code a}: its host memory, or a copy of it. */
    private static FloatBuffer values(INDArray a) {
        FloatBuffer host = HostLoops.contiguousFloats(a);
        return host != null ? host : FloatBuffer.wrap(NdArrays.toFloats(a));
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
        private final int n;
        private final int length;
        private final int d;
        private INDArray table;
        private float[] row;
        private float[] sum;

        Embedding(LayerOp.Embedding op, int i, Context ctx, Map<String, INDArray> grads) {
            this.op = op;
            this.ctx = ctx;
            int f = ctx.forwardStep(i);
            x = ctx.read(op.input(), f);
            y = ctx.output(op.output(), f);
            n = (int) x.shape[0];
            length = (int) x.shape[1];
            d = op.dimension();
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
        void bind() {
            table = ctx.graph().array(op.table());
            row = new float[d];
            sum = new float[d];
        }

        @Override
        void forward() {
            INDArray ya = y.array();
            FloatBuffer ids = values(x.array());
            FloatBuffer rows = values(table);
            FloatBuffer out = values(ya);
            for (int s = 0; s < n; s++) {
                for (int l = 0; l < length; l++) {
                    int id = id(ids, s, l, length, op.vocabulary(), op.layer());
                    rows.get(id * d, row, 0, d);
                    out.put((s * length + l) * d, row, 0, d);
                }
            }
            commit(ya, out);
        }

        /** The ids were checked by this step's forward pass. */
        @Override
        void backward() {
            if (gy == null) {
                return;
            }
            FloatBuffer ids = values(x.array());
            FloatBuffer g = values(gy.array());
            dTable.assign(0);
            FloatBuffer dt = values(dTable);
            for (int at = 0; at < n * length; at++) {
                int id = (int) ids.get(at);
                if (id == 0) {
                    continue; // the padding row keeps its zeros, as PyTorch's padding_idx
                }
                g.get(at * d, row, 0, d);
                dt.get(id * d, sum, 0, d);
                for (int k = 0; k < d; k++) {
                    sum[k] += row[k];
                }
                dt.put(id * d, sum, 0, d);
            }
            commit(dTable, dt);
        }
    }

    /**
     * A pooling over a sequence {@code [n, steps, features]} that leaves out the steps whose token id is 0: what the mean
     * and the max share (their values, the ids they read, the gradients).
     */
    abstract static class MaskedPool extends Kernel {
        final Tensor x;
        final Tensor ids;
        final Tensor y;
        final Tensor gy;
        final GradIn gx;
        final int n;
        final int length;
        final int d;
        float[] row;

        MaskedPool(int input, int tokens, int output, int i, Context ctx) {
            int f = ctx.forwardStep(i);
            x = ctx.read(input, f);
            ids = tokens < 0 ? null : ctx.read(tokens, f);
            y = ctx.output(output, f);
            n = (int) x.shape[0];
            length = (int) x.shape[1];
            d = (int) x.shape[2];
            if (ctx.training() && ctx.plan().needsGradient(output) && ctx.plan().needsGradient(input)) {
                int b = ctx.backwardStep(i);
                if (ids != null) {
                    Buffers.use(ids, b);
                }
                gy = ctx.plan().gradient(output);
                Buffers.use(gy, b);
                gx = new GradIn(ctx, input, output, b, false);
            } else {
                gy = null;
                gx = null;
            }
        }

        @Override
        void bind() {
            row = new float[d];
            if (gx != null) {
                gx.bind();
            }
        }

        /** Whether the backward pass has a gradient to write. */
        boolean backwardNeeded() {
            return gy != null && gx.needed;
        }

        /** The token ids marking padding steps, or null for a sequence input (every step real). */
        FloatBuffer mask() {
            return ids == null ? null : values(ids.array());
        }

        /** Whether step {@code l} of sample {@code s} is real: its id not 0, or no ids at all. */
        boolean real(FloatBuffer mask, int s, int l) {
            return mask == null || mask.get(s * length + l) != 0;
        }
    }

    /**
     * A 1-D convolution as one matrix product: the sequence unrolled into {@code [N × steps, kernel × features]} rows
     * (im2col: each row the window of the sample, its values {@code dilation} steps apart, with {@code dilation ×
     * (kernel / 2)} zero steps each side), times the
     * weights seen as {@code [kernel × features, filters]}; with a stride, only every {@code stride}-th step's window is a
     * row. Backward: {@code dW = colsᵀ dy}, {@code db = Σ dy}, and
     * {@code dx} the rows of {@code dy Wᵀ} added back onto their steps.
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
        private final int width;
        private final int pad;
        private final int dilation;
        private final int stride;
        private final int outSteps;
        /** The padding mask ({@code [N, steps]}: 0 at a padding step), or null for a sequence input. */
        private final Tensor ids;

        private INDArray weights;
        private INDArray bias;
        private float[] padded;
        private float[] block;

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
            width = op.kernel() * features;
            pad = op.padding();
            dilation = op.dilation();
            stride = op.stride();
            outSteps = (int) y.shape[1];
            ids = op.tokens() < 0 ? null : ctx.read(op.tokens(), f);
            cols = ctx.buffers().tensor("im2col rows", (long) n * outSteps, width);
            Buffers.use(cols, f);
            if (ctx.training() && ctx.plan().needsGradient(op.output())) {
                int b = ctx.backwardStep(i);
                Buffers.use(cols, b);
                gy = ctx.plan().gradient(op.output());
                Buffers.use(gy, b);
                if (ids != null) {
                    Buffers.use(ids, b);
                }
                dWeight = grads.get(op.weight()).reshape('c', width, filters);
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
            weights = ctx.graph().array(op.weight()).reshape('c', width, filters);
            bias = op.bias() == null ? null : ctx.graph().array(op.bias());
            padded = new float[(steps + pad + op.right(steps, outSteps)) * features];
            block = new float[outSteps * width];
            if (gx != null) {
                gx.bind();
            }
        }

        @Override
        void forward() {
            INDArray c = cols.array();
            FloatBuffer in = values(x.array());
            FloatBuffer rows = values(c);
            FloatBuffer mask = ids == null ? null : values(ids.array());
            java.util.Arrays.fill(padded, 0f);
            for (int s = 0; s < n; s++) {
                in.get(s * steps * features, padded, pad * features, steps * features);
                zeroPadding(mask, s);
                for (int l = 0; l < outSteps; l++) {
                    int at = l * stride; // output step l's window starts here in the padded sequence
                    if (dilation == 1) {
                        System.arraycopy(padded, at * features, block, l * width, width);
                        continue;
                    }
                    for (int j = 0; j < op.kernel(); j++) {
                        System.arraycopy(
                                padded, (at + j * dilation) * features, block, l * width + j * features, features);
                    }
                }
                rows.put(s * outSteps * width, block, 0, block.length);
            }
            commit(c, rows);
            INDArray out = y.array().reshape('c', (long) n * outSteps, filters);
            Nd4j.gemm(c, weights, out, false, false, 1.0, 0.0);
            if (bias != null) {
                out.addiRowVector(bias);
            }
        }

        @Override
        void backward() {
            if (gy == null) {
                return;
            }
            INDArray g = gy.array().reshape('c', (long) n * outSteps, filters);
            Nd4j.gemm(cols.array(), g, dWeight, true, false, 1.0, 0.0);
            if (dBias != null) {
                g.sum(dBias, 0);
            }
            if (!gx.needed) {
                return;
            }
            INDArray dc = colsGradient.array();
            Nd4j.gemm(g, weights, dc, false, true, 1.0, 0.0);
            FloatBuffer rows = values(dc);
            FloatBuffer out = values(gx.target);
            FloatBuffer mask = ids == null ? null : values(ids.array());
            for (int s = 0; s < n; s++) {
                java.util.Arrays.fill(padded, 0f);
                rows.get(s * outSteps * width, block, 0, block.length);
                for (int l = 0; l < outSteps; l++) {
                    for (int j = 0; j < op.kernel(); j++) {
                        int from = (l * stride + j * dilation) * features;
                        int at = l * width + j * features;
                        for (int i = 0; i < features; i++) {
                            padded[from + i] += block[at + i];
                        }
                    }
                }
                zeroPadding(mask, s); // the input was read as zeros there: no gradient
                out.put(s * steps * features, padded, pad * features, steps * features);
            }
            commit(gx.target, out);
            gx.commit();
        }

        /** Zeroes the padding steps of sample {@code s} in {@code padded} (nothing without a mask). */
        private void zeroPadding(FloatBuffer mask, int s) {
            if (mask == null) {
                return;
            }
            for (int l = 0; l < steps; l++) {
                if (mask.get(s * steps + l) == 0) {
                    java.util.Arrays.fill(padded, (pad + l) * features, (pad + l + 1) * features, 0f);
                }
            }
        }
    }

    /**
     * Pooling over time in windows one after another ({@link LayerOp.SequencePool}), or over the whole sequence (the
     * global poolings: one window): each window's largest value or mean over its real steps (token id not 0), 0 for a
     * window of padding only; backward to the step that gave the maximum (the first of equal ones), or the mean's share
     * {@code dy / count} to each real step. Windows do not overlap, so each step gets one gradient.
     */
    static final class SequenceWindowPool extends MaskedPool {
        private final int window;
        private final int outSteps;
        private final boolean max;
        private final int[] argmax;
        private final float[] inverseCount;
        private float[] acc;

        /** Windows of {@code window} steps; 0 for one window over the whole sequence ({@code y} then {@code [N, F]}). */
        SequenceWindowPool(int input, int tokens, int output, int window, boolean max, int i, Context ctx) {
            super(input, tokens, output, i, ctx);
            this.window = window == 0 ? length : window;
            this.max = max;
            outSteps = (length + this.window - 1) / this.window;
            argmax = max ? new int[n * outSteps * d] : null;
            inverseCount = max ? null : new float[n * outSteps];
        }

        @Override
        void bind() {
            super.bind();
            acc = new float[d];
        }

        @Override
        void forward() {
            INDArray ya = y.array();
            FloatBuffer t = mask();
            FloatBuffer in = values(x.array());
            FloatBuffer out = values(ya);
            for (int s = 0; s < n; s++) {
                for (int j = 0; j < outSteps; j++) {
                    int w = s * outSteps + j;
                    java.util.Arrays.fill(acc, max ? Float.NEGATIVE_INFINITY : 0f);
                    if (max) {
                        java.util.Arrays.fill(argmax, w * d, (w + 1) * d, -1);
                    }
                    int count = 0;
                    for (int l = j * window; l < Math.min(length, (j + 1) * window); l++) {
                        if (!real(t, s, l)) {
                            continue;
                        }
                        count++;
                        in.get((s * length + l) * d, row, 0, d);
                        for (int k = 0; k < d; k++) {
                            if (!max) {
                                acc[k] += row[k];
                            } else if (row[k] > acc[k]) {
                                acc[k] = row[k];
                                argmax[w * d + k] = l;
                            }
                        }
                    }
                    if (max && count == 0) {
                        java.util.Arrays.fill(acc, 0f); // padding only
                    } else if (!max) {
                        inverseCount[w] = 1f / Math.max(1, count);
                        for (int k = 0; k < d; k++) {
                            acc[k] *= inverseCount[w];
                        }
                    }
                    out.put(w * d, acc, 0, d);
                }
            }
            commit(ya, out);
        }

        @Override
        void backward() {
            if (!backwardNeeded()) {
                return;
            }
            FloatBuffer t = mask();
            FloatBuffer g = values(gy.array());
            gx.target.assign(0);
            FloatBuffer out = values(gx.target);
            for (int s = 0; s < n; s++) {
                for (int j = 0; j < outSteps; j++) {
                    int w = s * outSteps + j;
                    if (max) {
                        for (int k = 0; k < d; k++) {
                            int l = argmax[w * d + k];
                            if (l >= 0) {
                                out.put((s * length + l) * d + k, g.get(w * d + k));
                            }
                        }
                        continue;
                    }
                    g.get(w * d, row, 0, d);
                    for (int k = 0; k < d; k++) {
                        row[k] *= inverseCount[w];
                    }
                    for (int l = j * window; l < Math.min(length, (j + 1) * window); l++) {
                        if (real(t, s, l)) {
                            out.put((s * length + l) * d, row, 0, d);
                        }
                    }
                }
            }
            commit(gx.target, out);
            gx.commit();
        }
    }

    /** The mask of a shortened sequence ({@link LayerOp.SequenceMask}); made of ids, so it has no backward pass. */
    static final class SequenceMask extends Kernel {
        private final LayerOp.SequenceMask op;
        private final Tensor x;
        private final Tensor y;
        private final int n;
        private final int steps;
        private final int outSteps;
        private float[] in;

        SequenceMask(LayerOp.SequenceMask op, int i, Context ctx) {
            this.op = op;
            int f = ctx.forwardStep(i);
            x = ctx.read(op.input(), f);
            y = ctx.output(op.output(), f);
            n = (int) x.shape[0];
            steps = (int) x.shape[1];
            outSteps = (int) y.shape[1];
        }

        @Override
        void bind() {
            in = new float[steps];
        }

        @Override
        void forward() {
            INDArray ya = y.array();
            FloatBuffer ids = values(x.array());
            FloatBuffer out = values(ya);
            for (int s = 0; s < n; s++) {
                ids.get(s * steps, in, 0, steps);
                out.put(s * outSteps, op.of(in, steps, outSteps), 0, outSteps);
            }
            commit(ya, out);
        }
    }
}
