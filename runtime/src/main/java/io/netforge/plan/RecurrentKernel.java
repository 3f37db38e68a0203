package io.netforge.plan;

import io.netforge.graph.LayerOp;
import io.netforge.plan.Buffers.Tensor;
import io.netforge.plan.Kernels.Context;
import io.netforge.plan.Kernels.GradIn;
import io.netforge.plan.Plan.Kernel;
import io.netforge.util.HostLoops;
import java.nio.FloatBuffer;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the recurrent layers' kernels ({@link LstmKernel}, {@link GruKernel}) share, per direction: the input
 * projection of every step as one matrix product ({@code [N·steps, features] × [features, gates·h]}), the steps in
 * order with one small product {@code h_prev × W_r} each (BLAS straight on the rows of the whole sequence, a stride of
 * {@code steps} rows, so nothing is copied) and the cell's arithmetic in a Java loop; the gates and states of every
 * step kept for the backward pass, which walks the steps back and ends with {@code dW_x}, the biases and {@code dx} as
 * one product each. The outputs are the states, zeros at padding steps, or each direction's last state.
 *
 * <p>A padding step (token id 0) copies the state of the step before; in the backward pass the gradients pass through
 * it unchanged. Needs float32 arrays in host memory (the CPU backend).
 */
abstract class RecurrentKernel extends Kernel {
    final LayerOp.Recurrent op;
    final Context ctx;
    final Map<String, INDArray> grads;
    final Tensor x;
    final Tensor ids;
    final Tensor y;
    /** Per direction: each step's activated gates {@code [N, steps, gates·h]} (the projection before the loop). */
    final Tensor[] gates;
    /** Per direction: each step's state {@code [N, steps, h]}, a padding step's the one before it. */
    final Tensor[] states;
    /** Per direction: what the cell keeps besides ({@link #keptWidth}): an LSTM's cells, a GRU's recurrent products. */
    final Tensor[] kept;

    final Tensor gy;
    final GradIn gx;
    /** The gradient of the input-side pre-activations {@code [N, steps, gates·h]}. */
    final Tensor inputGradient;
    /** The gradient of the recurrent-side pre-activations: the same tensor for an LSTM, whose two sides are added. */
    final Tensor recurrentGradient;
    /** {@code dG_t × W_rᵀ}, one step's gradient of the state before it {@code [N, h]}. */
    final Tensor stateGradient;

    final int n;
    final int steps;
    final int features;
    final int h;
    final int gw;
    FloatPointer[] wx;
    FloatPointer[] wr;
    /** Per direction, {@link #states}, {@link #gates} and {@link #kept} for the per-step products. */
    Rows[] stateRows;

    Rows[] gateRows;
    Rows[] keptRows;
    private FloatPointer[] dWr;
    private Rows recurrentGradientRows;
    private Rows stateGradientRows;
    private FloatBuffer stateGradientValues;
    FloatBuffer[] bx;
    FloatBuffer[] br;
    /** The gradient of each sample's state (and of an LSTM's cell) flowing back to the step before. */
    float[] dh;

    float[] dc;
    float[] dInputBias;
    private FloatBuffer ones;
    float[] dRecurrentBias;

    RecurrentKernel(LayerOp.Recurrent op, int i, Context ctx, Map<String, INDArray> grads, boolean ownRecurrent) {
        this.op = op;
        this.ctx = ctx;
        this.grads = grads;
        int f = ctx.forwardStep(i);
        x = ctx.read(op.input(), f);
        ids = op.tokens() < 0 ? null : ctx.read(op.tokens(), f);
        y = ctx.output(op.output(), f);
        n = (int) x.shape[0];
        steps = (int) x.shape[1];
        features = (int) x.shape[2];
        h = op.units();
        gw = op.cell().gates * h;
        if ((long) n * steps * Math.max(gw, features) * Float.BYTES > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    op.layer() + ": a batch of " + n + " sequences of " + steps + " steps holds"
                            + " more than 2 GiB of gate values, more than the planned engine's recurrent kernel addresses in one"
                            + " buffer; use a smaller batch");
        }
        boolean training = ctx.training() && ctx.plan().needsGradient(op.output());
        int b = training ? ctx.backwardStep(i) : f;
        gates = new Tensor[op.directions()];
        states = new Tensor[op.directions()];
        kept = new Tensor[op.directions()];
        for (int d = 0; d < op.directions(); d++) {
            gates[d] = kept("recurrent gates", f, b, n, steps, gw);
            states[d] = kept("recurrent states", f, b, n, steps, h);
            kept[d] = kept("recurrent cells", f, b, n, steps, keptWidth());
        }
        if (training) {
            Buffers.use(x, b);
            if (ids != null) {
                Buffers.use(ids, b);
            }
            gy = ctx.plan().gradient(op.output());
            Buffers.use(gy, b);
            gx = new GradIn(ctx, op.input(), op.output(), b, false);
            inputGradient = scratch("recurrent gate gradients", b, n, steps, gw);
            recurrentGradient = ownRecurrent ? scratch("recurrent-side gradients", b, n, steps, gw) : inputGradient;
            stateGradient = scratch("recurrent state gradient", b, n, h);
        } else {
            gy = null;
            gx = null;
            inputGradient = null;
            recurrentGradient = null;
            stateGradient = null;
        }
    }

    /** Values per step and sample the cell keeps in {@link #kept}. */
    abstract int keptWidth();

    /** Runs direction {@code d}'s steps over {@link #gates} (holding the input projection without biases). */
    abstract void forwardSteps(int d, FloatBuffer mask);

    /**
     * Walks direction {@code d}'s steps back from {@link #dh} (the last state's gradient, or zeros), writing {@link
     * #inputGradient}, {@link #recurrentGradient}, the bias sums and {@code dW_r} ({@link #addRecurrentWeightGradient},
     * {@link #stateGradientOf}).
     */
    abstract void backwardSteps(int d, FloatBuffer mask, FloatBuffer g);

    private Tensor kept(String what, int f, int b, long... shape) {
        Tensor t = ctx.buffers().tensor(what, shape);
        Buffers.use(t, f);
        Buffers.use(t, b);
        return t;
    }

    private Tensor scratch(String what, int b, long... shape) {
        Tensor t = ctx.buffers().tensor(what, shape);
        Buffers.use(t, b);
        return t;
    }

    @Override
    void bind() {
        int dirs = op.directions();
        wx = new FloatPointer[dirs];
        wr = new FloatPointer[dirs];
        bx = new FloatBuffer[dirs];
        br = new FloatBuffer[dirs];
        for (int d = 0; d < dirs; d++) {
            wx[d] = pointer(ctx.graph().array(op.inputWeight(d)));
            wr[d] = pointer(ctx.graph().array(op.recurrentWeight(d)));
            bx[d] = floats(ctx.graph().array(op.inputBias(d)));
            br[d] = floats(ctx.graph().array(op.recurrentBias(d)));
        }
        stateRows = new Rows[dirs];
        gateRows = new Rows[dirs];
        keptRows = new Rows[dirs];
        dWr = new FloatPointer[dirs];
        for (int d = 0; d < dirs; d++) {
            stateRows[d] = new Rows(pointer(states[d].array()));
            gateRows[d] = new Rows(pointer(gates[d].array()));
            keptRows[d] = new Rows(pointer(kept[d].array()));
            if (gy != null) {
                dWr[d] = pointer(grads.get(op.recurrentWeight(d)));
            }
        }
        if (gy != null) {
            recurrentGradientRows = new Rows(pointer(recurrentGradient.array()));
            stateGradientRows = new Rows(pointer(stateGradient.array()));
            stateGradientValues = floats(stateGradient.array());
        }
        dh = new float[n * h];
        dc = new float[n * h];
        dInputBias = new float[gw];
        dRecurrentBias = new float[gw];
        if (gx != null) {
            gx.bind();
        }
    }

    final FloatBuffer floats(INDArray a) {
        FloatBuffer f = HostLoops.contiguousFloats(a);
        if (f == null) {
            throw new UnsupportedOperationException(
                    op.layer() + ": " + (op.cell() == LayerOp.Recurrent.Cell.LSTM ? "@Lstm" : "@Gru")
                            + " on the planned engine needs float32 arrays in host memory (the CPU backend); use"
                            + " -Dnetforge.engine=samediff");
        }
        return f;
    }

    final FloatPointer pointer(INDArray a) {
        floats(a); // the same conditions
        return HostGemm.pointer(a);
    }

    /**
     * A pointer into one of the plan's arrays, made when the plan binds: the per-step products move it to a step's rows
     * ({@link #at}) rather than making a pointer and a buffer view each step.
     */
    static final class Rows {
        private final FloatPointer pointer;
        private final long start;

        Rows(FloatPointer pointer) {
            this.pointer = pointer;
            this.start = pointer.position();
        }

        /** The pointer moved {@code by} floats past the array's first value (JavaCPP passes its position to BLAS). */
        FloatPointer at(long by) {
            return pointer.position(start + by);
        }
    }

    /** Step {@code t}'s rows of {@code target} {@code [N, steps, gw]} {@code = beta·… + states[:, before] × W_r}. */
    final void recurrentProduct(int d, int before, int t, Rows target, float beta) {
        HostGemm.gemm(
                false,
                false,
                n,
                gw,
                h,
                stateRows[d].at((long) before * h),
                steps * h,
                wr[d],
                gw,
                beta,
                target.at((long) t * gw),
                steps * gw);
    }

    /** {@code dW_r (+)= states[:, before]ᵀ × dG_r[:, t]}. */
    final void addRecurrentWeightGradient(int d, int before, int t, boolean first) {
        HostGemm.gemm(
                true,
                false,
                h,
                gw,
                n,
                stateRows[d].at((long) before * h),
                steps * h,
                recurrentGradientRows.at((long) t * gw),
                steps * gw,
                first ? 0f : 1f,
                dWr[d],
                gw);
    }

    /** {@code dG_r[:, t] × W_rᵀ} into {@link #stateGradient}, returned as floats {@code [N, h]}. */
    final FloatBuffer stateGradientOf(int d, int t) {
        HostGemm.gemm(
                false,
                true,
                n,
                h,
                gw,
                recurrentGradientRows.at((long) t * gw),
                steps * gw,
                wr[d],
                gw,
                0f,
                stateGradientRows.at(0),
                h);
        return stateGradientValues;
    }

    /** The token ids whose zeros mark padding steps; for a sequence input (no ids) a buffer of ones. */
    private FloatBuffer mask() {
        if (ids != null) {
            return floats(ids.array());
        }
        if (ones == null) {
            float[] one = new float[n * steps];
            java.util.Arrays.fill(one, 1f);
            ones = FloatBuffer.wrap(one);
        }
        return ones;
    }

    /** Whether a fused kernel ran the whole forward pass into {@link #states} (then its backward runs too). */
    boolean forwardFused(FloatBuffer mask) {
        return false;
    }

    /** Runs the fused backward pass after a fused forward one: the gradients of the weights, the biases and the input. */
    boolean backwardFused() {
        return false;
    }

    @Override
    void forward() {
        FloatBuffer mask = mask();
        FloatBuffer out = floats(y.array());
        if (forwardFused(mask)) {
            write(0, mask, out);
            return;
        }
        for (int d = 0; d < op.directions(); d++) {
            HostGemm.gemm(
                    false,
                    false,
                    n * steps,
                    gw,
                    features,
                    pointer(x.array()),
                    features,
                    wx[d],
                    gw,
                    0f,
                    pointer(gates[d].array()),
                    gw);
            forwardSteps(d, mask);
            write(d, mask, out);
        }
    }

    /** Direction {@code d}'s part of the output: its states (zeros at padding steps) or its last state. */
    private void write(int d, FloatBuffer mask, FloatBuffer out) {
        FloatBuffer state = floats(states[d].array());
        int width = op.width();
        int column = op.sum() ? 0 : d * h;
        boolean add = op.sum() && d == 1;
        int last = d == 0 ? steps - 1 : 0;
        for (int b = 0; b < n; b++) {
            for (int t = op.sequences() ? 0 : last; t < (op.sequences() ? steps : last + 1); t++) {
                int row = b * steps + t;
                boolean real = !op.sequences() || mask.get(row) != 0;
                int o = (op.sequences() ? row : b) * width + column;
                for (int k = 0; k < h; k++) {
                    float v = real ? state.get(row * h + k) : 0f;
                    out.put(o + k, add ? out.get(o + k) + v : v);
                }
            }
        }
    }

    /** What one part of the batch's rows does in a step: rows {@code [from, to)}, part {@code part}. */
    @FunctionalInterface
    interface RowPart {
        void run(int part, int from, int to);
    }

    /** Cells a step must have before its rows are split among the cores: below it a task costs more than it saves. */
    private static final int PARALLEL_CELLS = 4096;

    /**
     * Parts the batch's rows are split into for the per-step loops (the common pool's workers and the caller): the gate
     * loops are plain Java, one core each, while the products around them already use every core.
     */
    int rowParts() {
        int cores = java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1;
        return (long) n * h < PARALLEL_CELLS ? 1 : Math.max(1, Math.min(cores, n));
    }

    /**
     * Runs {@code body} on each part of the rows, the parts in parallel: rows are independent within a step, so each
     * part writes its own rows; sums across rows go to per-part arrays that the caller adds up in part order, so the
     * result does not depend on which thread ran which part.
     */
    void inRowParts(RowPart body) {
        int parts = rowParts();
        if (parts == 1) {
            body.run(0, 0, n);
            return;
        }
        java.util.stream.IntStream.range(0, parts)
                .parallel()
                .forEach(p -> body.run(p, (int) ((long) n * p / parts), (int) ((long) n * (p + 1) / parts)));
    }

    static float sigmoid(float z) {
        return (float) (1.0 / (1.0 + Math.exp(-z)));
    }

    /** {@code tanh} as {@code 1 - 2 / (e^{2z} + 1)}: Math.tanh is not an intrinsic, exp is. */
    static float tanh(float z) {
        return (float) (1.0 - 2.0 / (Math.exp(2.0 * z) + 1.0));
    }

    @Override
    void backward() {
        if (gy == null) {
            return;
        }
        if (backwardFused()) {
            if (gx != null) {
                gx.commit();
            }
            return;
        }
        FloatBuffer mask = mask();
        FloatBuffer g = floats(gy.array());
        for (int d = 0; d < op.directions(); d++) {
            int width = op.width();
            int column = op.sum() ? 0 : d * h;
            java.util.Arrays.fill(dc, 0f);
            java.util.Arrays.fill(dInputBias, 0f);
            java.util.Arrays.fill(dRecurrentBias, 0f);
            if (op.sequences()) {
                java.util.Arrays.fill(dh, 0f);
            } else {
                for (int b = 0; b < n; b++) {
                    g.get(b * width + column, dh, b * h, h);
                }
            }
            backwardSteps(d, mask, g);
            FloatPointer dG = pointer(inputGradient.array());
            HostGemm.gemm(
                    true,
                    false,
                    features,
                    gw,
                    n * steps,
                    pointer(x.array()),
                    features,
                    dG,
                    gw,
                    0f,
                    pointer(grads.get(op.inputWeight(d))),
                    gw);
            floats(grads.get(op.inputBias(d))).put(0, dInputBias, 0, gw);
            floats(grads.get(op.recurrentBias(d))).put(0, dRecurrentBias, 0, gw);
            if (gx != null && gx.needed) {
                HostGemm.gemm(
                        false,
                        true,
                        n * steps,
                        features,
                        gw,
                        dG,
                        gw,
                        wx[d],
                        gw,
                        d == 0 ? 0f : 1f,
                        pointer(gx.target),
                        features);
            }
        }
        if (gx != null) {
            gx.commit();
        }
    }

    /** {@code dW_r} of direction {@code d} when no step had a step before it (a one-step sequence). */
    final void noRecurrentWeightGradient(int d) {
        grads.get(op.recurrentWeight(d)).assign(0);
    }
}
