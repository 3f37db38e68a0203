package io.netforge.graph;

/**
 * One operation of a model as {@link GraphBuilder} recorded it next to the SameDiff graph: what it computes, on
 * which values, with which parameters. Values are numbered in the order the builder made them; value 0 is the
 * input. The list of a model's operations ({@link NetGraph#ops()}) is what the planned engine
 * ({@code io.netforge.plan}) executes; the SameDiff graph built from the same calls is the reference it is tested
 * against (docs/performance.md, "The planned engine").
 */
public sealed interface LayerOp {
    /** The layer (field) this operation belongs to. */
    String layer();

    /** The values this operation reads, in order. */
    int[] inputs();

    /** The value it produces. */
    int output();

    /** Whether it has trainable parameters (so that gradients flow from it): derived from its {@link #variables()}. */
    default boolean hasParameters() {
        return variables().stream()
                .anyMatch(v -> v.role() != Variable.Role.RUNNING_MEAN && v.role() != Variable.Role.RUNNING_VAR);
    }

    /**
     * The state variables it owns, parameters and buffers, each with what it is: the one place that says which
     * variable of a kind is a weight, a bias, a scale or a running statistic (PyTorch's names, weight decay and the
     * file formats go by it, not by the variables' names).
     */
    java.util.List<Variable> variables();

    /**
     * One state variable of an operation, what it is, and its name in a PyTorch {@code state_dict} (torchvision's
     * conventions, docs/checkpoints.md), which the kind declares.
     */
    record Variable(String name, Role role, String torchName) {
        /** What a state variable is. */
        public enum Role {
            /** A dense or convolution weight (PyTorch's {@code weight}; decayed). */
            WEIGHT,
            /** A bias ({@code bias}). */
            BIAS,
            /** A normalization's scale γ ({@code weight} of a BatchNorm or LayerNorm module). */
            SCALE,
            /** A normalization's shift β ({@code bias} of a BatchNorm or LayerNorm module). */
            SHIFT,
            /** A running mean (a buffer). */
            RUNNING_MEAN,
            /** A running variance (a buffer). */
            RUNNING_VAR,
            /**
             * An embedding's table {@code [vocabulary, dimension]}: PyTorch's {@code weight} of {@code nn.Embedding},
             * in PyTorch's layout already (not transposed like a dense weight); decayed like a weight.
             */
            EMBEDDING
        }
    }

    /**
     * Whether its output shares its input's buffer (a view), so nothing may overwrite that output in place; false unless
     * a kind says so.
     */
    default boolean outputIsView() {
        return false;
    }

    /**
     * Whether its backward pass reads its own output (so a later op must not overwrite it in training); false unless a
     * kind says so.
     */
    default boolean backwardReadsOutput() {
        return false;
    }

    /**
     * How many tokens generation can step through this op one at a time (its cache): unlimited unless a kind counts
     * positions, as a position table does.
     */
    default int stepLimit() {
        return Integer.MAX_VALUE;
    }

    /**
     * Whether the planned engine's oneDNN kernel for it reads its input in whatever memory layout the producer left
     * (convolution, pooling, BatchNorm), so a convolution output it reads (directly or through an in-place ReLU) may
     * stay in oneDNN's blocked layout.
     */
    default boolean readsBlockedLayouts() {
        return false;
    }

    /** Whether it is a ReLU, which a producing dense or convolution primitive may compute as a post-op. */
    default boolean isRelu() {
        return false;
    }

    /** Calls the visitor's method for this kind. */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per kind: what a backend (the planned engine's kernels, the ONNX export) does with each, so that a
     * backend without a kind does not compile (docs/extending.md).
     */
    interface Visitor<R> {
        R dense(Dense op);

        R conv(Conv op);

        R pool(Pool op);

        R globalAvgPool(GlobalAvgPool op);

        R add(Add op);

        R flatten(Flatten op);

        R activation(Activation op);

        R batchNorm(BatchNorm op);

        R layerNorm(LayerNorm op);

        R dropout(Dropout op);

        R embedding(Embedding op);

        R sequenceMeanPool(SequenceMeanPool op);

        R conv1d(Conv1d op);

        R sequenceMaxPool(SequenceMaxPool op);

        R recurrent(Recurrent op);

        R sequencePool(SequencePool op);

        R sequenceMask(SequenceMask op);

        R attention(Attention op);

        R position(PositionEmbedding op);
    }

    /**
     * Each step's position vector added to a sequence {@code [steps, features]}: rows {@code 0 .. steps - 1} of {@code
     * table} ({@code [length, features]}), a learned parameter (PyTorch's {@code nn.Embedding(length, features)}, its
     * {@code <layer>.weight}), or with {@code table} null the fixed sinusoids {@link #sinusoids}.
     */
    record PositionEmbedding(String layer, int input, int output, String table, int length) implements LayerOp {
        /** Its rows: no position past them. */
        @Override
        public int stepLimit() {
            return length;
        }

        @Override
        public java.util.List<Variable> variables() {
            return table == null
                    ? java.util.List.of()
                    : java.util.List.of(new Variable(table, Variable.Role.EMBEDDING, layer + ".weight"));
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.position(this);
        }

        @Override
        public int[] inputs() {
            return new int[] {input};
        }

        /**
         * "Attention Is All You Need"'s positions, {@code [length, features]} row-major: {@code PE[p, 2i] = sin(p /
         * 10000^(2i/features))}, {@code PE[p, 2i+1] = cos(p / 10000^(2i/features))}, computed in double.
         */
        public static float[] sinusoids(int length, int features) {
            float[] pe = new float[Math.multiplyExact(length, features)];
            for (int p = 0; p < length; p++) {
                for (int i = 0; i < features; i++) {
                    double angle = p / Math.pow(10000, (double) (i - i % 2) / features);
                    pe[p * features + i] = (float) (i % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
                }
            }
            return pe;
        }
    }

    /**
     * The core of multi-head self-attention, between its two projections (dense layers on each step): {@code input}
     * holds each step's queries, keys and values side by side ({@code [steps, 3·heads·headSize]}, PyTorch's {@code
     * in_proj} output), per head {@code softmax(q kᵀ / √headSize + mask) v}, the heads side by side in {@code output}
     * ({@code [steps, heads·headSize]}). The mask adds -10⁹ to the score of a key whose token id in {@code tokens} is the
     * padding 0 (-1: a sequence input, no padding) and, when {@code causal}, of a key after the query: such a key gets
     * weight exactly 0. A sequence of padding only masks no key (its steps attend to each other, finite, never NaN; they
     * are padding, which nothing downstream reads), and a real step's causal query always keeps itself. In training,
     * {@code dropout} (null without) drops attention weights after the softmax, as PyTorch's {@code
     * nn.MultiheadAttention(dropout=p)}: its mask {@code [heads, steps, steps]} multiplies the weights before they
     * average the values; evaluation keeps them all.
     */
    record Attention(
            String layer,
            int input,
            int tokens,
            int output,
            int heads,
            int headSize,
            boolean causal,
            DropoutMask dropout)
            implements LayerOp {
        /** What a masked score gets added: its weight underflows to exactly 0. */
        public static final float MASKED = -1e9f;

        /** The causal mask {@code [steps, steps]} row-major: {@link #MASKED} where the key comes after the query. */
        public static float[] causalMask(int steps) {
            float[] upper = new float[Math.multiplyExact(steps, steps)];
            for (int i = 0; i < steps; i++) {
                java.util.Arrays.fill(upper, i * steps + i + 1, (i + 1) * steps, MASKED);
            }
            return upper;
        }

        @Override
        public java.util.List<Variable> variables() {
            return java.util.List.of();
        }

        @Override
        public boolean backwardReadsOutput() {
            return false;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.attention(this);
        }

        @Override
        public int[] inputs() {
            return tokens < 0 ? new int[] {input} : new int[] {input, tokens};
        }
    }

    /** {@code x W + b}; {@code bias} null without a bias. */
    record Dense(String layer, int input, int output, String weight, String bias, String torchWeight, String torchBias)
            implements LayerOp {
        /** A dense layer of its own: PyTorch's {@code <layer>.weight} and {@code <layer>.bias}. */
        public Dense(String layer, int input, int output, String weight, String bias) {
            this(layer, input, output, weight, bias, null, null);
        }

        @Override
        public java.util.List<Variable> variables() {
            if (torchWeight == null) {
                return TorchNames.weightAndBias(layer, weight, bias);
            }
            Variable w = new Variable(weight, Variable.Role.WEIGHT, torchWeight);
            return bias == null
                    ? java.util.List.of(w)
                    : java.util.List.of(w, new Variable(bias, Variable.Role.BIAS, torchBias));
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.dense(this);
        }

        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }

    /** 2-D convolution, NCHW, weights {@code [k, k, in, filters]}; {@code bias} null without a bias. */
    record Conv(String layer, int input, int output, String weight, String bias, int kernel, int stride, int padding)
            implements LayerOp {
        @Override
        public java.util.List<Variable> variables() {
            return TorchNames.weightAndBias(layer, weight, bias);
        }

        @Override
        public boolean readsBlockedLayouts() {
            return true;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.conv(this);
        }

        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }

    /** Max or average pooling (average counts padded zeros). */
    record Pool(String layer, int input, int output, boolean max, int kernel, int stride, int padding)
            implements LayerOp {
        @Override
        public java.util.List<Variable> variables() {
            return java.util.List.of();
        }

        @Override
        public boolean readsBlockedLayouts() {
            return true;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.pool(this);
        }

        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }

    /** The mean of each channel: {@code [C, H, W]} to {@code [C]}. */
    record GlobalAvgPool(String layer, int input, int output) implements LayerOp {
        @Override
        public java.util.List<Variable> variables() {
            return java.util.List.of();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.globalAvgPool(this);
        }

        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }

    /**
     * An embedding lookup: the token ids of {@code input} ({@code [length]}, floats holding ids) to the rows of {@code
     * table} ({@code [vocabulary, dimension]}, row 0 the padding's zeros), a {@code [length, dimension]} sequence.
     */
    record Embedding(String layer, int input, int output, String table, int vocabulary, int dimension)
            implements LayerOp {
        @Override
        public java.util.List<Variable> variables() {
            return java.util.List.of(new Variable(table, Variable.Role.EMBEDDING, layer + ".weight"));
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.embedding(this);
        }

        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }

    /**
     * The mean of a sequence {@code [steps, features]} over the steps whose token id in {@code tokens} (the token input;
     * -1 for a sequence input, whose steps all count,
     * {@code [steps]}) is not the padding 0: {@code features} values, zeros for a sequence of padding only.
     */
    record SequenceMeanPool(String layer, int input, int tokens, int output) implements LayerOp {
        @Override
        public java.util.List<Variable> variables() {
            return java.util.List.of();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.sequenceMeanPool(this);
        }

        @Override
        public int[] inputs() {
            return tokens < 0 ? new int[] {input} : new int[] {input, tokens};
        }
    }

    /**
     * A 1-D convolution over a sequence {@code [steps, features]}: {@code padding} zeros before the first step (and as
     * many after the last as the last window needs, {@link #right}), weights {@code [kernel, features, filters]}, a
     * window every {@code stride} steps, output step {@code j}'s from padded step {@code j × stride}. On a padded text ({@code tokens} the mask's value, -1 for none) the padding steps of the input
     * are read as zeros, as the zeros beyond its end: a text with more padding gives the same real steps, whatever the
     * layer before wrote at padding steps.
     */
    record Conv1d(
            String layer,
            int input,
            int output,
            String weight,
            String bias,
            int kernel,
            int dilation,
            int stride,
            int tokens,
            int padding)
            implements LayerOp {
        /** Stride 1, no mask, centred: the length kept, every step read. */
        public Conv1d(String layer, int input, int output, String weight, String bias, int kernel, int dilation) {
            this(layer, input, output, weight, bias, kernel, dilation, 1, -1, dilation * (kernel / 2));
        }

        /** Steps a kernel spans: {@code (kernel - 1) × dilation + 1}. */
        public int span() {
            return (kernel - 1) * dilation + 1;
        }

        /**
         * Zeros after the last of {@code steps} input steps that the last of {@code outSteps} windows reads ({@code
         * padding} zeros come before the first step: {@code dilation × (kernel / 2)} centred, {@code span - 1} causal, 0
         * valid).
         */
        public int right(int steps, int outSteps) {
            return Math.max(0, (outSteps - 1) * stride + span() - steps - padding);
        }

        @Override
        public java.util.List<Variable> variables() {
            return TorchNames.weightAndBias(layer, weight, bias);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.conv1d(this);
        }

        @Override
        public int[] inputs() {
            return tokens < 0 ? new int[] {input} : new int[] {input, tokens};
        }
    }

    /**
     * Pooling over time in windows of {@code window} steps one after another (the last one clipped at the sequence's
     * end: {@code ceil(steps / window)} outputs), each feature's largest value ({@code max}) or mean over the window's
     * steps whose value in {@code tokens} is not 0 (all steps when {@code tokens} is -1), 0 for a window of padding only:
     * PyTorch's {@code MaxPool1d(window, ceil_mode=True)} / {@code AvgPool1d(window, ceil_mode=True)} on a sequence
     * without padding.
     */
    record SequencePool(String layer, int input, int tokens, int output, int window, boolean max) implements LayerOp {
        @Override
        public java.util.List<Variable> variables() {
            return java.util.List.of();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.sequencePool(this);
        }

        @Override
        public int[] inputs() {
            return tokens < 0 ? new int[] {input} : new int[] {input, tokens};
        }
    }

    /**
     * The padding mask of a shortened sequence, one value per output step: 1 where any of the {@code window} steps from
     * {@code j × stride + offset} (clipped at the end) is not 0 in {@code input} (token ids or a mask), else 0. A strided
     * centred or causal {@code @Conv1d}'s output step is real when step {@code j × stride} is (window 1, offset 0), a
     * valid one's when its window's last step is (offset {@code span - 1}); a pooling window's when any of its steps is
     * (window = stride). Not differentiable: it is made of ids.
     */
    record SequenceMask(String layer, int input, int output, int window, int stride, int offset) implements LayerOp {
        @Override
        public java.util.List<Variable> variables() {
            return java.util.List.of();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.sequenceMask(this);
        }

        @Override
        public int[] inputs() {
            return new int[] {input};
        }

        /** 1 where any of input steps {@code [j × stride + offset, + window)} of one sample is not 0. */
        public float[] of(float[] in, int steps, int out) {
            float[] m = new float[out];
            for (int j = 0; j < out; j++) {
                for (int t = j * stride + offset; t < Math.min(steps, j * stride + offset + window); t++) {
                    if (in[t] != 0) {
                        m[j] = 1;
                        break;
                    }
                }
            }
            return m;
        }
    }

    /**
     * Each feature's largest value over a sequence's steps whose token id in {@code tokens} is not 0 (all steps when
     * {@code tokens} is -1: a sequence input).
     */
    record SequenceMaxPool(String layer, int input, int tokens, int output) implements LayerOp {
        @Override
        public java.util.List<Variable> variables() {
            return java.util.List.of();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.sequenceMaxPool(this);
        }

        @Override
        public int[] inputs() {
            return tokens < 0 ? new int[] {input} : new int[] {input, tokens};
        }
    }

    /**
     * A recurrent layer over a sequence {@code [steps, features]}, PyTorch's {@code nn.LSTM} or {@code nn.GRU} with
     * {@code batch_first=True}: per direction {@code d} (0 forward, 1 backward) weights {@link #inputWeight} {@code
     * [features, gates·units]} and {@link #recurrentWeight} {@code [units, gates·units]} (gate blocks i, f, g, o of an
     * LSTM, r, z, n of a GRU; PyTorch's {@code weight_ih_l0} and {@code weight_hh_l0} transposed), biases {@link
     * #inputBias} and {@link #recurrentBias} {@code [gates·units]}. A step whose token id in {@code tokens} (-1: a
     * sequence input, no padding) is 0 leaves
     * the state unchanged and outputs zeros. The output is every step's {@code [steps, width]} when {@code sequences},
     * else the last state {@code [width]}; {@code width} is {@code 2·units} for two directions side by side, {@code
     * units} for one direction or two added ({@code sum}).
     */
    record Recurrent(
            String layer,
            Cell cell,
            int input,
            int tokens,
            int output,
            int units,
            boolean sequences,
            int directions,
            boolean sum)
            implements LayerOp {
        /** The recurrent cell and its gate blocks. */
        public enum Cell {
            /** i, f, g, o; {@code c = f·c + i·g}, {@code h = o·tanh(c)}; the two biases are added. */
            LSTM(4),
            /** r, z, n; {@code n = tanh(x_n + b_in + r·(h W_hn + b_hn))}, {@code h = (1 - z)·n + z·h}. */
            GRU(3);

            /** Gate blocks of {@code units} values. */
            public final int gates;

            Cell(int gates) {
                this.gates = gates;
            }
        }

        /** The input-to-gates weight of direction {@code d}. */
        public String inputWeight(int d) {
            return layer + "/Wx" + suffix(d);
        }

        /** The state-to-gates weight of direction {@code d}. */
        public String recurrentWeight(int d) {
            return layer + "/Wr" + suffix(d);
        }

        public String inputBias(int d) {
            return layer + "/bx" + suffix(d);
        }

        public String recurrentBias(int d) {
            return layer + "/br" + suffix(d);
        }

        /** Output features per step: {@code 2·units} for two directions side by side. */
        public int width() {
            return directions == 2 && !sum ? 2 * units : units;
        }

        private static String suffix(int d) {
            return d == 0 ? "" : "_reverse";
        }

        @Override
        public java.util.List<Variable> variables() {
            java.util.List<Variable> v = new java.util.ArrayList<>();
            for (int d = 0; d < directions; d++) {
                String torch = layer + ".%s_l0" + suffix(d);
                v.add(new Variable(inputWeight(d), Variable.Role.WEIGHT, String.format(torch, "weight_ih")));
                v.add(new Variable(recurrentWeight(d), Variable.Role.WEIGHT, String.format(torch, "weight_hh")));
                v.add(new Variable(inputBias(d), Variable.Role.BIAS, String.format(torch, "bias_ih")));
                v.add(new Variable(recurrentBias(d), Variable.Role.BIAS, String.format(torch, "bias_hh")));
            }
            return java.util.List.copyOf(v);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.recurrent(this);
        }

        @Override
        public int[] inputs() {
            return tokens < 0 ? new int[] {input} : new int[] {input, tokens};
        }
    }

    /** Element-wise sum of two values of one shape. */
    record Add(String layer, int left, int right, int output) implements LayerOp {
        @Override
        public java.util.List<Variable> variables() {
            return java.util.List.of();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.add(this);
        }

        @Override
        public int[] inputs() {
            return new int[] {left, right};
        }
    }

    /** {@code [C, H, W]} to {@code [C*H*W]}, the same values. */
    record Flatten(String layer, int input, int output) implements LayerOp {
        @Override
        public java.util.List<Variable> variables() {
            return java.util.List.of();
        }

        @Override
        public boolean outputIsView() {
            return true;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.flatten(this);
        }

        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }

    /** An element-wise activation, or softmax over the features; {@code alpha} is LeakyReLU's slope. */
    record Activation(String layer, int input, int output, Kind kind, double alpha) implements LayerOp {
        @Override
        public java.util.List<Variable> variables() {
            return java.util.List.of();
        }

        @Override
        public boolean backwardReadsOutput() {
            return true;
        }

        @Override
        public boolean isRelu() {
            return kind == Kind.RELU;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.activation(this);
        }

        public enum Kind {
            RELU,
            LEAKY_RELU,
            SIGMOID,
            TANH,
            SOFTMAX,
            /** PyTorch's exact {@code nn.GELU()}: {@code x Φ(x) = x (1 + erf(x/√2)) / 2}, not the tanh approximation. */
            GELU
        }

        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }

    /** BatchNorm with batch statistics in training and running statistics in evaluation. */
    record BatchNorm(String layer, int input, int output, String gamma, String beta, BatchNormState state, double eps)
            implements LayerOp {
        @Override
        public java.util.List<Variable> variables() {
            String module = TorchNames.batchNormModule(layer);
            return java.util.List.of(
                    new Variable(gamma, Variable.Role.SCALE, module + ".weight"),
                    new Variable(beta, Variable.Role.SHIFT, module + ".bias"),
                    new Variable(state.runningMean(), Variable.Role.RUNNING_MEAN, module + ".running_mean"),
                    new Variable(state.runningVar(), Variable.Role.RUNNING_VAR, module + ".running_var"));
        }

        @Override
        public boolean readsBlockedLayouts() {
            return true;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.batchNorm(this);
        }

        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }

    /**
     * PyTorch's {@code nn.LayerNorm} over the features of a flat value, the same in training and evaluation:
     * {@code (x - mean) / sqrt(var + eps) * gamma + beta} with each sample's mean and biased variance.
     *
     * @param torchModule its module in a PyTorch {@code state_dict}: the layer's own name when the field has no
     *                    weight layer, else {@code <layer>_ln}
     */
    record LayerNorm(String layer, int input, int output, String gamma, String beta, double eps, String torchModule)
            implements LayerOp {
        @Override
        public java.util.List<Variable> variables() {
            return java.util.List.of(
                    new Variable(gamma, Variable.Role.SCALE, torchModule + ".weight"),
                    new Variable(beta, Variable.Role.SHIFT, torchModule + ".bias"));
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.layerNorm(this);
        }

        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }

    /** Inverted dropout with a mask the trainer draws; whole channels when {@code spatial}; identity in evaluation. */
    record Dropout(String layer, int input, int output, DropoutMask mask, boolean spatial) implements LayerOp {
        @Override
        public java.util.List<Variable> variables() {
            return java.util.List.of();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.dropout(this);
        }

        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }
}
