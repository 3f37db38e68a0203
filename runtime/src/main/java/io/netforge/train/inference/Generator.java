package io.netforge.train.inference;

import io.netforge.graph.LayerOp;
import io.netforge.graph.NetGraph;
import io.netforge.util.NdArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A per-step model run one token at a time with its state kept between tokens: an LSTM's or GRU's hidden (and cell)
 * state, causal attention's keys and values are the cache, so each new token costs one step of each layer instead of a
 * run over the whole window. Plain Java over the model's parameters (copied when made), for the layers that can run
 * step by step: an embedding, position embeddings, forward LSTMs and GRUs over every step, causal attention, residual
 * adds, dense layers, layer norms and activations on each step, dropout (identity in evaluation). {@link #make} gives null for a model not made of them only; {@code Predictor.generate} runs the
 * model's whole window for each token otherwise.
 */
final class Generator {
    /** One layer's step: reads the values so far, writes its output. */
    private interface Step {
        void run(float[][] values);
    }

    private final List<Step> steps = new ArrayList<>();
    private final List<Runnable> resets = new ArrayList<>();
    private final int values;
    private final int logits;
    private final int input;

    private Generator(NetGraph graph, List<Step> steps, List<Runnable> resets) {
        this.values = graph.ops().valueShapes().size();
        this.logits = graph.ops().logits();
        this.input = 0;
        this.steps.addAll(steps);
        this.resets.addAll(resets);
    }

    /**
     * A generator for a copy of {@code graph}'s parameters as they are now (take the model's lock around it), its state
     * empty; null when a layer cannot run one step at a time.
     */
    static Generator make(NetGraph graph) {
        if (!graph.perStep()) {
            return null;
        }
        List<Runnable> resets = new ArrayList<>();
        StepMaker maker = new StepMaker(graph, name -> NdArrays.toFloats(graph.array(name)), resets);
        List<Step> steps = new ArrayList<>();
        for (LayerOp op : graph.ops().list()) {
            Step s = op.accept(maker);
            if (s == null) {
                return null;
            }
            steps.add(s);
        }
        return new Generator(graph, steps, resets);
    }

    /** How many tokens the cache can take: the smallest {@link LayerOp#stepLimit} of the ops. */
    static int positions(NetGraph graph) {
        return graph.ops().list().stream().mapToInt(LayerOp::stepLimit).min().orElse(Integer.MAX_VALUE);
    }

    /** Forgets every state: the next token starts a new sequence. */
    void reset() {
        resets.forEach(Runnable::run);
    }

    /** Feeds token {@code id} after the ones fed since the last {@link #reset}; returns the scores of the next. */
    float[] next(int id) {
        float[][] v = new float[values][];
        v[input] = new float[] {id};
        for (Step s : steps) {
            s.run(v);
        }
        return v[logits];
    }

    /**
     * Each layer kind's step, or null for a kind that needs more than the tokens so far (pools, convolutions over
     * time, a backward direction, batch statistics); a new kind must say which it is.
     */
    private record StepMaker(NetGraph graph, Function<String, float[]> param, List<Runnable> resets)
            implements LayerOp.Visitor<Step> {
        @Override
        public Step embedding(LayerOp.Embedding e) {
            float[] table = param.apply(e.table());
            int d = e.dimension();
            return v -> {
                int id = (int) v[e.input()][0];
                v[e.output()] = java.util.Arrays.copyOfRange(table, id * d, (id + 1) * d);
            };
        }

        @Override
        public Step dense(LayerOp.Dense d) {
            float[] w = param.apply(d.weight()); // [in, out]
            float[] b = d.bias() == null ? null : param.apply(d.bias());
            return v -> v[d.output()] = affine(v[d.input()], w, b);
        }

        @Override
        public Step layerNorm(LayerOp.LayerNorm n) {
            float[] gamma = param.apply(n.gamma());
            float[] beta = param.apply(n.beta());
            return v -> {
                float[] x = v[n.input()];
                double mean = 0;
                for (float f : x) {
                    mean += f;
                }
                mean /= x.length;
                double var = 0;
                for (float f : x) {
                    var += (f - mean) * (f - mean);
                }
                double inv = 1 / Math.sqrt(var / x.length + n.eps());
                float[] y = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    y[i] = (float) ((x[i] - mean) * inv) * gamma[i] + beta[i];
                }
                v[n.output()] = y;
            };
        }

        @Override
        public Step dropout(LayerOp.Dropout d) {
            return v -> v[d.output()] = v[d.input()];
        }

        @Override
        public Step activation(LayerOp.Activation a) {
            if (a.kind() == LayerOp.Activation.Kind.SOFTMAX) {
                return null;
            }
            return v -> {
                float[] x = v[a.input()];
                float[] y = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    y[i] = switch (a.kind()) {
                        case RELU -> Math.max(0, x[i]);
                        case LEAKY_RELU -> x[i] >= 0 ? x[i] : (float) (a.alpha() * x[i]);
                        case SIGMOID -> sigmoid(x[i]);
                        case TANH -> (float) Math.tanh(x[i]);
                        case GELU -> (float) io.netforge.util.Erf.gelu(x[i]);
                        case SOFTMAX -> throw new IllegalStateException("softmax is not a step layer");
                    };
                }
                v[a.output()] = y;
            };
        }

        @Override
        public Step recurrent(LayerOp.Recurrent r) {
            return r.directions() == 1 && r.sequences() ? Generator.recurrent(r, param, resets) : null;
        }

        @Override
        public Step conv(LayerOp.Conv op) {
            return null;
        }

        @Override
        public Step pool(LayerOp.Pool op) {
            return null;
        }

        @Override
        public Step globalAvgPool(LayerOp.GlobalAvgPool op) {
            return null;
        }

        /** A residual sum, element by element. */
        @Override
        public Step add(LayerOp.Add op) {
            return v -> {
                float[] a = v[op.left()];
                float[] b = v[op.right()];
                float[] y = new float[a.length];
                for (int i = 0; i < y.length; i++) {
                    y[i] = a[i] + b[i];
                }
                v[op.output()] = y;
            };
        }

        @Override
        public Step flatten(LayerOp.Flatten op) {
            return null;
        }

        @Override
        public Step batchNorm(LayerOp.BatchNorm op) {
            return null;
        }

        @Override
        public Step sequenceMeanPool(LayerOp.SequenceMeanPool op) {
            return null;
        }

        @Override
        public Step conv1d(LayerOp.Conv1d op) {
            return null;
        }

        @Override
        public Step sequenceMaxPool(LayerOp.SequenceMaxPool op) {
            return null;
        }

        @Override
        public Step sequencePool(LayerOp.SequencePool op) {
            return null;
        }

        @Override
        public Step sequenceMask(LayerOp.SequenceMask op) {
            return null;
        }

        /** The row of the token's position; the position counts the tokens fed since the last reset. */
        @Override
        public Step position(LayerOp.PositionEmbedding p) {
            int features = (int) graph.ops().shape(p.input())[1];
            float[] table = p.table() == null
                    ? LayerOp.PositionEmbedding.sinusoids(p.length(), features)
                    : param.apply(p.table());
            int[] position = {0};
            resets.add(() -> position[0] = 0);
            return v -> {
                if (position[0] >= p.length()) {
                    throw new IllegalStateException(
                            p.layer() + " has " + p.length() + " positions; the cache cannot go" + " beyond them");
                }
                float[] x = v[p.input()];
                float[] y = new float[x.length];
                for (int i = 0; i < y.length; i++) {
                    y[i] = x[i] + table[position[0] * features + i];
                }
                position[0]++;
                v[p.output()] = y;
            };
        }

        /**
         * Causal attention with its cache: each token's keys and values are kept, and its query weighs them and its
         * own, as the whole window's causal attention does for its last step. Attention that looks ahead cannot be
         * cached: an earlier step's output would change with every new token.
         */
        @Override
        public Step attention(LayerOp.Attention op) {
            if (!op.causal()) {
                return null;
            }
            int h = op.heads();
            int d = op.headSize();
            int inner = h * d;
            double scale = 1.0 / Math.sqrt(d);
            List<float[]> keys = new ArrayList<>();
            List<float[]> values = new ArrayList<>();
            resets.add(() -> {
                keys.clear();
                values.clear();
            });
            return v -> {
                float[] qkv = v[op.input()];
                keys.add(java.util.Arrays.copyOfRange(qkv, inner, 2 * inner));
                values.add(java.util.Arrays.copyOfRange(qkv, 2 * inner, 3 * inner));
                int t = keys.size();
                float[] out = new float[inner];
                double[] w = new double[t];
                for (int head = 0; head < h; head++) {
                    int off = head * d;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < t; j++) {
                        float[] k = keys.get(j);
                        double dot = 0;
                        for (int i = 0; i < d; i++) {
                            dot += (double) qkv[off + i] * k[off + i];
                        }
                        w[j] = dot * scale;
                        max = Math.max(max, w[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < t; j++) {
                        w[j] = Math.exp(w[j] - max);
                        sum += w[j];
                    }
                    for (int j = 0; j < t; j++) {
                        float[] value = values.get(j);
                        double p = w[j] / sum;
                        for (int i = 0; i < d; i++) {
                            out[off + i] += (float) (p * value[off + i]);
                        }
                    }
                }
                v[op.output()] = out;
            };
        }
    }

    /** An LSTM or GRU step (PyTorch's cells, LayerOp.Recurrent's layout) whose state lives between tokens. */
    private static Step recurrent(LayerOp.Recurrent r, Function<String, float[]> param, List<Runnable> resets) {
        float[] wx = param.apply(r.inputWeight(0)); // [features, gates·units]
        float[] wr = param.apply(r.recurrentWeight(0)); // [units, gates·units]
        float[] bx = param.apply(r.inputBias(0));
        float[] br = param.apply(r.recurrentBias(0));
        int u = r.units();
        float[] h = new float[u];
        float[] c = new float[u];
        resets.add(() -> {
            java.util.Arrays.fill(h, 0);
            java.util.Arrays.fill(c, 0);
        });
        return v -> {
            float[] gx = affine(v[r.input()], wx, bx);
            float[] gh = affine(h, wr, br);
            if (r.cell() == LayerOp.Recurrent.Cell.LSTM) {
                for (int j = 0; j < u; j++) {
                    float i = sigmoid(gx[j] + gh[j]);
                    float f = sigmoid(gx[u + j] + gh[u + j]);
                    float g = (float) Math.tanh(gx[2 * u + j] + gh[2 * u + j]);
                    float o = sigmoid(gx[3 * u + j] + gh[3 * u + j]);
                    c[j] = f * c[j] + i * g;
                    h[j] = o * (float) Math.tanh(c[j]);
                }
            } else {
                for (int j = 0; j < u; j++) {
                    float rr = sigmoid(gx[j] + gh[j]);
                    float z = sigmoid(gx[u + j] + gh[u + j]);
                    float n = (float) Math.tanh(gx[2 * u + j] + rr * gh[2 * u + j]);
                    h[j] = (1 - z) * n + z * h[j];
                }
            }
            v[r.output()] = h.clone();
        };
    }

    /** {@code x W + b} for {@code W} of {@code [x.length, out]} row-major. */
    private static float[] affine(float[] x, float[] w, float[] b) {
        int out = w.length / x.length;
        float[] y = b == null ? new float[out] : b.clone();
        for (int i = 0; i < x.length; i++) {
            float xi = x[i];
            if (xi == 0) {
                continue;
            }
            int row = i * out;
            for (int j = 0; j < out; j++) {
                y[j] += xi * w[row + j];
            }
        }
        return y;
    }

    private static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }
}
