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
 * An LSTM ({@link LayerOp.Lstm}) as the planned engine runs it, per direction: the input projection of every step as
 * one matrix product ({@code [N·steps, features] × [features, 4h]}), then the steps in order, each one small product
 * {@code h_prev × W_r} added onto that step's rows in place (BLAS with the row stride of the whole sequence, so nothing
 * is copied) and the gates, cell and state in one Java loop. The activated gates, cells and states of every step stay
 * for the backward pass, which walks the steps back: the gates' gradients in one loop, {@code dh_prev = dG × W_rᵀ} and
 * {@code dW_r += h_prevᵀ × dG} per step, {@code dW_x}, {@code dx} as one product each at the end.
 *
 * <p>A padding step (token id 0) copies the state and cell of the step before and outputs zeros; in the backward pass
 * the gradients pass through it unchanged. Needs float32 arrays in host memory (the CPU backend).
 */
final class LstmKernel extends Kernel {
    private final LayerOp.Lstm op;
    private final Context ctx;
    private final Tensor x;
    private final Tensor ids;
    private final Tensor y;
    private final Tensor[] gates;
    private final Tensor[] cells;
    private final Tensor[] states;
    private final Tensor gy;
    private final GradIn gx;
    private final Tensor gateGradient;
    private final Tensor recurrent;
    private final Map<String, INDArray> grads;
    private final int n;
    private final int steps;
    private final int features;
    private final int h;
    private final int g4;
    private final boolean training;
    private FloatPointer[] wx;
    private FloatPointer[] wr;
    private FloatBuffer[] bx;
    private FloatBuffer[] br;
    private float[] bias;
    private float[] dh;
    private float[] dc;
    private float[] dBias;

    LstmKernel(LayerOp.Lstm op, int i, Context ctx, Map<String, INDArray> grads) {
        this.op = op;
        this.ctx = ctx;
        this.grads = grads;
        int f = ctx.forwardStep(i);
        x = ctx.read(op.input(), f);
        ids = ctx.read(op.tokens(), f);
        y = ctx.output(op.output(), f);
        n = (int) x.shape[0];
        steps = (int) x.shape[1];
        features = (int) x.shape[2];
        h = op.units();
        g4 = 4 * h;
        training = ctx.training() && ctx.plan().needsGradient(op.output());
        int b = training ? ctx.backwardStep(i) : f;
        gates = new Tensor[op.directions()];
        cells = new Tensor[op.directions()];
        states = new Tensor[op.directions()];
        for (int d = 0; d < op.directions(); d++) {
            gates[d] = kept("LSTM gates", f, b, n, steps, g4);
            cells[d] = kept("LSTM cells", f, b, n, steps, h);
            states[d] = kept("LSTM states", f, b, n, steps, h);
        }
        if (training) {
            Buffers.use(x, b);
            Buffers.use(ids, b);
            gy = ctx.plan().gradient(op.output());
            Buffers.use(gy, b);
            gx = new GradIn(ctx, op.input(), op.output(), b, false);
            gateGradient = ctx.buffers().tensor("LSTM gate gradients", n, steps, g4);
            Buffers.use(gateGradient, b);
            recurrent = ctx.buffers().tensor("LSTM recurrent gradient", n, h);
            Buffers.use(recurrent, b);
        } else {
            gy = null;
            gx = null;
            gateGradient = null;
            recurrent = null;
        }
    }

    /** A scratch tensor alive from the forward step {@code f} to the backward step {@code b}. */
    private Tensor kept(String what, int f, int b, long... shape) {
        Tensor t = ctx.buffers().tensor(what, shape);
        Buffers.use(t, f);
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
        bias = new float[g4];
        dh = new float[n * h];
        dc = new float[n * h];
        dBias = new float[g4];
        if (gx != null) {
            gx.bind();
        }
    }

    private FloatBuffer floats(INDArray a) {
        FloatBuffer f = HostLoops.contiguousFloats(a);
        if (f == null) {
            throw new UnsupportedOperationException(op.layer() + ": @Lstm on the planned engine needs float32 arrays in"
                    + " host memory (the CPU backend); use -Dnetforge.engine=samediff");
        }
        return f;
    }

    private FloatPointer pointer(INDArray a) {
        floats(a); // the same conditions
        return HostGemm.pointer(a);
    }

    /** {@code p} moved {@code by} floats past its first value (JavaCPP passes a pointer's position to BLAS). */
    private static FloatPointer at(FloatPointer p, long start, long by) {
        return p.position(start + by);
    }

    @Override
    void forward() {
        FloatBuffer mask = floats(ids.array());
        FloatBuffer out = floats(y.array());
        for (int d = 0; d < op.directions(); d++) {
            forward(d, mask, out);
        }
    }

    private void forward(int d, FloatBuffer mask, FloatBuffer out) {
        INDArray xa = x.array();
        FloatPointer xp = pointer(xa);
        FloatPointer gp = pointer(gates[d].array());
        FloatPointer sp = pointer(states[d].array());
        long gStart = gp.position();
        long sStart = sp.position();
        // every step's input projection at once: [N·steps, features] × [features, 4h]
        HostGemm.gemm(false, false, n * steps, g4, features, xp, features, wx[d], g4, 0f, gp, g4);
        for (int j = 0; j < g4; j++) {
            bias[j] = bx[d].get(j) + br[d].get(j);
        }
        FloatBuffer gate = floats(gates[d].array());
        FloatBuffer cell = floats(cells[d].array());
        FloatBuffer state = floats(states[d].array());
        int width = op.width();
        int column = op.sum() ? 0 : d * h;
        boolean add = op.sum() && d == 1;
        for (int s = 0; s < steps; s++) {
            int t = d == 0 ? s : steps - 1 - s;
            int before = d == 0 ? t - 1 : t + 1;
            if (s > 0) { // gates[:, t] += states[:, before] × W_r, rows a whole sequence apart
                HostGemm.gemm(
                        false,
                        false,
                        n,
                        g4,
                        h,
                        at(sp, sStart, (long) before * h),
                        steps * h,
                        wr[d],
                        g4,
                        1f,
                        at(gp, gStart, (long) t * g4),
                        steps * g4);
            }
            for (int b = 0; b < n; b++) {
                int row = b * steps + t;
                int prev = b * steps + before;
                boolean kept = mask.get(row) != 0;
                for (int k = 0; k < h; k++) {
                    float c0 = s > 0 ? cell.get(prev * h + k) : 0f;
                    float h0 = s > 0 ? state.get(prev * h + k) : 0f;
                    if (!kept) {
                        cell.put(row * h + k, c0);
                        state.put(row * h + k, h0);
                        continue;
                    }
                    int at = row * g4 + k;
                    float gi = sigmoid(gate.get(at) + bias[k]);
                    float gf = sigmoid(gate.get(at + h) + bias[k + h]);
                    float gg = tanh(gate.get(at + 2 * h) + bias[k + 2 * h]);
                    float go = sigmoid(gate.get(at + 3 * h) + bias[k + 3 * h]);
                    gate.put(at, gi);
                    gate.put(at + h, gf);
                    gate.put(at + 2 * h, gg);
                    gate.put(at + 3 * h, go);
                    float c = gf * c0 + gi * gg;
                    cell.put(row * h + k, c);
                    state.put(row * h + k, go * tanh(c));
                }
                if (op.sequences()) {
                    int o = row * width + column;
                    for (int k = 0; k < h; k++) {
                        float v = kept ? state.get(row * h + k) : 0f;
                        out.put(o + k, add ? out.get(o + k) + v : v);
                    }
                }
            }
        }
        if (!op.sequences()) {
            int last = d == 0 ? steps - 1 : 0;
            for (int b = 0; b < n; b++) {
                int o = b * width + column;
                for (int k = 0; k < h; k++) {
                    float v = state.get((b * steps + last) * h + k);
                    out.put(o + k, add ? out.get(o + k) + v : v);
                }
            }
        }
    }

    private static float sigmoid(float z) {
        return (float) (1.0 / (1.0 + Math.exp(-z)));
    }

    /** {@code tanh} as {@code 1 - 2 / (e^{2z} + 1)}: Math.tanh is not an intrinsic, exp is. */
    private static float tanh(float z) {
        return (float) (1.0 - 2.0 / (Math.exp(2.0 * z) + 1.0));
    }

    @Override
    void backward() {
        if (gy == null) {
            return;
        }
        FloatBuffer mask = floats(ids.array());
        FloatBuffer g = floats(gy.array());
        for (int d = 0; d < op.directions(); d++) {
            backward(d, mask, g);
        }
        if (gx != null) {
            gx.commit();
        }
    }

    private void backward(int d, FloatBuffer mask, FloatBuffer g) {
        FloatBuffer gate = floats(gates[d].array());
        FloatBuffer cell = floats(cells[d].array());
        FloatBuffer dGate = floats(gateGradient.array());
        FloatBuffer rec = floats(recurrent.array());
        FloatPointer sp = pointer(states[d].array());
        FloatPointer dgp = pointer(gateGradient.array());
        FloatPointer rp = pointer(recurrent.array());
        long sStart = sp.position();
        long dgStart = dgp.position();
        INDArray dWr = grads.get(op.recurrentWeight(d));
        FloatPointer dwr = pointer(dWr);
        int width = op.width();
        int column = op.sum() ? 0 : d * h;
        java.util.Arrays.fill(dc, 0f);
        java.util.Arrays.fill(dBias, 0f);
        if (op.sequences()) {
            java.util.Arrays.fill(dh, 0f);
        } else {
            for (int b = 0; b < n; b++) {
                g.get(b * width + column, dh, b * h, h);
            }
        }
        boolean firstProduct = true;
        for (int s = steps - 1; s >= 0; s--) {
            int t = d == 0 ? s : steps - 1 - s;
            int before = d == 0 ? t - 1 : t + 1;
            for (int b = 0; b < n; b++) {
                int row = b * steps + t;
                boolean kept = mask.get(row) != 0;
                if (!kept) {
                    for (int j = 0; j < g4; j++) {
                        dGate.put(row * g4 + j, 0f);
                    }
                    continue; // dh and dc pass through unchanged
                }
                int prev = b * steps + before;
                for (int k = 0; k < h; k++) {
                    int at = row * g4 + k;
                    float gi = gate.get(at);
                    float gf = gate.get(at + h);
                    float gg = gate.get(at + 2 * h);
                    float go = gate.get(at + 3 * h);
                    float c = cell.get(row * h + k);
                    float c0 = s > 0 ? cell.get(prev * h + k) : 0f;
                    float dState = dh[b * h + k] + (op.sequences() ? g.get(row * width + column + k) : 0f);
                    float tc = tanh(c);
                    float dCell = dc[b * h + k] + dState * go * (1f - tc * tc);
                    float di = dCell * gg * gi * (1f - gi);
                    float df = dCell * c0 * gf * (1f - gf);
                    float dg = dCell * gi * (1f - gg * gg);
                    float dO = dState * tc * go * (1f - go);
                    dGate.put(at, di);
                    dGate.put(at + h, df);
                    dGate.put(at + 2 * h, dg);
                    dGate.put(at + 3 * h, dO);
                    dBias[k] += di;
                    dBias[k + h] += df;
                    dBias[k + 2 * h] += dg;
                    dBias[k + 3 * h] += dO;
                    dc[b * h + k] = dCell * gf;
                }
            }
            if (s == 0) {
                break;
            }
            // dW_r += states[:, before]ᵀ × dG[:, t]; dh_prev = dG[:, t] × W_rᵀ, for the steps that were not padding
            HostGemm.gemm(
                    true,
                    false,
                    h,
                    g4,
                    n,
                    at(sp, sStart, (long) before * h),
                    steps * h,
                    at(dgp, dgStart, (long) t * g4),
                    steps * g4,
                    firstProduct ? 0f : 1f,
                    dwr,
                    g4);
            firstProduct = false;
            HostGemm.gemm(false, true, n, h, g4, at(dgp, dgStart, (long) t * g4), steps * g4, wr[d], g4, 0f, rp, h);
            for (int b = 0; b < n; b++) {
                if (mask.get(b * steps + t) != 0) {
                    rec.get(b * h, dh, b * h, h);
                }
            }
        }
        if (firstProduct) {
            dWr.assign(0);
        }
        FloatPointer dgAll = at(dgp, dgStart, 0);
        HostGemm.gemm(
                true,
                false,
                features,
                g4,
                n * steps,
                pointer(x.array()),
                features,
                dgAll,
                g4,
                0f,
                pointer(grads.get(op.inputWeight(d))),
                g4);
        floats(grads.get(op.inputBias(d))).put(0, dBias, 0, g4);
        floats(grads.get(op.recurrentBias(d))).put(0, dBias, 0, g4);
        if (gx != null && gx.needed) {
            HostGemm.gemm(
                    false,
                    true,
                    n * steps,
                    features,
                    g4,
                    dgAll,
                    g4,
                    wx[d],
                    g4,
                    d == 0 ? 0f : 1f,
                    pointer(gx.target),
                    features);
        }
    }
}
