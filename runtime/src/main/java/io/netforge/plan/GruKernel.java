package io.netforge.plan;

import io.netforge.graph.LayerOp;
import io.netforge.plan.Kernels.Context;
import java.nio.FloatBuffer;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A GRU step by step ({@link RecurrentKernel}), PyTorch's {@code nn.GRU}: each step's product {@code h_prev × W_r}
 * goes to its own rows of {@link #kept} (the reset gate multiplies its candidate block with {@code b_hn} inside), then
 * {@code r}, {@code z}, {@code n} and {@code h = n + z·(h_prev - n)} in one loop; the activated gates replace the
 * projected inputs, and the candidate's {@code h_prev W_hn + b_hn} stays for the backward pass.
 */
final class GruKernel extends RecurrentKernel {
    GruKernel(LayerOp.Recurrent op, int i, Context ctx, Map<String, INDArray> grads) {
        super(op, i, ctx, grads, true);
    }

    @Override
    int keptWidth() {
        return gw;
    }

    @Override
    void forwardSteps(int d, FloatBuffer mask) {
        FloatBuffer gate = floats(gates[d].array());
        FloatBuffer rec = floats(kept[d].array());
        FloatBuffer state = floats(states[d].array());
        FloatBuffer bi = bx[d];
        FloatBuffer bh = br[d];
        for (int s = 0; s < steps; s++) {
            int t = d == 0 ? s : steps - 1 - s;
            int before = d == 0 ? t - 1 : t + 1;
            if (s > 0) {
                recurrentProduct(d, before, t, keptRows[d], 0f);
            }
            for (int b = 0; b < n; b++) {
                int row = b * steps + t;
                int prev = b * steps + before;
                boolean real = mask.get(row) != 0;
                for (int k = 0; k < h; k++) {
                    float h0 = s > 0 ? state.get(prev * h + k) : 0f;
                    if (!real) {
                        state.put(row * h + k, h0);
                        continue;
                    }
                    int at = row * gw + k;
                    float hr = s > 0 ? rec.get(at) : 0f;
                    float hz = s > 0 ? rec.get(at + h) : 0f;
                    float hn = (s > 0 ? rec.get(at + 2 * h) : 0f) + bh.get(k + 2 * h);
                    float r = sigmoid(gate.get(at) + bi.get(k) + hr + bh.get(k));
                    float z = sigmoid(gate.get(at + h) + bi.get(k + h) + hz + bh.get(k + h));
                    float c = tanh(gate.get(at + 2 * h) + bi.get(k + 2 * h) + r * hn);
                    gate.put(at, r);
                    gate.put(at + h, z);
                    gate.put(at + 2 * h, c);
                    rec.put(at + 2 * h, hn);
                    state.put(row * h + k, c + z * (h0 - c));
                }
            }
        }
    }

    @Override
    void backwardSteps(int d, FloatBuffer mask, FloatBuffer g) {
        FloatBuffer gate = floats(gates[d].array());
        FloatBuffer rec = floats(kept[d].array());
        FloatBuffer state = floats(states[d].array());
        FloatBuffer dx = floats(inputGradient.array());
        FloatBuffer dr = floats(recurrentGradient.array());
        int width = op.width();
        int column = op.sum() ? 0 : d * h;
        boolean first = true;
        for (int s = steps - 1; s >= 0; s--) {
            int t = d == 0 ? s : steps - 1 - s;
            int before = d == 0 ? t - 1 : t + 1;
            for (int b = 0; b < n; b++) {
                int row = b * steps + t;
                if (mask.get(row) == 0) {
                    for (int j = 0; j < gw; j++) {
                        dx.put(row * gw + j, 0f);
                        dr.put(row * gw + j, 0f);
                    }
                    continue; // dh passes through unchanged
                }
                int prev = b * steps + before;
                for (int k = 0; k < h; k++) {
                    int at = row * gw + k;
                    float r = gate.get(at);
                    float z = gate.get(at + h);
                    float c = gate.get(at + 2 * h);
                    float hn = rec.get(at + 2 * h);
                    float h0 = s > 0 ? state.get(prev * h + k) : 0f;
                    float dState = dh[b * h + k] + (op.sequences() ? g.get(row * width + column + k) : 0f);
                    float dn = dState * (1f - z) * (1f - c * c);
                    float dz = dState * (h0 - c) * z * (1f - z);
                    float drr = dn * hn * r * (1f - r);
                    dx.put(at, drr);
                    dx.put(at + h, dz);
                    dx.put(at + 2 * h, dn);
                    dr.put(at, drr);
                    dr.put(at + h, dz);
                    dr.put(at + 2 * h, dn * r);
                    dInputBias[k] += drr;
                    dInputBias[k + h] += dz;
                    dInputBias[k + 2 * h] += dn;
                    dRecurrentBias[k] += drr;
                    dRecurrentBias[k + h] += dz;
                    dRecurrentBias[k + 2 * h] += dn * r;
                    dh[b * h + k] = dState * z; // the direct path; the products through W_r are added below
                }
            }
            if (s == 0) {
                break;
            }
            addRecurrentWeightGradient(d, before, t, first);
            first = false;
            FloatBuffer through = stateGradientOf(d, t);
            for (int b = 0; b < n; b++) {
                if (mask.get(b * steps + t) != 0) {
                    for (int k = 0; k < h; k++) {
                        dh[b * h + k] += through.get(b * h + k);
                    }
                }
            }
        }
        if (first) {
            noRecurrentWeightGradient(d);
        }
    }
}
