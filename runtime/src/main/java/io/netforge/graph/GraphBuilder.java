package io.netforge.graph;

import io.netforge.annotations.LossFunction;
import io.netforge.annotations.Padding;
import io.netforge.annotations.Task;
import io.netforge.util.Quiet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Records a model one layer at a time as the list of its {@link LayerOp}s, the one representation every backend
 * reads; generated {@code <Model>Graph} classes call one method per layer. Each method checks the incoming shape (so
 * a hand-written graph fails here rather than inside a native op), creates the layer's state variables with their
 * initial values, names them after the layer ({@code fc1/W}) and records one operation. {@link #build} then makes
 * the SameDiff graph from the list ({@link SameDiffOps}), as the planned engine's kernels and the ONNX export do.
 */
public final class GraphBuilder {
    public static final String INPUT = "input";
    public static final String LABELS = "labels";
    public static final String LOSS = "loss";
    public static final String TRAIN_LOGITS = "train_logits";
    public static final String LOGITS = "logits";

    private final String modelName;
    private final SameDiff sd;
    private final Random rng;
    private final DataType dataType;
    private final List<Param> params = new ArrayList<>();
    private final List<BatchNormState> batchNorms = new ArrayList<>();
    private final List<DropoutMask> masks = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final java.util.Map<String, Integer> layerOutputs = new java.util.LinkedHashMap<>();
    private final List<LayerOp> ops = new ArrayList<>();
    private final List<Node> values = new ArrayList<>();
    private long[] inputShape;
    /** The token input's vocabulary (ids {@code 0 .. vocabulary - 1}, 0 the padding), or 0 for other inputs. */
    private int vocabulary;
    /**
     * The value holding the current sequence's padding mask (token ids, or a {@link LayerOp.SequenceMask} after a layer
     * that shortened the sequence): sequence layers come one after another, so one value serves each.
     */
    private int maskValue;

    public GraphBuilder(String modelName, long seed) {
        this(modelName, seed, DataType.FLOAT);
    }

    /** A builder for another floating-point type; tests use DOUBLE for exact finite differences. */
    GraphBuilder(String modelName, long seed, DataType dataType) {
        Quiet.install();
        this.modelName = modelName;
        this.sd = SameDiff.create();
        this.rng = new Random(seed);
        this.dataType = dataType;
    }

    /** Image input {@code [N, channels, height, width]}. */
    public Node imageInput(int channels, int height, int width) {
        return input(new long[] {channels, height, width});
    }

    /** Flat input {@code [N, features]}. */
    public Node flatInput(int features) {
        return input(new long[] {features});
    }

    /**
     * Sequence input {@code [N, steps, features]} (PyTorch's {@code batch_first}): every step real, none padding. Read by
     * the layers that take a sequence ({@code @Lstm}, {@code @Gru}, {@code @Conv1d}, the global poolings).
     */
    public Node sequenceInput(int steps, int features) {
        positive(modelName, "steps", steps);
        positive(modelName, "features", features);
        return input(new long[] {steps, features});
    }

    /**
     * Token input {@code [N, length]}: each sample a sequence of {@code length} token ids in {@code 0 .. vocabulary -
     * 1}, stored as floats, with 0 the padding (a {@code io.netforge.text.Vocabulary}'s ids). Only an {@link
     * #embedding} can read it; the sequences it makes are masked where the id is 0 (docs/data.md, "Text").
     */
    public Node tokenInput(int length, int vocabulary) {
        if (vocabulary < 2) {
            throw new IllegalArgumentException(modelName + ": Invalid value for `vocabulary`. Expected at least 2 ids"
                    + " (id 0 is the padding). Received: vocabulary=" + vocabulary);
        }
        Node in = input(new long[] {length});
        this.vocabulary = vocabulary;
        return in;
    }

    /**
     * An embedding, PyTorch's {@code nn.Embedding(vocabulary, dimension, padding_idx=0)}: each token id of {@code
     * tokens} replaced by its row of a {@code [vocabulary, dimension]} table, initialized from N(0, 1) with the padding
     * row 0 zero; the padding row stays zero (it gets no gradient), so a padded step is a zero vector. {@code [length]}
     * ids to a {@code [length, dimension]} sequence.
     */
    public Node embedding(String layer, Node tokens, int dimension) {
        if (!isTokens(tokens)) {
            throw new IllegalArgumentException(layer + ": @Embedding reads the token input (tokenInput), but receives "
                    + shapeText(tokens.shape()));
        }
        positive(layer, "dimension", dimension);
        long v = vocabulary;
        param(layer + "/embedding", new long[] {v, dimension}, Penalty.NONE, a -> {
            ParamInit.fillNormal(rng, a, 1.0);
            a.getRow(0).assign(0);
        });
        Node out = value(new long[] {tokens.shape()[0], dimension});
        return recorded(
                new LayerOp.Embedding(layer, id(tokens), out.id(), layer + "/embedding", vocabulary, dimension), out);
    }

    /**
     * A 1-D convolution over a sequence's steps, PyTorch's {@code nn.Conv1d(features, filters, kernel, padding=kernel
     * // 2)}: stride 1, an odd kernel, the length kept; weights {@code [kernel, features, filters]} (SameDiff's
     * {@code conv1d} layout; PyTorch's is {@code [filters, features, kernel]}).
     */
    public Node conv1d(String layer, Node x, int filters, int kernel, boolean bias, ParamInit init, Penalty penalty) {
        return conv1d(layer, x, filters, kernel, 1, bias, init, penalty);
    }

    /**
     * As {@link #conv1d(String, Node, int, int, boolean, ParamInit, Penalty)} with the kernel's values {@code dilation}
     * steps apart ({@code nn.Conv1d(…, dilation=d, padding=d * (kernel // 2))}): it spans {@code (kernel - 1) ×
     * dilation + 1} steps, the length kept.
     */
    public Node conv1d(
            String layer,
            Node x,
            int filters,
            int kernel,
            int dilation,
            boolean bias,
            ParamInit init,
            Penalty penalty) {
        return conv1d(layer, x, filters, kernel, 1, dilation, bias, init, penalty);
    }

    /**
     * As {@link #conv1d(String, Node, int, int, int, boolean, ParamInit, Penalty)} every {@code stride}-th step: {@code
     * ceil(steps / stride)} outputs, output {@code j} centred on input step {@code j × stride} ({@code nn.Conv1d(…,
     * stride=s, padding=d * (kernel // 2))}, the same length). On a padded text an output step is real where its centre
     * step is, and the layers after it read that shortened mask.
     */
    public Node conv1d(
            String layer,
            Node x,
            int filters,
            int kernel,
            int stride,
            int dilation,
            boolean bias,
            ParamInit init,
            Penalty penalty) {
        return conv1d(layer, x, filters, kernel, stride, dilation, Padding.SAME, bias, init, penalty);
    }

    /**
     * As {@link #conv1d(String, Node, int, int, int, int, boolean, ParamInit, Penalty)} with the windows placed by
     * {@code padding}: centred ({@code SAME}, an odd kernel), inside the sequence ({@code VALID}: {@code floor((steps -
     * span) / stride) + 1} steps, PyTorch's {@code padding=0}) or looking back ({@code CAUSAL}: {@code span - 1} zeros
     * before the first step). On a padded text an output step is real when its anchor is: step {@code j × stride}
     * (centred, causal) or its window's last step (valid).
     */
    public Node conv1d(
            String layer,
            Node x,
            int filters,
            int kernel,
            int stride,
            int dilation,
            Padding padding,
            boolean bias,
            ParamInit init,
            Penalty penalty) {
        requireSequence(layer, "@Conv1d", x);
        positive(layer, "stride", stride);
        java.util.Objects.requireNonNull(padding, "padding");
        positive(layer, "dilation", dilation);
        positive(layer, "filters", filters);
        if (kernel <= 0 || (padding == Padding.SAME && kernel % 2 == 0)) {
            throw new IllegalArgumentException(layer + ": Invalid value for `kernel`. Expected a positive odd integer"
                    + " (each output step centred on an input step). Received: kernel=" + kernel);
        }
        long steps = x.shape()[0];
        long features = x.shape()[1];
        long span = (long) (kernel - 1) * dilation + 1;
        if (span > steps) {
            throw new IllegalArgumentException(layer + ": kernel " + kernel + " spans " + span
                    + " steps, more than the sequence of " + steps + " steps");
        }
        long fanIn = features * kernel;
        long fanOut = (long) filters * kernel;
        param(
                layer + "/W",
                new long[] {kernel, features, filters},
                penalty,
                a -> init.fillWeights(rng, a, fanIn, fanOut));
        if (bias) {
            param(layer + "/b", new long[] {filters}, Penalty.NONE, a -> init.fillBiases(rng, a, fanIn));
        }
        long outSteps = padding == Padding.VALID ? (steps - span) / stride + 1 : (steps + stride - 1) / stride;
        int left = switch (padding) {
            case SAME -> dilation * (kernel / 2);
            case CAUSAL -> (int) span - 1;
            case VALID -> 0;
        };
        Node out = value(new long[] {outSteps, filters});
        Node result = recorded(
                new LayerOp.Conv1d(
                        layer,
                        id(x),
                        out.id(),
                        layer + "/W",
                        bias ? layer + "/b" : null,
                        kernel,
                        dilation,
                        stride,
                        mask(),
                        left),
                out);
        shortenMask(layer, steps, outSteps, 1, stride, padding == Padding.VALID ? (int) span - 1 : 0);
        return result;
    }

    /**
     * After a layer that shortened a padded text from {@code steps} to {@code ceil(steps / stride)}: the mask of the
     * new steps, a window of {@code window} steps each ({@link LayerOp.SequenceMask}).
     */
    private void shortenMask(String layer, long steps, long outSteps, int window, int stride, int offset) {
        if (vocabulary == 0 || (outSteps == steps && offset == 0)) {
            return;
        }
        Node mask = value(new long[] {outSteps});
        ops.add(new LayerOp.SequenceMask(layer, maskValue, mask.id(), window, stride, offset));
        maskValue = mask.id();
    }

    /**
     * Pooling over time: windows of {@code window} steps one after another, the last clipped at the end ({@code
     * ceil(steps / window)} outputs), the largest value or the mean of each feature over the window's real steps.
     * Keras' {@code MaxPooling1D(window)} on a sequence whose length the window divides; PyTorch's {@code
     * MaxPool1d(window, ceil_mode=True)}. On a padded text padding steps take no part, and a window of padding only
     * gives zeros.
     */
    private Node sequencePool(String layer, String kind, Node x, int window, int stride, int padding, boolean max) {
        positive(layer, "window", window);
        if ((stride != 0 && stride != window) || padding != 0) {
            throw new IllegalArgumentException(layer + ": " + kind + " over a sequence's steps pools windows one after"
                    + " another; stride " + stride + " and padding " + padding + " are not supported (leave them 0)");
        }
        long steps = x.shape()[0];
        if (window > steps) {
            throw new IllegalArgumentException(
                    layer + ": " + kind + " window " + window + " is longer than the sequence of " + steps + " steps");
        }
        Node out = value(new long[] {(steps + window - 1) / window, x.shape()[1]});
        Node result = recorded(new LayerOp.SequencePool(layer, id(x), mask(), out.id(), window, max), out);
        shortenMask(layer, steps, (steps + window - 1) / window, window, window, 0);
        return result;
    }

    /**
     * An LSTM over a sequence's steps, PyTorch's {@code nn.LSTM(features, units, batch_first=True)} with {@code
     * bidirectional} both directions ({@link LayerOp.Recurrent}): every step's output ({@code sequences}) or the last
     * state. Padding steps (token id 0) leave the state as it was and output zeros. Weights and biases start as
     * PyTorch's, uniform in ±1/√units (or as the model's {@code @Init} with fan-in {@code units}).
     */
    public Node lstm(
            String layer,
            Node x,
            int units,
            boolean sequences,
            io.netforge.annotations.Bidirectional bidirectional,
            ParamInit init,
            Penalty penalty) {
        return recurrent(
                LayerOp.Recurrent.Cell.LSTM, "@Lstm", layer, x, units, sequences, bidirectional, init, penalty);
    }

    /** A GRU, PyTorch's {@code nn.GRU(features, units, batch_first=True)}; otherwise as {@link #lstm}. */
    public Node gru(
            String layer,
            Node x,
            int units,
            boolean sequences,
            io.netforge.annotations.Bidirectional bidirectional,
            ParamInit init,
            Penalty penalty) {
        return recurrent(LayerOp.Recurrent.Cell.GRU, "@Gru", layer, x, units, sequences, bidirectional, init, penalty);
    }

    private Node recurrent(
            LayerOp.Recurrent.Cell cell,
            String kind,
            String layer,
            Node x,
            int units,
            boolean sequences,
            io.netforge.annotations.Bidirectional bidirectional,
            ParamInit init,
            Penalty penalty) {
        requireSequence(layer, kind, x);
        positive(layer, "units", units);
        long steps = x.shape()[0];
        long features = x.shape()[1];
        int directions = bidirectional == io.netforge.annotations.Bidirectional.NONE ? 1 : 2;
        boolean sum = bidirectional == io.netforge.annotations.Bidirectional.SUM;
        int width = directions == 2 && !sum ? 2 * units : units;
        Node out = value(sequences ? new long[] {steps, width} : new long[] {width});
        LayerOp.Recurrent op =
                new LayerOp.Recurrent(layer, cell, id(x), mask(), out.id(), units, sequences, directions, sum);
        long gates = (long) cell.gates * units;
        for (int d = 0; d < directions; d++) {
            param(
                    op.inputWeight(d),
                    new long[] {features, gates},
                    penalty,
                    a -> init.fillWeights(rng, a, units, gates));
            param(
                    op.recurrentWeight(d),
                    new long[] {units, gates},
                    penalty,
                    a -> init.fillWeights(rng, a, units, gates));
            param(op.inputBias(d), new long[] {gates}, Penalty.NONE, a -> init.fillBiases(rng, a, units));
            param(op.recurrentBias(d), new long[] {gates}, Penalty.NONE, a -> init.fillBiases(rng, a, units));
        }
        return recorded(op, out);
    }

    /**
     * Each feature's largest value over a sequence's steps whose token id is not the padding 0 ({@code [steps,
     * features]} to {@code features}; zeros for a sequence of padding only).
     */
    public Node globalMaxPool(String layer, Node x) {
        requireSequence(layer, "@GlobalMaxPool", x);
        Node out = value(new long[] {x.shape()[1]});
        return recorded(new LayerOp.SequenceMaxPool(layer, id(x), mask(), out.id()), out);
    }

    private void requireSequence(String layer, String kind, Node x) {
        if (isTokens(x) || x.shape().length != 2) {
            throw new IllegalArgumentException(layer + ": " + kind + " works on a sequence (after @Embedding, or a"
                    + " sequence input) but receives " + shapeText(x.shape()));
        }
    }

    /** The value whose zeros mark padding steps (the token input), or -1 for a sequence input, which has none. */
    private int mask() {
        return vocabulary > 0 ? maskValue : -1;
    }

    /** Whether {@code x} is the token input, which only an embedding reads. */
    private boolean isTokens(Node x) {
        return vocabulary > 0 && x.id() == 0;
    }

    private Node input(long[] shape) {
        if (inputShape != null) {
            throw new IllegalStateException(modelName + ": the input is already declared");
        }
        for (long d : shape) {
            positive("input", "shape", d);
        }
        inputShape = shape.clone();
        sd.placeHolder(INPUT, dataType, batched(shape));
        return value(shape);
    }

    /** Fully connected layer: {@code x W + b}, W of shape {@code [in, units]}. */
    public Node dense(String layer, Node x, int units, boolean bias, ParamInit init, Penalty penalty) {
        boolean perStep = flatOrEachStep(layer, "@Dense", x);
        positive(layer, "units", units);
        long in = x.shape()[x.shape().length - 1];
        param(layer + "/W", new long[] {in, units}, penalty, a -> init.fillWeights(rng, a, in, units));
        if (bias) {
            param(layer + "/b", new long[] {units}, Penalty.NONE, a -> init.fillBiases(rng, a, in));
        }
        // on a sequence, each step through the same weights (Keras' Dense on a 3-D input, nn.Linear on the last axis)
        Node out = value(perStep ? new long[] {x.shape()[0], units} : new long[] {units});
        return recorded(new LayerOp.Dense(layer, id(x), out.id(), layer + "/W", bias ? layer + "/b" : null), out);
    }

    /**
     * {@code repeat} Transformer encoder layers, PyTorch's {@code nn.TransformerEncoderLayer(features, heads,
     * feedForward, dropout, batch_first=True, norm_first=normFirst)} (stacked: {@code nn.TransformerEncoder}), made of
     * the recorded operations they are: {@link #multiHeadAttention} ({@code self_attn}), {@link #dropout}, residual
     * {@link #add}s, {@link #layerNorm}s ({@code norm1}, {@code norm2}, eps 1e-5) and the feed-forward network's
     * {@link #dense} layers ({@code linear1}, ReLU or with {@code gelu} GELU, {@code linear2}) on each step, named as PyTorch names them ({@code
     * <layer>.self_attn.in_proj_weight}, {@code <layer>.linear1.weight}, …; stacked {@code <layer>.layers.<i>.…}).
     */
    public Node transformerEncoder(
            String layer,
            Node x,
            int heads,
            int feedForward,
            double dropout,
            boolean gelu,
            boolean normFirst,
            boolean causal,
            int repeat,
            ParamInit init,
            Penalty penalty) {
        requireSequence(layer, "@TransformerEncoder", x);
        positive(layer, "heads", heads);
        positive(layer, "feedForward", feedForward);
        positive(layer, "repeat", repeat);
        rate(layer, "dropout", dropout);
        long features = x.shape()[1];
        if (features % heads != 0) {
            throw new IllegalArgumentException(layer + ": @TransformerEncoder splits the " + features
                    + " features of each step among " + heads + " heads, which does not divide them");
        }
        Node h = x;
        for (int i = 0; i < repeat; i++) {
            String m = repeat == 1 ? layer : layer + ".layers." + i;
            Node attended;
            if (normFirst) { // x + attn(norm1(x)), then x + ff(norm2(x))
                Node a = multiHeadAttention(
                        m + ".self_attn", layerNorm(m + ".norm1", h, 1e-5), heads, 0, dropout, causal, init, penalty);
                h = add(m + ".residual1", h, dropout(m + ".dropout1", a, dropout));
                Node f = feedForward(m, layerNorm(m + ".norm2", h, 1e-5), feedForward, dropout, gelu, init, penalty);
                h = add(m + ".residual2", h, f);
            } else { // norm1(x + attn(x)), then norm2(x + ff(x))
                attended = dropout(
                        m + ".dropout1",
                        multiHeadAttention(m + ".self_attn", h, heads, 0, dropout, causal, init, penalty),
                        dropout);
                h = layerNorm(m + ".norm1", add(m + ".residual1", h, attended), 1e-5);
                Node f = feedForward(m, h, feedForward, dropout, gelu, init, penalty);
                h = layerNorm(m + ".norm2", add(m + ".residual2", h, f), 1e-5);
            }
        }
        layerOutputs.put(layer, id(h));
        return h;
    }

    /** An encoder layer's {@code dropout2(linear2(dropout(relu(linear1(x)))))} on each step (GELU for ReLU). */
    private Node feedForward(String m, Node x, int units, double p, boolean gelu, ParamInit init, Penalty penalty) {
        Node hidden = dense(m + ".linear1", x, units, true, init, penalty);
        Node f = gelu ? gelu(m + ".linear1", hidden) : relu(m + ".linear1", hidden);
        f = dense(m + ".linear2", dropout(m + ".dropout", f, p), Math.toIntExact(x.shape()[1]), true, init, penalty);
        return dropout(m + ".dropout2", f, p);
    }

    /**
     * Each step's position added to a sequence ({@link LayerOp.PositionEmbedding}): a learned {@code [length,
     * features]} table drawn from N(0, 1) as PyTorch's {@code nn.Embedding}, or the fixed sinusoids.
     *
     * @param length positions in the table; 0 for the sequence's steps
     */
    public Node positionEmbedding(String layer, Node x, int length, boolean sinusoidal) {
        requireSequence(layer, "@PositionEmbedding", x);
        nonNegative(layer, "length", length);
        long steps = x.shape()[0];
        long features = x.shape()[1];
        long positions = length > 0 ? length : steps;
        if (positions < steps) {
            throw new IllegalArgumentException(layer + ": @PositionEmbedding has " + positions
                    + " positions but the sequence has " + steps + " steps");
        }
        String table = sinusoidal ? null : layer + "/positions";
        if (table != null) {
            param(table, new long[] {positions, features}, Penalty.NONE, a -> ParamInit.fillNormal(rng, a, 1.0));
        }
        Node out = value(x.shape());
        return recorded(new LayerOp.PositionEmbedding(layer, id(x), out.id(), table, Math.toIntExact(positions)), out);
    }

    /**
     * Multi-head self-attention over a sequence ({@code [steps, features]} to the same shape), PyTorch's {@code
     * nn.MultiheadAttention(features, heads, batch_first=True)} called as {@code mha(x, x, x)}: a dense layer on each
     * step makes the queries, keys and values ({@code in_proj}), {@link LayerOp.Attention} combines them per head, and a
     * second dense layer projects the heads back to {@code features} ({@code out_proj}). With the default
     * initialization, as PyTorch's: the in-projection Xavier-uniform, the out-projection uniform in ±1/√inner, both
     * biases zero.
     *
     * @param keyDimension values per head of each query, key and value; 0 for {@code features / heads}
     * @param dropout probability of dropping an attention weight in training (PyTorch's {@code dropout}); 0 for none
     */
    public Node multiHeadAttention(
            String layer,
            Node x,
            int heads,
            int keyDimension,
            double dropout,
            boolean causal,
            ParamInit init,
            Penalty penalty) {
        requireSequence(layer, "@MultiHeadAttention", x);
        positive(layer, "heads", heads);
        nonNegative(layer, "keyDimension", keyDimension);
        rate(layer, "dropout", dropout);
        long steps = x.shape()[0];
        long features = x.shape()[1];
        if (keyDimension == 0 && features % heads != 0) {
            throw new IllegalArgumentException(layer + ": @MultiHeadAttention splits the " + features
                    + " features of each step among " + heads + " heads, which does not divide them");
        }
        long headSize = keyDimension > 0 ? keyDimension : features / heads;
        long inner = heads * headSize;
        boolean pytorch = init.weights() == io.netforge.annotations.WeightInit.PYTORCH_DEFAULT;
        ParamInit in = pytorch ? ParamInit.of(io.netforge.annotations.WeightInit.XAVIER_UNIFORM, 0, 0, 0) : init;
        param(
                layer + "/in_W",
                new long[] {features, 3 * inner},
                penalty,
                a -> in.fillWeights(rng, a, features, 3 * inner));
        param(layer + "/in_b", new long[] {3 * inner}, Penalty.NONE, a -> {
            if (!pytorch) {
                init.fillBiases(rng, a, features);
            }
        });
        Node qkv = value(new long[] {steps, 3 * inner});
        recorded(
                new LayerOp.Dense(
                        layer,
                        id(x),
                        qkv.id(),
                        layer + "/in_W",
                        layer + "/in_b",
                        layer + ".in_proj_weight",
                        layer + ".in_proj_bias"),
                qkv);
        Node heads_ = value(new long[] {steps, inner});
        recorded(
                new LayerOp.Attention(
                        layer,
                        qkv.id(),
                        mask(),
                        heads_.id(),
                        heads,
                        Math.toIntExact(headSize),
                        causal,
                        dropout == 0 || steps == 1 // one key: its weight is 1, nothing to drop among
                                ? null
                                : newMask(layer, "attention_dropout_mask", new long[] {heads, steps, steps}, dropout)),
                heads_);
        param(layer + "/out_W", new long[] {inner, features}, penalty, a -> init.fillWeights(rng, a, inner, features));
        param(layer + "/out_b", new long[] {features}, Penalty.NONE, a -> {
            if (!pytorch) {
                init.fillBiases(rng, a, inner);
            }
        });
        Node out = value(new long[] {steps, features});
        return recorded(
                new LayerOp.Dense(
                        layer,
                        heads_.id(),
                        out.id(),
                        layer + "/out_W",
                        layer + "/out_b",
                        layer + ".out_proj.weight",
                        layer + ".out_proj.bias"),
                out);
    }

    /** 2-D convolution over NCHW; weights {@code [k, k, in, filters]} (SameDiff's layout). */
    public Node conv2d(
            String layer,
            Node x,
            int filters,
            int kernel,
            int stride,
            int padding,
            boolean bias,
            ParamInit init,
            Penalty penalty) {
        requireImage(layer, "@Conv", x);
        positive(layer, "filters", filters);
        positive(layer, "kernel", kernel);
        positive(layer, "stride", stride);
        nonNegative(layer, "padding", padding);
        long[] s = x.shape();
        long inC = s[0];
        long outH = spatial(layer, s[1], kernel, stride, padding);
        long outW = spatial(layer, s[2], kernel, stride, padding);
        long fanIn = inC * kernel * kernel;
        long fanOut = (long) filters * kernel * kernel;
        param(
                layer + "/W",
                new long[] {kernel, kernel, inC, filters},
                penalty,
                a -> init.fillWeights(rng, a, fanIn, fanOut));
        if (bias) {
            param(layer + "/b", new long[] {filters}, Penalty.NONE, a -> init.fillBiases(rng, a, fanIn));
        }
        Node out = value(new long[] {filters, outH, outW});
        return recorded(
                new LayerOp.Conv(
                        layer, id(x), out.id(), layer + "/W", bias ? layer + "/b" : null, kernel, stride, padding),
                out);
    }

    /** Max pooling; {@code stride} 0 means the window size. */
    public Node maxPool(String layer, Node x, int kernel, int stride, int padding) {
        return pool(layer, "@MaxPool", x, kernel, stride, padding, true);
    }

    /** Average pooling counting padded zeros, as PyTorch's default; {@code stride} 0 means the window size. */
    public Node avgPool(String layer, Node x, int kernel, int stride, int padding) {
        return pool(layer, "@AvgPool", x, kernel, stride, padding, false);
    }

    private Node pool(String layer, String kind, Node x, int kernel, int stride, int padding, boolean max) {
        if (x.shape().length == 2 && !isTokens(x)) {
            return sequencePool(layer, kind, x, kernel, stride, padding, max);
        }
        requireImage(layer, kind, x);
        positive(layer, "kernel", kernel);
        int st = stride == 0 ? kernel : stride;
        positive(layer, "stride", st);
        nonNegative(layer, "padding", padding);
        if (padding * 2 > kernel) {
            throw new IllegalArgumentException(layer + ": " + kind
                    + " padding must be at most half the window. Received: padding=" + padding + ", window=" + kernel);
        }
        long[] s = x.shape();
        long outH = spatial(layer, s[1], kernel, st, padding);
        long outW = spatial(layer, s[2], kernel, st, padding);
        Node out = value(new long[] {s[0], outH, outW});
        return recorded(new LayerOp.Pool(layer, id(x), out.id(), max, kernel, st, padding), out);
    }

    /** The mean of each channel over all positions: {@code [C, H, W]} to {@code C} features. */
    public Node globalAvgPool(String layer, Node x) {
        if (x.shape().length == 2 && !isTokens(x)) {
            return sequenceMeanPool(layer, x);
        }
        requireImage(layer, "@GlobalAvgPool", x);
        Node out = value(new long[] {x.shape()[0]});
        return recorded(new LayerOp.GlobalAvgPool(layer, id(x), out.id()), out);
    }

    /**
     * The mean of a sequence {@code [steps, features]} over its steps whose token id is not the padding 0, Keras'
     * {@code GlobalAveragePooling1D} with the embedding's mask: {@code features} values; a sequence of padding only
     * gives zeros. The mask comes from the token input, so padding never changes the result.
     */
    private Node sequenceMeanPool(String layer, Node x) {
        Node out = value(new long[] {x.shape()[1]});
        return recorded(new LayerOp.SequenceMeanPool(layer, id(x), mask(), out.id()), out);
    }

    /**
     * The element-wise sum of two nodes of one shape: a residual block's main path and its shortcut. Each
     * branch adds its own branch of both inputs, so BatchNorm and dropout keep their train/eval behaviour.
     */
    public Node add(String layer, Node a, Node b) {
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(
                    layer + ": cannot add " + shapeText(a.shape()) + " and " + shapeText(b.shape()));
        }
        Node out = value(a.shape());
        return recorded(new LayerOp.Add(layer, id(a), id(b), out.id()), out);
    }

    /** {@code [C, H, W]} to {@code C*H*W} features, PyTorch order. */
    public Node flatten(String layer, Node x) {
        Node out = value(new long[] {x.size()});
        return recorded(new LayerOp.Flatten(layer, id(x), out.id()), out);
    }

    public Node relu(String layer, Node x) {
        return activation(layer, x, LayerOp.Activation.Kind.RELU, 0);
    }

    public Node leakyRelu(String layer, Node x, double alpha) {
        return activation(layer, x, LayerOp.Activation.Kind.LEAKY_RELU, alpha);
    }

    public Node sigmoid(String layer, Node x) {
        return activation(layer, x, LayerOp.Activation.Kind.SIGMOID, 0);
    }

    public Node tanh(String layer, Node x) {
        return activation(layer, x, LayerOp.Activation.Kind.TANH, 0);
    }

    /** {@code x Φ(x)}, PyTorch's exact {@code nn.GELU()} and Keras' {@code gelu(approximate=False)}. */
    public Node gelu(String layer, Node x) {
        return activation(layer, x, LayerOp.Activation.Kind.GELU, 0);
    }

    /** Softmax over the features of a flat input. */
    public Node softmax(String layer, Node x) {
        requireFlat(layer, "@Softmax", x);
        return activation(layer, x, LayerOp.Activation.Kind.SOFTMAX, 0);
    }

    /**
     * BatchNorm, PyTorch semantics: the training branch normalizes with the batch mean and biased variance; the
     * evaluation branch with running statistics that the training loop updates after each step.
     */
    public Node batchNorm(String layer, Node x, double momentum, double eps) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(layer
                    + ": Invalid value for `momentum`. Expected a number in [0, 1]. Received: momentum=" + momentum);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException(
                    layer + ": Invalid value for `eps`. Expected a positive number. Received: eps=" + eps);
        }
        long[] s = x.shape();
        long c = s[0];
        long perSample = x.isImage() ? s[1] * s[2] : 1;
        param(layer + "/gamma", new long[] {c}, Penalty.NONE, a -> a.assign(1));
        param(layer + "/beta", new long[] {c}, Penalty.NONE, a -> {});
        String rmName = unique(layer + "/running_mean");
        String rvName = unique(layer + "/running_var");
        sd.constant(rmName, Nd4j.zeros(dataType, c));
        sd.constant(rvName, Nd4j.ones(dataType, c));
        BatchNormState state = new BatchNormState(
                unique(layer + "/batch_mean"), unique(layer + "/batch_var"), rmName, rvName, momentum, perSample);
        batchNorms.add(state);
        Node out = value(s);
        return recorded(
                new LayerOp.BatchNorm(layer, id(x), out.id(), layer + "/gamma", layer + "/beta", state, eps), out);
    }

    /**
     * Layer normalization, PyTorch's {@code nn.LayerNorm(features, eps)}: each sample's features normalized by their
     * own mean and biased variance, then scaled and shifted per feature (γ initialized to 1, β to 0). The same in
     * training and evaluation; no running statistics.
     */
    public Node layerNorm(String layer, Node x, double eps) {
        flatOrEachStep(layer, "@LayerNorm", x);
        long f = x.shape()[x.shape().length - 1];
        if (f < 2) {
            throw new IllegalArgumentException(layer + ": @LayerNorm normalizes over the features, but its input has "
                    + f + "; a single feature always normalizes to 0");
        }
        if (!(eps > 0 && eps < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(
                    layer + ": Invalid value for `eps`. Expected a positive number. Received: eps=" + eps);
        }
        param(layer + "/ln_gamma", new long[] {f}, Penalty.NONE, a -> a.assign(1));
        param(layer + "/ln_beta", new long[] {f}, Penalty.NONE, a -> {});
        boolean ownModule = ops.stream().noneMatch(op -> op.layer().equals(layer) && op.hasParameters());
        Node out = value(x.shape());
        return recorded(
                new LayerOp.LayerNorm(
                        layer,
                        id(x),
                        out.id(),
                        layer + "/ln_gamma",
                        layer + "/ln_beta",
                        eps,
                        ownModule ? layer : layer + "_ln"),
                out);
    }

    /** Inverted dropout of single values; identity when {@code p == 0} and in evaluation. */
    public Node dropout(String layer, Node x, double p) {
        return dropout(layer, x, p, x.shape(), "dropout_mask");
    }

    /** Inverted dropout of whole channels (PyTorch's Dropout2d); identity in evaluation. */
    public Node spatialDropout(String layer, Node x, double p) {
        requireImage(layer, "@SpatialDropout", x);
        return dropout(layer, x, p, new long[] {x.shape()[0], 1, 1}, "spatial_dropout_mask");
    }

    private Node dropout(String layer, Node x, double p, long[] maskShape, String kind) {
        refuseTokens(layer, "@Dropout", x);
        rate(layer, "rate", p);
        if (p == 0) {
            layerOutputs.put(layer, id(x));
            return x;
        }
        DropoutMask m = newMask(layer, kind, maskShape, p);
        Node out = value(x.shape());
        return recorded(new LayerOp.Dropout(layer, id(x), out.id(), m, !Arrays.equals(maskShape, x.shape())), out);
    }

    /** A dropout mask placeholder {@code [N, maskShape…]} the trainer fills each training step. */
    private DropoutMask newMask(String layer, String kind, long[] maskShape, double p) {
        String name = unique(layer + "/" + kind);
        sd.placeHolder(name, dataType, batched(maskShape));
        DropoutMask m = new DropoutMask(name, maskShape, p);
        masks.add(m);
        return m;
    }

    /** Refuses a drop probability outside [0, 1), Keras' words. */
    private static void rate(String layer, String name, double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(layer + ": Invalid value for `" + name
                    + "`. Expected a float between 0 and 1 (1 excluded). Received: " + name + "=" + p);
        }
    }

    /**
     * Finishes the graph: builds the SameDiff operations of every recorded {@link LayerOp} ({@link SameDiffOps}),
     * the training loss on the training branch and named logits on the evaluation branch.
     * Every loss is a mean, as PyTorch's default {@code reduction="mean"}: softmax cross-entropy over samples;
     * binary cross-entropy with logits and MSE over samples and outputs. Targets come from the {@link #LABELS}
     * placeholder {@code [N, classes]}, which the trainer fills with one-hot or smoothed targets
     * ({@code io.netforge.train.engine.Targets}); smoothing is not part of the graph, so it can change without a rebuild.
     *
     * @param classes number of outputs; must equal the width of {@code logits}. One output is a binary
     *                classifier (labels 0 and 1) with BCE or MSE; softmax cross-entropy needs at least two.
     */
    public NetGraph build(Node logits, int classes, LossFunction loss) {
        return build(logits, classes, loss, Task.CLASSIFICATION);
    }

    /**
     * Like {@link #build(Node, int, LossFunction)} for a model of {@code task}: a {@link Task#REGRESSION} model's
     * {@code classes} are its outputs, one float target each, and its loss is MSE, MAE or Huber (each a mean over
     * samples and outputs); MAE and Huber are refused for a classifier.
     */
    public NetGraph build(Node logits, int classes, LossFunction loss, Task task) {
        if (inputShape == null) {
            throw new IllegalStateException(modelName + ": no input declared");
        }
        boolean perStep = task == Task.CLASS_PER_STEP;
        if (perStep) {
            requireSequence("output", "a CLASS_PER_STEP model's loss", logits);
        } else {
            requireFlat("output", "the loss", logits);
        }
        long width = logits.shape()[logits.shape().length - 1];
        if (width != classes) {
            throw new IllegalArgumentException(modelName + ": the last layer has " + width
                    + " outputs but the model declares " + classes + " classes");
        }
        if (loss == null) {
            throw new IllegalArgumentException(modelName + ": no loss function");
        }
        if (perStep && loss != LossFunction.SOFTMAX_CROSS_ENTROPY) {
            throw new IllegalArgumentException(
                    modelName + ": a CLASS_PER_STEP model trains with SOFTMAX_CROSS_ENTROPY, not " + loss);
        }
        boolean regression = task == Task.REGRESSION;
        boolean regressionLoss = loss == LossFunction.MSE || loss == LossFunction.MAE || loss == LossFunction.HUBER;
        if (regression && !regressionLoss) {
            throw new IllegalArgumentException(
                    modelName + ": a regression model trains with MSE, MAE or HUBER, not " + loss);
        }
        if (!regression && regressionLoss && loss != LossFunction.MSE) {
            throw new IllegalArgumentException(
                    modelName + ": " + loss + " is a regression loss; declare @Model(task = Task.REGRESSION)");
        }
        if (loss == LossFunction.SOFTMAX_CROSS_ENTROPY && classes < 2) {
            throw new IllegalArgumentException(
                    modelName + ": softmax cross-entropy needs at least 2 outputs but the model has " + classes
                            + "; use BINARY_CROSS_ENTROPY for one output");
        }
        List<long[]> shapes = values.stream().map(Node::shape).toList();
        NetGraph.Ops recorded = new NetGraph.Ops(ops, shapes, id(logits));
        SameDiffOps.Values built = SameDiffOps.build(sd, recorded);
        SDVariable labels = sd.placeHolder(LABELS, dataType, -1, classes);
        // A per-step model's [N, steps, classes] logits are N·steps rows of one class each; the trainer gives each row
        // its one-hot target scaled by rows / rows with a target, and a row with no target zeros, so the mean over
        // rows below is the mean over the steps that have a target (io.netforge.train.engine.Steps#targets).
        SDVariable trainLogits = perStep
                ? sd.reshape(TRAIN_LOGITS, built.train(id(logits)), -1, classes)
                : sd.identity(TRAIN_LOGITS, built.train(id(logits)));
        sd.identity(LOGITS, built.eval(id(logits)));
        // With no weights (a scalar 1), MEAN_BY_NONZERO_WEIGHT_COUNT divides by the number of loss elements: N for
        // softmax cross-entropy (one per sample), N * classes for the element-wise losses. LossValueTest and
        // LossGradientTest check value and gradient of each against the formula. The loss must stay the graph's
        // last op: multiplying an sd.loss output does not scale its gradient (docs/samediff.md, fact 5).
        switch (loss) {
            case SOFTMAX_CROSS_ENTROPY ->
                sd.loss()
                        .softmaxCrossEntropy(
                                LOSS, labels, trainLogits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
            case BINARY_CROSS_ENTROPY ->
                sd.loss()
                        .sigmoidCrossEntropy(
                                LOSS, labels, trainLogits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
            case MSE ->
                sd.loss().meanSquaredError(LOSS, labels, trainLogits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT);
            case MAE ->
                sd.loss().absoluteDifference(LOSS, labels, trainLogits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT);
            case HUBER ->
                sd.loss().huberLoss(LOSS, labels, trainLogits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 1.0);
        }
        sd.setLossVariables(LOSS);
        java.util.Map<String, String> outputs = new java.util.LinkedHashMap<>();
        layerOutputs.forEach((layer, id) -> outputs.put(layer, built.eval(id).name()));
        return new NetGraph(
                modelName,
                sd,
                inputShape,
                classes,
                params,
                batchNorms,
                masks,
                loss,
                task,
                outputs,
                recorded,
                built.names());
    }

    /**
     * A trainable parameter whose initial values {@code init} writes into a new zeroed FLOAT array ({@link
     * ParamArrays#allocate}: a failure names the array and its size).
     */
    private void param(
            String name,
            long[] shape,
            Penalty penalty,
            java.util.function.Consumer<org.nd4j.linalg.api.ndarray.INDArray> init) {
        unique(name);
        params.add(new Param(name, shape, penalty));
        org.nd4j.linalg.api.ndarray.INDArray values = ParamArrays.allocate(modelName, name, shape);
        init.accept(values);
        sd.var(name, dataType == DataType.FLOAT ? values : values.castTo(dataType));
    }

    private String unique(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException(
                    modelName + ": duplicate graph variable " + name + " (two layers with one name?)");
        }
        return name;
    }

    private Node activation(String layer, Node x, LayerOp.Activation.Kind kind, double alpha) {
        refuseTokens(layer, "an activation", x);
        Node out = value(x.shape());
        return recorded(new LayerOp.Activation(layer, id(x), out.id(), kind, alpha), out);
    }

    /** A new value of one sample's {@code shape}, numbered for {@link LayerOp}s. */
    private Node value(long[] shape) {
        Node n = new Node(values.size(), shape);
        values.add(n);
        return n;
    }

    @SuppressWarnings("ReferenceEquality") // a node is this builder's only when it is the very object it made
    private int id(Node n) {
        if (n == null || n.id() < 0 || n.id() >= values.size() || values.get(n.id()) != n) {
            throw new IllegalArgumentException(modelName + ": a node that this builder did not make");
        }
        return n.id();
    }

    /** Records {@code op}, whose output is {@code out}, as the output of its layer so far. */
    private Node recorded(LayerOp op, Node out) {
        ops.add(op);
        layerOutputs.put(op.layer(), out.id());
        return out;
    }

    private static long[] batched(long[] sampleShape) {
        long[] s = new long[sampleShape.length + 1];
        s[0] = -1;
        System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
        return s;
    }

    private static long spatial(String layer, long in, int kernel, int stride, int padding) {
        long padded = in + 2L * padding;
        if (kernel > padded) {
            throw new IllegalArgumentException(
                    layer + ": kernel " + kernel + " is larger than its padded input " + padded);
        }
        return (padded - kernel) / stride + 1;
    }

    /**
     * For a layer that takes a flat vector or, step by step, a sequence: whether {@code x} is a sequence; refuses the
     * token input and images.
     */
    private boolean flatOrEachStep(String layer, String kind, Node x) {
        if (x.shape().length == 2 && !isTokens(x)) {
            return true;
        }
        requireFlat(layer, kind, x);
        return false;
    }

    private void requireFlat(String layer, String kind, Node x) {
        requireValues(layer, kind, x);
        if (x.shape().length != 1) {
            throw new IllegalArgumentException(layer + ": " + kind + " needs a flat input but receives "
                    + shapeText(x.shape()) + "; add @Flatten first");
        }
    }

    private void requireImage(String layer, String kind, Node x) {
        requireValues(layer, kind, x);
        if (!x.isImage()) {
            throw new IllegalArgumentException(layer + ": " + kind
                    + " needs a [channels, height, width] input but receives " + shapeText(x.shape()));
        }
    }

    /** Refuses the token input (ids, not values) and sequences, which only the sequence layers take. */
    private void requireValues(String layer, String kind, Node x) {
        refuseTokens(layer, kind, x);
        if (x.shape().length == 2) {
            throw new IllegalArgumentException(layer + ": " + kind + " cannot take the sequence " + shapeText(x.shape())
                    + "; pool it first with @GlobalAvgPool");
        }
    }

    /** Refuses the token input: ids, not values, which only an embedding reads. */
    private void refuseTokens(String layer, String kind, Node x) {
        if (isTokens(x)) {
            throw new IllegalArgumentException(layer + ": " + kind + " cannot read token ids; start the model with"
                    + " @Embedding, which turns each id into a vector");
        }
    }

    private static void positive(String layer, String what, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(layer + ": Invalid value for `" + what
                    + "`. Expected a positive integer. Received: " + what + "=" + v);
        }
    }

    private static void nonNegative(String layer, String what, long v) {
        if (v < 0) {
            throw new IllegalArgumentException(layer + ": Invalid value for `" + what
                    + "`. Expected a non-negative integer. Received: " + what + "=" + v);
        }
    }

    static String shapeText(long[] shape) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : "×").append(shape[i]);
        }
        return sb.toString();
    }
}
