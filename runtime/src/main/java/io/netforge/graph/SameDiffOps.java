package io.netforge.graph;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PadMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SameDiff backend: makes the operations of a model's graph from its {@link LayerOp} list, one method per kind.
 * Every value has a training branch (batch statistics, dropout masks) and an evaluation branch (running statistics,
 * no dropout); both are the same {@link SDVariable} until the first mode-dependent operation, so models without
 * BatchNorm or dropout build each op once. The state variables and placeholders exist already ({@link GraphBuilder}
 * made them); this class adds only operations, in the order of the list.
 */
final class SameDiffOps implements LayerOp.Visitor<Void> {
    /** Both branches of every value, by value number. */
    @SuppressWarnings("ArrayRecordComponent") // filled once by build, read-only after
    record Values(SDVariable[] trainBranch, SDVariable[] evalBranch) {
        SDVariable train(int id) {
            return trainBranch[id];
        }

        SDVariable eval(int id) {
            return evalBranch[id];
        }

        /** The names of both branches of each value: {@code [id][0]} training, {@code [id][1]} evaluation. */
        String[][] names() {
            String[][] n = new String[trainBranch.length][];
            for (int i = 0; i < n.length; i++) {
                n[i] = new String[] {trainBranch[i].name(), evalBranch[i].name()};
            }
            return n;
        }
    }

    /** {@code 1/√2}, GELU's scale inside the error function. */
    private static final double GELU_SCALE = 1 / Math.sqrt(2);

    private final SameDiff sd;
    private final NetGraph.Ops ops;
    private final DataType dataType;
    private final SDVariable[] train;
    private final SDVariable[] eval;

    private SameDiffOps(SameDiff sd, NetGraph.Ops ops) {
        this.sd = sd;
        this.ops = ops;
        SDVariable input = sd.getVariable(GraphBuilder.INPUT);
        this.dataType = input.dataType();
        int n = ops.valueShapes().size();
        this.train = new SDVariable[n];
        this.eval = new SDVariable[n];
        train[0] = input;
        eval[0] = input;
    }

    /** Adds the operations of {@code ops} to {@code sd}, which holds their input, parameters and placeholders. */
    static Values build(SameDiff sd, NetGraph.Ops ops) {
        SameDiffOps b = new SameDiffOps(sd, ops);
        for (LayerOp op : ops.list()) {
            op.accept(b);
        }
        return new Values(b.train.clone(), b.eval.clone());
    }

    @Override
    public Void dense(LayerOp.Dense op) {
        SDVariable w = sd.getVariable(op.weight());
        SDVariable b = op.bias() == null ? null : sd.getVariable(op.bias());
        long[] in = ops.shape(op.input());
        long[] out = ops.shape(op.output());
        boolean perStep = in.length == 2; // a sequence: every step through the same weights
        return map(op.input(), op.output(), v -> {
            // x.mmul(W).add(b), not sd.nn.linear: xw_plus_b trains wrongly on the oneDNN builds (docs/samediff.md,
            // fact 14).
            SDVariable y = (perStep ? v.reshape(-1, in[1]) : v).mmul(w);
            y = b == null ? y : y.add(b);
            return perStep ? y.reshape(-1, out[0], out[1]) : y;
        });
    }

    @Override
    public Void conv(LayerOp.Conv op) {
        SDVariable w = sd.getVariable(op.weight());
        SDVariable b = op.bias() == null ? null : sd.getVariable(op.bias());
        Conv2DConfig cfg = Nd4jConfigs.conv(op);
        return map(
                op.input(),
                op.output(),
                v -> b == null ? sd.cnn().conv2d(v, w, cfg) : sd.cnn().conv2d(v, w, b, cfg));
    }

    @Override
    public Void pool(LayerOp.Pool op) {
        // Average pooling pads explicitly with zeros and pools the padded map (Nd4jConfigs.pool).
        int padding = op.padding();
        Pooling2DConfig cfg = Nd4jConfigs.pool(op);
        return map(op.input(), op.output(), v -> {
            if (op.max()) {
                return sd.cnn().maxPooling2d(v, cfg);
            }
            SDVariable in = padding == 0
                    ? v
                    : sd.nn()
                            .pad(
                                    v,
                                    sd.constant(Nd4j.createFromArray(
                                            new int[][] {{0, 0}, {0, 0}, {padding, padding}, {padding, padding}})),
                                    PadMode.CONSTANT,
                                    0.0);
            return sd.cnn().avgPooling2d(in, cfg);
        });
    }

    @Override
    public Void globalAvgPool(LayerOp.GlobalAvgPool op) {
        return map(op.input(), op.output(), v -> v.mean(2, 3));
    }

    @Override
    public Void add(LayerOp.Add op) {
        SDVariable t = train[op.left()].add(train[op.right()]);
        train[op.output()] = t;
        eval[op.output()] = shared(op.left()) && shared(op.right()) ? t : eval[op.left()].add(eval[op.right()]);
        return null;
    }

    @Override
    public Void flatten(LayerOp.Flatten op) {
        long n = Sizes.product(ops.shape(op.output()));
        return map(op.input(), op.output(), v -> v.reshape(-1, n));
    }

    @Override
    public Void activation(LayerOp.Activation op) {
        return map(op.input(), op.output(), v -> switch (op.kind()) {
            case RELU -> sd.nn().relu(v, 0);
            case LEAKY_RELU -> sd.nn().leakyRelu(v, op.alpha());
            case SIGMOID -> sd.nn().sigmoid(v);
            case TANH -> sd.math().tanh(v);
            case SOFTMAX -> sd.nn().softmax(v, 1);
            // x (1 + erf(x/√2)) / 2 from ops with gradients: SameDiff's gelu is an approximation (x σ(1.702 x))
            case GELU -> v.mul(sd.math().erf(v.mul(GELU_SCALE)).add(1.0)).mul(0.5);
        });
    }

    /**
     * PyTorch's BatchNorm: the training branch normalizes with the batch mean and biased variance, built from
     * primitive ops (whose gradients work, unlike {@code sd.nn.batchNorm}); the evaluation branch with the running
     * statistics.
     */
    @Override
    public Void batchNorm(LayerOp.BatchNorm op) {
        long[] s = ops.shape(op.input());
        boolean image = s.length == 3;
        long c = s[0];
        int[] axes = image ? new int[] {0, 2, 3} : new int[] {0};
        long[] bcast = image ? new long[] {1, c, 1, 1} : new long[] {1, c};
        SDVariable gamma = sd.getVariable(op.gamma()).reshape(bcast);
        SDVariable beta = sd.getVariable(op.beta()).reshape(bcast);
        BatchNormState state = op.state();
        SDVariable x = train[op.input()];
        SDVariable mean = sd.mean(state.batchMean(), x, true, axes);
        SDVariable centered = x.sub(mean);
        SDVariable var = sd.mean(state.batchVar(), centered.mul(centered), true, axes);
        // (x - mean) * (gamma / sqrt(var + eps)) + beta, the per-channel factor made full-size first: libnd4j's
        // gradients of a broadcast multiply or divide (and of square) are 20-50x slower than these ops' own
        // (docs/performance.md, finding 6)
        SDVariable scale = gamma.div(sd.math().sqrt(var.add(op.eps())));
        train[op.output()] = centered.mul(expand(scale, centered)).add(beta);
        eval[op.output()] = eval[op.input()]
                .sub(sd.getVariable(state.runningMean()).reshape(bcast))
                .div(sd.math()
                        .sqrt(sd.getVariable(state.runningVar()).reshape(bcast).add(op.eps())))
                .mul(gamma)
                .add(beta);
        return null;
    }

    /**
     * {@code (x - mean) / sqrt(var + eps) * gamma + beta} per sample, from primitive ops: SameDiff's own
     * {@code layer_norm} divides by the standard deviation plus 1e-12 with no epsilon under the root, which is
     * Infinity for a float row of equal values (LayerNormTest pins it).
     */
    @Override
    public Void layerNorm(LayerOp.LayerNorm op) {
        SDVariable gamma = sd.getVariable(op.gamma());
        SDVariable beta = sd.getVariable(op.beta());
        long[] shape = ops.shape(op.input());
        boolean perStep = shape.length == 2; // a sequence: each step's features, as rows
        return map(op.input(), op.output(), x -> {
            SDVariable v = perStep ? x.reshape(-1, shape[1]) : x;
            SDVariable centered = v.sub(v.mean(true, 1));
            SDVariable var = centered.mul(centered).mean(true, 1);
            SDVariable y =
                    centered.div(sd.math().sqrt(var.add(op.eps()))).mul(gamma).add(beta);
            return perStep ? y.reshape(-1, shape[0], shape[1]) : y;
        });
    }

    @Override
    public Void dropout(LayerOp.Dropout op) {
        SDVariable mask = sd.getVariable(op.mask().placeholder());
        SDVariable x = train[op.input()];
        // a channel mask [N, C, 1, 1] is made full-size first (see expand)
        SDVariable full = Arrays.equals(op.mask().sampleShape(), ops.shape(op.input())) ? mask : expand(mask, x);
        train[op.output()] = x.mul(full);
        eval[op.output()] = eval[op.input()];
        return null;
    }

    /**
     * The lookup as a one-hot product, {@code oneHot(ids, V) · (table with row 0 zeroed)}: its gradient is a matrix
     * product, which sums repeated ids; SameDiff's {@code gather} overwrites them (docs/samediff.md, fact 18). Row 0,
     * the padding, is multiplied by 0, so it gets no gradient, as PyTorch's {@code padding_idx}. {@code N × length × V}
     * values a batch: the reference engine's price for exact gradients.
     */
    @Override
    public Void embedding(LayerOp.Embedding op) {
        long v = op.vocabulary();
        long length = ops.shape(op.input())[0];
        org.nd4j.linalg.api.ndarray.INDArray keep = org.nd4j.linalg.factory.Nd4j.ones(dataType, v, 1);
        keep.putScalar(0, 0, 0.0);
        SDVariable table = sd.getVariable(op.table()).mul(sd.constant(keep));
        return map(
                op.input(),
                op.output(),
                ids -> sd.oneHot(sd.castTo(ids, DataType.INT32), op.vocabulary(), -1, 1.0, 0.0, dataType)
                        .reshape(-1, v)
                        .mmul(table)
                        .reshape(-1, length, op.dimension()));
    }

    /** The mean over the steps whose token id is not 0: a 0/1 mask from the ids, its sum the divisor (at least 1). */
    @Override
    public Void sequenceMeanPool(LayerOp.SequenceMeanPool op) {
        return maskedPool(op.input(), op.tokens(), op.output(), (mask, length) -> {
            SDVariable count = mask.sum(true, 1);
            SDVariable divisor = count.add(sd.castTo(count.eq(0.0), dataType));
            SDVariable steps = mask.reshape(-1, length, 1);
            return x -> x.mul(expand(steps, x)).sum(1).div(divisor);
        });
    }

    /** SameDiff's {@code conv1d} in NWC with explicit {@code kernel / 2} padding (the length kept). */
    @Override
    public Void conv1d(LayerOp.Conv1d op) {
        SDVariable w = sd.getVariable(op.weight());
        SDVariable b = op.bias() == null ? null : sd.getVariable(op.bias());

        int steps = (int) ops.shape(op.input())[0];
        int outSteps = (int) ops.shape(op.output())[0];
        if (op.dilation() > 1 || outSteps != steps || op.padding() != op.right(steps, outSteps)) {
            return tapsConv1d(op, w, b); // dilated, strided, valid or causal
        }
        org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv1DConfig config =
                new org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv1DConfig(
                        op.kernel(),
                        1,
                        op.padding(),
                        op.dilation(),
                        org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv1DConfig.NWC,
                        org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode.VALID);
        UnaryOperator<SDVariable> masked = maskedSteps(op);
        return map(op.input(), op.output(), x -> {
            SDVariable v = masked.apply(x);
            return b == null ? sd.cnn().conv1d(v, w, config) : sd.cnn().conv1d(v, w, b, config);
        });
    }

    /**
     * A dilated, strided, valid or causal 1-D convolution as a sum over the kernel's taps, each tap's steps moved into
     * place by a constant 0/1 matrix ({@code [steps, outputs]}: output step {@code l} reads input step {@code l × stride +
     * j × dilation - padding}, zeros beyond the ends) and multiplied by the tap's weights. SameDiff's {@code conv1d}
     * with a dilation fails on the oneDNN build in float32 (docs/samediff.md, fact 25), and it has no one-sided padding;
     * a reference, {@code O(kernel · steps · outputs)} a sample, where the planned engine's kernel is im2col.
     */
    private Void tapsConv1d(LayerOp.Conv1d op, SDVariable w, SDVariable b) {
        int steps = (int) ops.shape(op.input())[0];
        int outSteps = (int) ops.shape(op.output())[0];
        long features = ops.shape(op.input())[1];
        long filters = ops.shape(op.output())[1];
        SDVariable[] taps =
                op.kernel() == 1 ? new SDVariable[] {w.reshape(features, filters)} : sd.unstack(w, 0, op.kernel());
        SDVariable[] moves = new SDVariable[op.kernel()];
        for (int j = 0; j < op.kernel(); j++) {
            double[][] m = new double[steps][outSteps];
            for (int l = 0; l < outSteps; l++) {
                int from = l * op.stride() + j * op.dilation() - op.padding();
                if (from >= 0 && from < steps) {
                    m[from][l] = 1;
                }
            }
            moves[j] = sd.constant(Nd4j.createFromArray(m).castTo(dataType));
        }
        UnaryOperator<SDVariable> masked = maskedSteps(op);
        return map(op.input(), op.output(), x -> {
            SDVariable channels = masked.apply(x).permute(0, 2, 1).reshape(-1, steps); // [N·features, steps]
            SDVariable y = null;
            for (int j = 0; j < op.kernel(); j++) {
                SDVariable moved = channels.mmul(moves[j])
                        .reshape(-1, features, outSteps)
                        .permute(0, 2, 1)
                        .reshape(-1, features);
                SDVariable term = moved.mmul(taps[j]);
                y = y == null ? term : y.add(term);
            }
            return (b == null ? y : y.add(b)).reshape(-1, outSteps, filters);
        });
    }

    /**
     * A convolution's input with its padding steps read as zeros (times the mask, the text's steps only): what the
     * layer before wrote there never reaches a real step. The identity without a mask.
     */
    private UnaryOperator<SDVariable> maskedSteps(LayerOp.Conv1d op) {
        if (op.tokens() < 0) {
            return x -> x;
        }
        long steps = ops.shape(op.input())[0];
        SDVariable mask = stepMask(op.tokens(), steps).reshape(-1, steps, 1);
        return x -> x.mul(expand(mask, x));
    }

    /**
     * Pooling over time in windows one after another: the sequence (and its 0/1 mask) padded with zero steps to a
     * whole number of windows and reshaped to {@code [N, outputs, window, features]}; the max with padding steps pushed
     * down by 1e30, or the masked sum over the mask's count; a window of padding only multiplied by 0. A window of one
     * step is each step times its mask, without a reduction over a dimension of length 1 (docs/samediff.md, fact 22).
     */
    @Override
    public Void sequencePool(LayerOp.SequencePool op) {
        int steps = (int) ops.shape(op.input())[0];
        long features = ops.shape(op.input())[1];
        int out = (int) ops.shape(op.output())[0];
        int k = op.window();
        SDVariable mask = stepMask(op.tokens(), steps); // [N, steps]
        if (k == 1) {
            return map(op.input(), op.output(), x -> x.mul(expand(mask.reshape(-1, steps, 1), x)));
        }
        int padded = out * k;
        double[][] pad = new double[steps][padded]; // [steps, padded]: steps copied, zero steps after them
        for (int t = 0; t < steps; t++) {
            pad[t][t] = 1;
        }
        SDVariable padding = sd.constant(Nd4j.createFromArray(pad).castTo(dataType));
        SDVariable m = mask.mmul(padding).reshape(-1, out, k, 1); // [N, out, k, 1]
        SDVariable windowAny = m.reshape(-1, out, k).max(2).reshape(-1, out, 1); // [N, out, 1]
        SDVariable count = m.reshape(-1, out, k).sum(2).reshape(-1, out, 1);
        return map(op.input(), op.output(), x -> {
            SDVariable windows = x.permute(0, 2, 1)
                    .reshape(-1, steps)
                    .mmul(padding)
                    .reshape(-1, features, out, k)
                    .permute(0, 2, 3, 1); // [N, out, k, features]
            if (op.max()) {
                SDVariable down = m.sub(1.0).mul(1e30);
                return windows.add(expand(down, windows)).max(2).mul(expand(windowAny, windows.max(2)));
            }
            SDVariable sum = windows.mul(expand(m, windows)).sum(2); // [N, out, features]
            SDVariable divisor = count.add(sd.castTo(count.eq(0.0), dataType)); // a window of padding only: 0 / 1
            return sum.div(expand(divisor, sum));
        });
    }

    /** The 0/1 mask of a shortened sequence as a product with a constant window matrix, then {@code > 0}. */
    @Override
    public Void sequenceMask(LayerOp.SequenceMask op) {
        int steps = (int) ops.shape(op.input())[0];
        int out = (int) ops.shape(op.output())[0];
        double[][] a = new double[steps][out];
        for (int j = 0; j < out; j++) {
            int from = j * op.stride() + op.offset();
            for (int t = from; t < Math.min(steps, from + op.window()); t++) {
                a[t][j] = 1;
            }
        }
        SDVariable windows = sd.constant(Nd4j.createFromArray(a).castTo(dataType));
        return map(
                op.input(),
                op.output(),
                ids -> sd.castTo(sd.castTo(ids.neq(0.0), dataType).mmul(windows).gt(0.0), dataType));
    }

    /**
     * The largest value over the non-padding steps: padding steps pushed down by 1e30 before the max, and a sequence of
     * padding only multiplied by 0.
     */
    @Override
    public Void sequenceMaxPool(LayerOp.SequenceMaxPool op) {
        return maskedPool(op.input(), op.tokens(), op.output(), (mask, length) -> {
            SDVariable down = mask.sub(1.0).mul(1e30).reshape(-1, length, 1);
            SDVariable any = mask.max(true, 1);
            return x -> x.add(expand(down, x)).max(1).mul(any);
        });
    }

    /**
     * A recurrent layer unrolled into basic ops, step by step: not SameDiff's {@code lstmLayer}, whose gradient ignores
     * its {@code seqLen} (docs/samediff.md, fact 23), needs its last states requested on the oneDNN build and swaps two
     * activations (facts 19 and 20), nor {@code gru}, whose gradient is wrong (fact 21). A padding step keeps the state
     * ({@code s + m·(s' - s)}) and outputs zeros. Steps and gates are taken apart with {@code unstack}, not {@code
     * get}: {@code strided_slice_bp} fails once a step index reaches the gates' width (fact 24).
     */
    @Override
    public Void recurrent(LayerOp.Recurrent op) {
        int steps = (int) ops.shape(op.input())[0];
        long features = ops.shape(op.input())[1];
        int h = op.units();
        int g = op.cell().gates;
        boolean lstm = op.cell() == LayerOp.Recurrent.Cell.LSTM;
        SDVariable mask = stepMask(op.tokens(), steps).reshape(-1, steps, 1);
        return map(op.input(), op.output(), x -> {
            SDVariable flat = x.reshape(-1, features);
            SDVariable[] masks = null;
            SDVariable[] outputs = new SDVariable[op.directions()];
            for (int d = 0; d < op.directions(); d++) {
                SDVariable wr = sd.getVariable(op.recurrentWeight(d));
                SDVariable br = sd.getVariable(op.recurrentBias(d));
                SDVariable bx = sd.getVariable(op.inputBias(d));
                // an LSTM adds both biases to the input side; a GRU's b_hn sits inside the reset product
                SDVariable projected = flat.mmul(sd.getVariable(op.inputWeight(d)))
                        .add(lstm ? bx.add(br) : bx)
                        .reshape(-1, steps, (long) g * h);
                if (masks == null) { // [N, steps, 1] expanded to [N, steps, h], one [N, h] per step
                    SDVariable like = projected.reshape(-1, steps, g, h).mean(2);
                    masks = steps == 1
                            ? new SDVariable[] {expand(mask, like).reshape(-1, h)}
                            : sd.unstack(expand(mask, like), 1, steps);
                }
                SDVariable[] inputs = steps == 1
                        ? new SDVariable[] {projected.reshape(-1, (long) g * h)}
                        : sd.unstack(projected, 1, steps);
                SDVariable[] out = new SDVariable[steps];
                SDVariable state = null;
                SDVariable cell = null;
                for (int s = 0; s < steps; s++) {
                    int t = d == 0 ? s : steps - 1 - s;
                    // the first step's state is zeros, in the graph so that W_r has a gradient with one step too
                    SDVariable before =
                            state == null ? inputs[t].mul(0.0).reshape(-1, g, h).mean(1) : state;
                    SDVariable recurrentPart = before.mmul(wr);
                    SDVariable newState;
                    SDVariable newCell = null;
                    if (lstm) {
                        SDVariable[] z = sd.unstack(inputs[t].add(recurrentPart).reshape(-1, 4, h), 1, 4);
                        SDVariable i = sd.nn().sigmoid(z[0]);
                        SDVariable f = sd.nn().sigmoid(z[1]);
                        SDVariable c = sd.math().tanh(z[2]);
                        SDVariable o = sd.nn().sigmoid(z[3]);
                        newCell = cell == null ? i.mul(c) : f.mul(cell).add(i.mul(c));
                        newState = o.mul(sd.math().tanh(newCell));
                    } else {
                        SDVariable[] xs = sd.unstack(inputs[t].reshape(-1, 3, h), 1, 3);
                        SDVariable[] hs = sd.unstack(recurrentPart.add(br).reshape(-1, 3, h), 1, 3);
                        SDVariable r = sd.nn().sigmoid(xs[0].add(hs[0]));
                        SDVariable z = sd.nn().sigmoid(xs[1].add(hs[1]));
                        SDVariable n = sd.math().tanh(xs[2].add(r.mul(hs[2])));
                        newState = n.add(z.mul(before.sub(n))); // (1 - z)·n + z·h
                    }
                    SDVariable m = masks[t];
                    out[t] = newState.mul(m);
                    if (lstm) {
                        cell = cell == null
                                ? newCell.mul(m)
                                : cell.add(newCell.sub(cell).mul(m));
                    }
                    state = state == null
                            ? out[t]
                            : state.add(newState.sub(state).mul(m));
                }
                outputs[d] = op.sequences() ? (steps == 1 ? out[0].reshape(-1, 1, h) : sd.stack(1, out)) : state;
            }
            if (op.directions() == 1) {
                return outputs[0];
            }
            return op.sum() ? outputs[0].add(outputs[1]) : sd.concat(op.sequences() ? 2 : 1, outputs);
        });
    }

    /**
     * A pooling over a sequence's steps whose token id (in value {@code tokens}) is not 0: {@code pool} makes the
     * operation from the 0/1 mask {@code [N, steps]} and the length. A one-step sequence is its step times its mask,
     * for every pooling and without a reduction: a reduction over a dimension of length 1 throws in M2.1
     * (docs/samediff.md, fact 22).
     */
    /**
     * Multi-head attention's core: the queries, keys and values sliced from {@code [N, L, 3·inner]} and shaped {@code
     * [N, heads, L, d]}, the scaled scores plus the additive mask, a softmax over the keys, the weighted values, the
     * heads side by side again ({@link LayerOp.Attention}).
     */
    @Override
    public Void attention(LayerOp.Attention op) {
        long steps = ops.shape(op.input())[0];
        int h = op.heads();
        int d = op.headSize();
        long inner = (long) h * d;
        if (steps == 1) {
            // one key: its weight is 1 whatever the mask, so the output is the value (and SameDiff cannot reduce over a
            // dimension of length 1, docs/samediff.md fact 22)
            return map(
                    op.input(),
                    op.output(),
                    x -> x.get(
                            org.nd4j.autodiff.samediff.SDIndex.all(),
                            org.nd4j.autodiff.samediff.SDIndex.all(),
                            org.nd4j.autodiff.samediff.SDIndex.interval(2 * inner, 3 * inner)));
        }
        SDVariable padding = null;
        if (op.tokens() >= 0) {
            SDVariable real = stepMask(op.tokens(), steps); // [N, L]
            SDVariable any = real.max(true, 1); // a sequence of padding only masks nothing
            padding = real.sub(1.0).mul(any).mul(-LayerOp.Attention.MASKED).reshape(-1, 1, 1, steps);
        }
        SDVariable causal = null;
        if (op.causal()) {
            float[] upper = LayerOp.Attention.causalMask((int) steps);
            causal = sd.constant(
                    Nd4j.create(upper, new long[] {steps, steps}, 'c').castTo(dataType));
        }
        SDVariable padMask = padding;
        SDVariable causalMask = causal;
        double scale = 1.0 / Math.sqrt(d);
        SDVariable dropMask =
                op.dropout() == null ? null : sd.getVariable(op.dropout().placeholder());
        java.util.function.BiFunction<SDVariable, Boolean, SDVariable> attend = (x, training) -> {
            SDVariable[] qkv = new SDVariable[3];
            for (int j = 0; j < 3; j++) {
                qkv[j] = x.get(
                                org.nd4j.autodiff.samediff.SDIndex.all(),
                                org.nd4j.autodiff.samediff.SDIndex.all(),
                                org.nd4j.autodiff.samediff.SDIndex.interval(j * inner, (j + 1) * inner))
                        .reshape(-1, steps, h, d)
                        .permute(0, 2, 1, 3);
            }
            SDVariable scores = sd.mmul(qkv[0], qkv[1], false, true, false).mul(scale);
            if (padMask != null) {
                scores = scores.add(expand(padMask, scores));
            }
            if (causalMask != null) {
                scores = scores.add(causalMask);
            }
            SDVariable weights = sd.nn().softmax(scores, 3);
            if (training && dropMask != null) {
                weights = weights.mul(dropMask);
            }
            return sd.mmul(weights, qkv[2]).permute(0, 2, 1, 3).reshape(-1, steps, inner);
        };
        if (dropMask == null) {
            return map(op.input(), op.output(), x -> attend.apply(x, false));
        }
        train[op.output()] = attend.apply(train[op.input()], true);
        eval[op.output()] = attend.apply(eval[op.input()], false);
        return null;
    }

    /** The first {@code steps} rows of the table (or the sinusoids) added to every sample. */
    @Override
    public Void position(LayerOp.PositionEmbedding op) {
        long steps = ops.shape(op.input())[0];
        long features = ops.shape(op.input())[1];
        SDVariable rows;
        if (op.table() == null) {
            float[] pe = LayerOp.PositionEmbedding.sinusoids((int) steps, (int) features);
            rows = sd.constant(
                    Nd4j.create(pe, new long[] {steps, features}, 'c').castTo(dataType));
        } else {
            SDVariable table = sd.getVariable(op.table());
            rows = steps == op.length()
                    ? table
                    : table.get(
                            org.nd4j.autodiff.samediff.SDIndex.interval(0L, steps),
                            org.nd4j.autodiff.samediff.SDIndex.all());
        }
        SDVariable added = rows;
        return map(op.input(), op.output(), x -> x.add(added));
    }

    private Void maskedPool(
            int input,
            int tokens,
            int output,
            java.util.function.BiFunction<SDVariable, Long, UnaryOperator<SDVariable>> pool) {
        long length = ops.shape(input)[0];
        long features = ops.shape(input)[1];
        SDVariable mask = stepMask(tokens, length);
        if (length == 1) {
            return map(input, output, x -> x.reshape(-1, features).mul(mask));
        }
        return map(input, output, pool.apply(mask, length));
    }

    /**
     * {@code [N, steps]}: 1 where the token id in value {@code tokens} is not 0, or ones for a sequence input ({@code
     * tokens} -1), as many rows as the batch has samples.
     */
    private SDVariable stepMask(int tokens, long steps) {
        if (tokens >= 0) {
            return sd.castTo(train[tokens].neq(0.0), dataType);
        }
        // the batch size from the input placeholder, which both branches share: a shape taken from the training
        // branch's value would make the evaluation branch need the training branch's dropout masks
        SDVariable batch = train[0].shape().get(org.nd4j.autodiff.samediff.SDIndex.interval(0L, 1L));
        SDVariable shape = sd.concat(0, batch, sd.constant(Nd4j.createFromArray(new long[] {steps})));
        return sd.fill(shape, dataType, 1.0);
    }

    /** One op applied to both branches of {@code input}; once when they are one variable. */
    private Void map(int input, int output, UnaryOperator<SDVariable> op) {
        SDVariable t = op.apply(train[input]);
        train[output] = t;
        eval[output] = shared(input) ? t : op.apply(eval[input]);
        return null;
    }

    @SuppressWarnings("ReferenceEquality") // the question is whether both branches are the same variable object
    private boolean shared(int id) {
        return train[id] == eval[id];
    }

    /**
     * {@code small} broadcast to the shape of {@code like}, as an op of its own: {@code zeros(shape(like)) + small}.
     * A multiply of two same-shape tensors has a fast gradient in libnd4j; a broadcasting one ({@code multiply_bp}
     * tiling the small operand element by element) took 150 ms for a 64×64×32×32 tensor against 3 ms plus 5 ms
     * for this add's gradient. The zeros come from the shape alone, so no gradient flows into {@code like}.
     */
    private SDVariable expand(SDVariable small, SDVariable like) {
        return sd.fill(like.shape(), dataType, 0.0).add(small);
    }
}
