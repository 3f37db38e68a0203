package io.netforge.onnx;

import com.google.protobuf.ByteString;
import io.netforge.annotations.LossFunction;
import io.netforge.data.Normalization;
import io.netforge.graph.LayerOp;
import io.netforge.graph.NetGraph;
import io.netforge.io.AtomicFiles;
import io.netforge.onnx.proto.Onnx.AttributeProto;
import io.netforge.onnx.proto.Onnx.GraphProto;
import io.netforge.onnx.proto.Onnx.ModelProto;
import io.netforge.onnx.proto.Onnx.NodeProto;
import io.netforge.onnx.proto.Onnx.OperatorSetIdProto;
import io.netforge.onnx.proto.Onnx.StringStringEntryProto;
import io.netforge.onnx.proto.Onnx.TensorProto;
import io.netforge.onnx.proto.Onnx.TensorShapeProto;
import io.netforge.onnx.proto.Onnx.TypeProto;
import io.netforge.onnx.proto.Onnx.ValueInfoProto;
import io.netforge.util.NdArrays;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The evaluation graph of a NetForge model as an ONNX model (docs/deploy.md): the operations {@link NetGraph#ops()}
 * recorded, each as the ONNX operator of the same arithmetic, with the weights as initializers, BatchNorm with its
 * running statistics, dropout left out, and the input normalization folded in as {@code Sub} and {@code Div} in
 * front, so that the file takes raw input like {@code trainer.predict}.
 *
 * <p>Opset {@value #OPSET}, IR version {@value #IR_VERSION}: every operator used here has its present semantics
 * at opset 13 (Softmax over one axis since 13; later opsets change these operators only in the element types they
 * accept and BatchNormalization's training mode), and opset 13 is read by ONNX Runtime from 1.6, TensorRT 8,
 * OpenVINO 2021 and onnx 1.8 on.
 */
public final class OnnxExporter {
    public static final int OPSET = 13;
    public static final int IR_VERSION = 7;
    public static final String INPUT = "input";
    public static final String LOGITS = "logits";
    public static final String PROBABILITIES = "probabilities";
    /** A regression model's second output: its outputs in the targets' units, {@code predictor().predictValues}. */
    public static final String VALUES = "values";

    private static final String BATCH = "batch";

    private final NetGraph graph;
    private final GraphProto.Builder g = GraphProto.newBuilder();
    /** ONNX tensor name of each NetForge value id. */
    private final Map<Integer, String> names = new HashMap<>();

    private final Map<String, Integer> nodeCount = new HashMap<>();

    private OnnxExporter(NetGraph graph) {
        this.graph = graph;
    }

    /**
     * The ONNX model of {@code graph}'s evaluation mode with its current arrays.
     *
     * @param normalization the model's input normalization, folded in front ({@code none()} for none)
     * @param probabilities whether to add a second output with {@code trainer.probabilities}' values
     * @param metadata extra {@code metadata_props}
     * @throws OnnxExportException for what ONNX's opset or this exporter cannot express
     */
    public static ModelProto model(
            NetGraph graph, Normalization normalization, boolean probabilities, Map<String, String> metadata) {
        return model(graph, normalization, Normalization.none(), probabilities, metadata);
    }

    /**
     * Like {@link #model(NetGraph, Normalization, boolean, Map)}; a regression model's second output is
     * {@value #VALUES} instead, its outputs with {@code targetScaling} undone ({@code logits · divisor + shift}).
     */
    public static ModelProto model(
            NetGraph graph,
            Normalization normalization,
            Normalization targetScaling,
            boolean second,
            Map<String, String> metadata) {
        return new OnnxExporter(graph).build(normalization, targetScaling, second, metadata);
    }

    /** Writes {@code model} to {@code file} atomically: a failed write leaves no partial file and the old one intact. */
    public static void write(ModelProto model, Path file) throws IOException {
        AtomicFiles.write(file, model.toByteArray(), "the ONNX model");
    }

    private ModelProto build(
            Normalization normalization, Normalization targetScaling, boolean second, Map<String, String> metadata) {
        boolean regression = graph.regression();
        boolean probabilities = second && !regression;
        NetGraph.Ops ops = graph.ops();
        g.setName(graph.modelName());
        g.addInput(valueInfo(INPUT, ops.shape(0)));
        names.put(0, normalized(normalization, ops.shape(0)));
        for (LayerOp op : ops.list()) {
            add(op);
        }
        String logits = in(ops.logits());
        g.addNode(node("Identity", "output", List.of(logits), LOGITS));
        // a per-step model scores its classes at every step: [N, steps, classes]
        long[] perSample = graph.perStep() ? ops.shape(ops.logits()) : new long[] {graph.classes()};
        g.addOutput(valueInfo(LOGITS, perSample));
        if (probabilities) {
            int k = probabilities(graph.loss(), graph.classes());
            long[] shape = perSample.clone();
            shape[shape.length - 1] = k;
            g.addOutput(valueInfo(PROBABILITIES, shape));
        }
        if (second && regression) {
            values(targetScaling);
            g.addOutput(valueInfo(VALUES, new long[] {graph.classes()}));
        }
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("NetForge")
                .setProducerVersion(version())
                .setModelVersion(1)
                .setDocString(graph.modelName() + ", exported by NetForge: input `" + INPUT + "` takes raw features"
                        + " (the normalization is applied inside), `" + LOGITS + "` are the class scores"
                        + (probabilities ? ", `" + PROBABILITIES + "` what trainer.probabilities returns" : "")
                        + (second && regression ? ", `" + VALUES + "` the outputs in the targets' units" : ""))
                .setGraph(g);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("netforge.model", graph.modelName());
        props.put("netforge.loss", graph.loss().name());
        props.put("netforge.classes", Integer.toString(graph.classes()));
        props.put("netforge.normalization", normalization.toString());
        if (regression) {
            props.put("netforge.task", "REGRESSION");
            props.put("netforge.target_scaling", targetScaling.toString());
        }
        props.putAll(metadata);
        props.forEach((k, v) ->
                m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    private static String version() {
        String v = OnnxExporter.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    // ---- input normalization

    /** Folds {@code (x - shift[c]) / divisor[c]} in front of the graph; the name of the normalized input. */
    private String normalized(Normalization n, long[] sample) {
        if (n.isNone()) {
            return INPUT;
        }
        int channels = n.channels();
        long[] shape = new long[sample.length + 1];
        java.util.Arrays.fill(shape, 1);
        if (sample.length == 3) {
            shape[1] = channels;
        } else if (channels != 1) {
            throw new OnnxExportException(graph.modelName() + ": a normalization of " + channels
                    + " channels for flat input " + java.util.Arrays.toString(sample) + " cannot be folded in");
        }
        float[] shift = new float[channels];
        float[] divisor = new float[channels];
        for (int c = 0; c < channels; c++) {
            shift[c] = n.first()[c];
            divisor[c] = n.divisor(c);
        }
        g.addInitializer(tensor("input/shift", shape, shift));
        g.addInitializer(tensor("input/divisor", shape, divisor));
        g.addNode(node("Sub", "input/normalize", List.of(INPUT, "input/shift"), "input/centered"));
        g.addNode(node("Div", "input/normalize", List.of("input/centered", "input/divisor"), "input/normalized"));
        return "input/normalized";
    }

    // ---- operations

    /** Adds the nodes of {@code op}: one method per kind, so an op kind the export does not know does not compile. */
    private void add(LayerOp op) {
        String out = op.layer() + ":" + op.output();
        String produced = op.accept(new LayerOp.Visitor<String>() {
            @Override
            public String dense(LayerOp.Dense d) {
                INDArray w = array(d.weight());
                g.addInitializer(tensor(d.weight(), w.shape(), NdArrays.toFloats(w)));
                boolean perStep = graph.ops().shape(d.input()).length == 2; // a sequence: MatMul on its last axis
                if (d.bias() != null && perStep) {
                    g.addInitializer(tensor(d.bias(), new long[] {w.size(1)}, NdArrays.toFloats(array(d.bias()))));
                    g.addNode(node("MatMul", d.layer(), List.of(in(d.input()), d.weight()), out + "/product"));
                    g.addNode(node("Add", d.layer(), List.of(out + "/product", d.bias()), out));
                } else if (d.bias() != null) {
                    g.addInitializer(tensor(d.bias(), new long[] {w.size(1)}, NdArrays.toFloats(array(d.bias()))));
                    g.addNode(node("Gemm", d.layer(), List.of(in(d.input()), d.weight(), d.bias()), out));
                } else {
                    g.addNode(node("MatMul", d.layer(), List.of(in(d.input()), d.weight()), out));
                }
                return out;
            }

            @Override
            public String conv(LayerOp.Conv c) {
                INDArray w = array(c.weight()); // [kH, kW, in, out] -> ONNX's [out, in, kH, kW]
                INDArray onnx = w.permute(3, 2, 0, 1); // a view; toFloats copies it in 'c' order
                g.addInitializer(tensor(c.weight(), onnx.shape(), NdArrays.toFloats(onnx)));
                List<String> inputs = new ArrayList<>(List.of(in(c.input()), c.weight()));
                if (c.bias() != null) {
                    g.addInitializer(tensor(c.bias(), new long[] {w.size(3)}, NdArrays.toFloats(array(c.bias()))));
                    inputs.add(c.bias());
                }
                g.addNode(node("Conv", c.layer(), inputs, out)
                        .addAttribute(ints("kernel_shape", c.kernel(), c.kernel()))
                        .addAttribute(ints("strides", c.stride(), c.stride()))
                        .addAttribute(ints("pads", c.padding(), c.padding(), c.padding(), c.padding())));
                return out;
            }

            @Override
            public String pool(LayerOp.Pool p) {
                NodeProto.Builder n = node(p.max() ? "MaxPool" : "AveragePool", p.layer(), List.of(in(p.input())), out)
                        .addAttribute(ints("kernel_shape", p.kernel(), p.kernel()))
                        .addAttribute(ints("strides", p.stride(), p.stride()))
                        .addAttribute(ints("pads", p.padding(), p.padding(), p.padding(), p.padding()));
                if (!p.max()) {
                    n.addAttribute(integer("count_include_pad", 1)); // NetForge averages over the padded window
                }
                g.addNode(n);
                return out;
            }

            @Override
            public String globalAvgPool(LayerOp.GlobalAvgPool p) {
                String pooled = out + "/pooled";
                g.addNode(node("GlobalAveragePool", p.layer(), List.of(in(p.input())), pooled));
                g.addNode(node("Flatten", p.layer(), List.of(pooled), out).addAttribute(integer("axis", 1)));
                return out;
            }

            @Override
            public String add(LayerOp.Add a) {
                g.addNode(node("Add", a.layer(), List.of(in(a.left()), in(a.right())), out));
                return out;
            }

            @Override
            public String flatten(LayerOp.Flatten f) {
                g.addNode(
                        node("Flatten", f.layer(), List.of(in(f.input())), out).addAttribute(integer("axis", 1)));
                return out;
            }

            @Override
            public String activation(LayerOp.Activation a) {
                String x = in(a.input());
                g.addNode(
                        switch (a.kind()) {
                            case RELU -> node("Relu", a.layer(), List.of(x), out);
                            case LEAKY_RELU ->
                                node("LeakyRelu", a.layer(), List.of(x), out).addAttribute(real("alpha", a.alpha()));
                            case SIGMOID -> node("Sigmoid", a.layer(), List.of(x), out);
                            case TANH -> node("Tanh", a.layer(), List.of(x), out);
                            case SOFTMAX ->
                                node("Softmax", a.layer(), List.of(x), out).addAttribute(integer("axis", 1));
                            case GELU -> { // opset 13 has no Gelu: x (1 + erf(x/√2)) / 2 as Div, Erf, Add, Mul, Mul
                                String q = a.layer() + "/gelu_";
                                g.addInitializer(tensor(q + "sqrt2", new long[0], new float[] {(float) Math.sqrt(2)}));
                                g.addInitializer(tensor(q + "one", new long[0], new float[] {1f}));
                                g.addInitializer(tensor(q + "half", new long[0], new float[] {0.5f}));
                                g.addNode(node("Div", a.layer(), List.of(x, q + "sqrt2"), q + "scaled"));
                                g.addNode(node("Erf", a.layer(), List.of(q + "scaled"), q + "erf"));
                                g.addNode(node("Add", a.layer(), List.of(q + "erf", q + "one"), q + "twice_cdf"));
                                g.addNode(node("Mul", a.layer(), List.of(x, q + "twice_cdf"), q + "twice"));
                                yield node("Mul", a.layer(), List.of(q + "twice", q + "half"), out);
                            }
                        });
                return out;
            }

            @Override
            public String batchNorm(LayerOp.BatchNorm b) {
                for (String name : List.of(
                        b.gamma(), b.beta(), b.state().runningMean(), b.state().runningVar())) {
                    INDArray a = array(name);
                    g.addInitializer(tensor(name, new long[] {a.length()}, NdArrays.toFloats(a)));
                }
                g.addNode(node(
                                "BatchNormalization",
                                b.layer(),
                                List.of(
                                        in(b.input()),
                                        b.gamma(),
                                        b.beta(),
                                        b.state().runningMean(),
                                        b.state().runningVar()),
                                out)
                        .addAttribute(real("epsilon", b.eps())));
                return out;
            }

            /**
             * Opset 13 has no LayerNormalization: {@code (x - mean) / sqrt(mean((x - mean)²) + eps) * γ + β} as
             * ReduceMean, Sub, Mul, ReduceMean, Add, Sqrt, Div, Mul, Add over the features (axis 1).
             */
            @Override
            public String layerNorm(LayerOp.LayerNorm l) {
                long[] shape = graph.ops().shape(l.input());
                long features = shape[shape.length - 1];
                int axis = shape.length; // the features: the last axis of [N, F] or of a sequence's [N, L, F]
                g.addInitializer(tensor(l.gamma(), new long[] {features}, NdArrays.toFloats(array(l.gamma()))));
                g.addInitializer(tensor(l.beta(), new long[] {features}, NdArrays.toFloats(array(l.beta()))));
                String eps = l.layer() + "/eps";
                g.addInitializer(tensor(eps, new long[0], new float[] {(float) l.eps()}));
                String p = l.layer() + "/";
                g.addNode(node("ReduceMean", l.layer(), List.of(in(l.input())), p + "mean")
                        .addAttribute(ints("axes", axis))
                        .addAttribute(integer("keepdims", 1)));
                g.addNode(node("Sub", l.layer(), List.of(in(l.input()), p + "mean"), p + "centered"));
                g.addNode(node("Mul", l.layer(), List.of(p + "centered", p + "centered"), p + "squared"));
                g.addNode(node("ReduceMean", l.layer(), List.of(p + "squared"), p + "variance")
                        .addAttribute(ints("axes", axis))
                        .addAttribute(integer("keepdims", 1)));
                g.addNode(node("Add", l.layer(), List.of(p + "variance", eps), p + "variance_eps"));
                g.addNode(node("Sqrt", l.layer(), List.of(p + "variance_eps"), p + "std"));
                g.addNode(node("Div", l.layer(), List.of(p + "centered", p + "std"), p + "normalized"));
                g.addNode(node("Mul", l.layer(), List.of(p + "normalized", l.gamma()), p + "scaled"));
                g.addNode(node("Add", l.layer(), List.of(p + "scaled", l.beta()), out));
                return out;
            }

            @Override
            public String dropout(LayerOp.Dropout d) {
                return in(d.input()); // identity in evaluation: no node
            }

            /** {@code Gather(table, Cast(ids, int64))}: the ids arrive as the floats of the input. */
            @Override
            public String embedding(LayerOp.Embedding e) {
                INDArray t = array(e.table());
                g.addInitializer(tensor(e.table(), t.shape(), NdArrays.toFloats(t)));
                String ids = e.layer() + "/ids";
                g.addNode(node("Cast", e.layer(), List.of(in(e.input())), ids)
                        .addAttribute(integer("to", TensorProto.DataType.INT64_VALUE)));
                g.addNode(
                        node("Gather", e.layer(), List.of(e.table(), ids), out).addAttribute(integer("axis", 0)));
                return out;
            }

            /**
             * ONNX's {@code LSTM} or {@code GRU} (version 7 of each, the one opset 13 has) on the time-major sequence, gates reordered to ONNX's (i, o,
             * f, c from i, f, g, o; z, r, h from r, z, n), {@code B = [W_b, R_b]}, a GRU with {@code
             * linear_before_reset = 1} (PyTorch's, the reset gate after the product), and {@code sequence_lens} the
             * count of steps that are not padding (so padding must be at the end, as a {@code Vocabulary} pads);
             * outputs back to batch-major.
             */
            @Override
            public String recurrent(LayerOp.Recurrent l) {
                String q = l.layer() + "/";
                int h = l.units();
                int dirs = l.directions();
                boolean lstm = l.cell() == LayerOp.Recurrent.Cell.LSTM;
                int[] order = lstm ? new int[] {0, 3, 1, 2} : new int[] {1, 0, 2}; // ONNX's block k is our order[k]
                int gw = order.length * h;
                long features = graph.ops().shape(l.input())[1];
                float[] w = new float[dirs * gw * (int) features];
                float[] r = new float[dirs * gw * h];
                float[] b = new float[dirs * 2 * gw];
                for (int d = 0; d < dirs; d++) {
                    onnxGates(array(l.inputWeight(d)), order, w, d * gw * (int) features);
                    onnxGates(array(l.recurrentWeight(d)), order, r, d * gw * h);
                    onnxGates(array(l.inputBias(d)).reshape(1, gw), order, b, d * 2 * gw);
                    onnxGates(array(l.recurrentBias(d)).reshape(1, gw), order, b, d * 2 * gw + gw);
                }
                g.addInitializer(tensor(q + "W", new long[] {dirs, gw, features}, w));
                g.addInitializer(tensor(q + "R", new long[] {dirs, gw, h}, r));
                g.addInitializer(tensor(q + "B", new long[] {dirs, 2L * gw}, b));
                if (l.tokens() >= 0) { // a sequence input has no padding: no sequence_lens
                    g.addInitializer(tensor(q + "zero", new long[0], new float[] {0f}));
                    g.addInitializer(longs(q + "steps_axis", 1));
                    g.addNode(node("Equal", l.layer(), List.of(in(l.tokens()), q + "zero"), q + "padding"));
                    g.addNode(node("Not", l.layer(), List.of(q + "padding"), q + "kept"));
                    g.addNode(node("Cast", l.layer(), List.of(q + "kept"), q + "mask")
                            .addAttribute(integer("to", TensorProto.DataType.FLOAT_VALUE)));
                    g.addNode(node("ReduceSum", l.layer(), List.of(q + "mask", q + "steps_axis"), q + "count")
                            .addAttribute(integer("keepdims", 0)));
                    g.addNode(node("Cast", l.layer(), List.of(q + "count"), q + "lengths")
                            .addAttribute(integer("to", TensorProto.DataType.INT32_VALUE)));
                }
                g.addNode(node("Transpose", l.layer(), List.of(in(l.input())), q + "time_major")
                        .addAttribute(ints("perm", 1, 0, 2)));
                NodeProto.Builder cell = NodeProto.newBuilder()
                        .setOpType(lstm ? "LSTM" : "GRU")
                        .setName(q + (lstm ? "LSTM" : "GRU"))
                        .addAllInput(List.of(
                                q + "time_major", q + "W", q + "R", q + "B", l.tokens() >= 0 ? q + "lengths" : ""))
                        .addAllOutput(List.of(q + "Y", q + "Y_h"))
                        .addAttribute(integer("hidden_size", h))
                        .addAttribute(AttributeProto.newBuilder()
                                .setName("direction")
                                .setType(AttributeProto.AttributeType.STRING)
                                .setS(ByteString.copyFromUtf8(dirs == 2 ? "bidirectional" : "forward")));
                if (!lstm) {
                    cell.addAttribute(integer("linear_before_reset", 1));
                }
                g.addNode(cell);
                // Y [steps, dirs, N, h] -> [N, steps, dirs, h]; Y_h [dirs, N, h] -> [N, dirs, h]
                boolean seq = l.sequences();
                g.addNode(node("Transpose", l.layer(), List.of(q + (seq ? "Y" : "Y_h")), q + "batch_major")
                        .addAttribute(seq ? ints("perm", 2, 0, 1, 3) : ints("perm", 1, 0, 2)));
                if (l.sum()) {
                    g.addInitializer(longs(q + "directions_axis", seq ? 2 : 1));
                    g.addNode(node("ReduceSum", l.layer(), List.of(q + "batch_major", q + "directions_axis"), out)
                            .addAttribute(integer("keepdims", 0)));
                } else {
                    g.addInitializer(seq ? longs(q + "shape", 0, 0, -1) : longs(q + "shape", 0, -1));
                    g.addNode(node("Reshape", l.layer(), List.of(q + "batch_major", q + "shape"), out));
                }
                return out;
            }

            /** {@code Conv} on the steps-last layout: the sequence transposed in and out, weights as {@code [F, D, k]}. */
            @Override
            public String conv1d(LayerOp.Conv1d c) {
                INDArray w = array(c.weight()); // [k, in, out] -> ONNX's [out, in, k]
                INDArray onnx = w.permute(2, 1, 0);
                g.addInitializer(tensor(c.weight(), onnx.shape(), NdArrays.toFloats(onnx)));
                String q = c.layer() + "/";
                String input = in(c.input());
                if (c.tokens() >= 0) { // padding steps read as zeros
                    g.addInitializer(longs(q + "feature_axis", 2));
                    g.addNode(node(
                            "Unsqueeze",
                            c.layer(),
                            List.of(realSteps(q, in(c.tokens())), q + "feature_axis"),
                            q + "mask3"));
                    g.addNode(node("Mul", c.layer(), List.of(input, q + "mask3"), q + "masked"));
                    input = q + "masked";
                }
                g.addNode(node("Transpose", c.layer(), List.of(input), q + "channels_first")
                        .addAttribute(ints("perm", 0, 2, 1)));
                List<String> inputs = new ArrayList<>(List.of(q + "channels_first", c.weight()));
                if (c.bias() != null) {
                    g.addInitializer(tensor(c.bias(), new long[] {w.size(2)}, NdArrays.toFloats(array(c.bias()))));
                    inputs.add(c.bias());
                }
                g.addNode(node("Conv", c.layer(), inputs, q + "convolved")
                        .addAttribute(ints("kernel_shape", c.kernel()))
                        .addAttribute(ints("strides", c.stride()))
                        .addAttribute(ints("dilations", c.dilation()))
                        .addAttribute(ints(
                                "pads", c.padding(), c.right((int) graph.ops().shape(c.input())[0], (int)
                                        graph.ops().shape(c.output())[0]))));
                g.addNode(node("Transpose", c.layer(), List.of(q + "convolved"), out)
                        .addAttribute(ints("perm", 0, 2, 1)));
                return out;
            }

            /**
             * Windows one after another: the mean as {@code A · (x · m) / max(1, m · Aᵀ)} with {@code A} the constant
             * 0/1 window matrix; the max as {@code MaxPool(x + (m - 1) · 1e30, ceil_mode)} on the steps-last layout,
             * times whether the window has a real step. {@code m} is the mask (ones for a sequence input).
             */
            @Override
            public String sequencePool(LayerOp.SequencePool p) {
                String q = p.layer() + "/";
                int steps = (int) graph.ops().shape(p.input())[0];
                int outSteps = (int) graph.ops().shape(p.output())[0];
                String mask = p.tokens() < 0 ? ones(q, steps) : realSteps(q, in(p.tokens()));
                windowMatrix(q + "windows", steps, outSteps, p.window(), p.window());
                g.addInitializer(longs(q + "feature_axis", 2));
                g.addInitializer(tensor(q + "one", new long[0], new float[] {1f}));
                g.addNode(node("Unsqueeze", p.layer(), List.of(mask, q + "feature_axis"), q + "mask3"));
                g.addNode(node("MatMul", p.layer(), List.of(mask, q + "windows"), q + "count2"));
                g.addNode(node("Unsqueeze", p.layer(), List.of(q + "count2", q + "feature_axis"), q + "count"));
                if (!p.max()) {
                    g.addNode(node("Mul", p.layer(), List.of(in(p.input()), q + "mask3"), q + "masked"));
                    g.addNode(node("Transpose", p.layer(), List.of(q + "windows"), q + "windows_t")
                            .addAttribute(ints("perm", 1, 0)));
                    g.addNode(node("MatMul", p.layer(), List.of(q + "windows_t", q + "masked"), q + "sum"));
                    g.addNode(node("Max", p.layer(), List.of(q + "count", q + "one"), q + "divisor"));
                    g.addNode(node("Div", p.layer(), List.of(q + "sum", q + "divisor"), out));
                    return out;
                }
                g.addInitializer(tensor(q + "big", new long[0], new float[] {1e30f}));
                g.addInitializer(tensor(q + "zero", new long[0], new float[] {0f}));
                g.addNode(node("Sub", p.layer(), List.of(q + "mask3", q + "one"), q + "minus"));
                g.addNode(node("Mul", p.layer(), List.of(q + "minus", q + "big"), q + "down"));
                g.addNode(node("Add", p.layer(), List.of(in(p.input()), q + "down"), q + "lowered"));
                g.addNode(node("Transpose", p.layer(), List.of(q + "lowered"), q + "channels_first")
                        .addAttribute(ints("perm", 0, 2, 1)));
                g.addNode(node("MaxPool", p.layer(), List.of(q + "channels_first"), q + "pooled")
                        .addAttribute(ints("kernel_shape", p.window()))
                        .addAttribute(ints("strides", p.window()))
                        .addAttribute(integer("ceil_mode", 1)));
                g.addNode(node("Transpose", p.layer(), List.of(q + "pooled"), q + "max")
                        .addAttribute(ints("perm", 0, 2, 1)));
                g.addNode(node("Greater", p.layer(), List.of(q + "count", q + "zero"), q + "any_bool"));
                g.addNode(node("Cast", p.layer(), List.of(q + "any_bool"), q + "any")
                        .addAttribute(integer("to", TensorProto.DataType.FLOAT_VALUE)));
                g.addNode(node("Mul", p.layer(), List.of(q + "max", q + "any"), out));
                return out;
            }

            /** {@code Cast(m · A > 0)}: the mask of a shortened sequence, {@code A} the constant window matrix. */
            @Override
            public String sequenceMask(LayerOp.SequenceMask m) {
                String q = m.layer() + "/mask_";
                int steps = (int) graph.ops().shape(m.input())[0];
                int outSteps = (int) graph.ops().shape(m.output())[0];
                float[] a = new float[steps * outSteps];
                for (int j = 0; j < outSteps; j++) {
                    int from = j * m.stride() + m.offset();
                    for (int t = from; t < Math.min(steps, from + m.window()); t++) {
                        a[t * outSteps + j] = 1f;
                    }
                }
                g.addInitializer(tensor(q + "windows", new long[] {steps, outSteps}, a));
                g.addInitializer(tensor(q + "zero", new long[0], new float[] {0f}));
                g.addNode(node("MatMul", m.layer(), List.of(realSteps(q, in(m.input())), q + "windows"), q + "count"));
                g.addNode(node("Greater", m.layer(), List.of(q + "count", q + "zero"), q + "any"));
                g.addNode(node("Cast", m.layer(), List.of(q + "any"), out)
                        .addAttribute(integer("to", TensorProto.DataType.FLOAT_VALUE)));
                return out;
            }

            /**
             * Attention's core in opset 13, which has no attention operator: Split into queries, keys and values,
             * Reshape and Transpose to {@code [N, h, L, d]} (keys {@code [N, h, d, L]}), MatMul, Mul by {@code 1/√d},
             * Add the padding mask ({@code (real - 1)·10⁹} as {@code [N, 1, 1, L]}) and the causal mask (a constant),
             * Softmax over the keys, MatMul with the values, and back to {@code [N, L, h·d]}.
             */
            /** An {@code Add} of the first {@code steps} rows of the table (or the sinusoids), an initializer. */
            @Override
            public String position(LayerOp.PositionEmbedding p) {
                long steps = graph.ops().shape(p.input())[0];
                long features = graph.ops().shape(p.input())[1];
                float[] rows = p.table() == null
                        ? LayerOp.PositionEmbedding.sinusoids((int) steps, (int) features)
                        : java.util.Arrays.copyOf(NdArrays.toFloats(array(p.table())), (int) (steps * features));
                g.addInitializer(tensor(p.layer() + "/position_rows", new long[] {steps, features}, rows));
                g.addNode(node("Add", p.layer(), List.of(in(p.input()), p.layer() + "/position_rows"), out));
                return out;
            }

            @Override
            public String attention(LayerOp.Attention a) {
                String q = a.layer() + "/attention_";
                long steps = graph.ops().shape(a.input())[0];
                long inner = (long) a.heads() * a.headSize();
                g.addInitializer(longs(q + "split", inner, inner, inner));
                g.addNode(node("Split", a.layer(), List.of(in(a.input()), q + "split"), q + "q")
                        .addOutput(q + "k")
                        .addOutput(q + "v")
                        .addAttribute(integer("axis", 2)));
                g.addInitializer(longs(q + "heads_shape", 0, 0, a.heads(), a.headSize()));
                for (String part : List.of("q", "k", "v")) {
                    g.addNode(node("Reshape", a.layer(), List.of(q + part, q + "heads_shape"), q + part + "_heads"));
                    g.addNode(node("Transpose", a.layer(), List.of(q + part + "_heads"), q + part + "_by_head")
                            .addAttribute(part.equals("k") ? ints("perm", 0, 2, 3, 1) : ints("perm", 0, 2, 1, 3)));
                }
                g.addNode(node("MatMul", a.layer(), List.of(q + "q_by_head", q + "k_by_head"), q + "products"));
                g.addInitializer(tensor(
                        q + "scale", new long[0], new float[] {(float) (1.0 / Math.sqrt(a.headSize()))}));
                g.addNode(node("Mul", a.layer(), List.of(q + "products", q + "scale"), q + "scores"));
                String scores = q + "scores";
                if (a.tokens() >= 0) {
                    g.addInitializer(tensor(q + "one", new long[0], new float[] {1f}));
                    g.addInitializer(tensor(q + "masked", new long[0], new float[] {-LayerOp.Attention.MASKED}));
                    g.addInitializer(longs(q + "key_shape", -1, 1, 1, steps));
                    String real = realSteps(q, in(a.tokens()));
                    g.addNode(node("ReduceMax", a.layer(), List.of(real), q + "any") // padding only: no mask
                            .addAttribute(ints("axes", 1))
                            .addAttribute(integer("keepdims", 1)));
                    g.addNode(node("Sub", a.layer(), List.of(real, q + "one"), q + "minus"));
                    g.addNode(node("Mul", a.layer(), List.of(q + "minus", q + "any"), q + "minus_any"));
                    g.addNode(node("Mul", a.layer(), List.of(q + "minus_any", q + "masked"), q + "key_mask"));
                    g.addNode(node("Reshape", a.layer(), List.of(q + "key_mask", q + "key_shape"), q + "key_mask4"));
                    g.addNode(node("Add", a.layer(), List.of(scores, q + "key_mask4"), q + "padded_scores"));
                    scores = q + "padded_scores";
                }
                if (a.causal()) {
                    g.addInitializer(
                            tensor(q + "causal", new long[] {steps, steps}, LayerOp.Attention.causalMask((int) steps)));
                    g.addNode(node("Add", a.layer(), List.of(scores, q + "causal"), q + "causal_scores"));
                    scores = q + "causal_scores";
                }
                g.addNode(node("Softmax", a.layer(), List.of(scores), q + "weights")
                        .addAttribute(integer("axis", -1)));
                g.addNode(node("MatMul", a.layer(), List.of(q + "weights", q + "v_by_head"), q + "results"));
                g.addNode(node("Transpose", a.layer(), List.of(q + "results"), q + "by_step")
                        .addAttribute(ints("perm", 0, 2, 1, 3)));
                g.addInitializer(longs(q + "out_shape", 0, 0, inner));
                g.addNode(node("Reshape", a.layer(), List.of(q + "by_step", q + "out_shape"), out));
                return out;
            }

            /** {@code Cast(Not(Equal(ids, 0)))}: 1 for a real step; the nodes named from {@code q}. */
            private String realSteps(String q, String ids) {
                g.addInitializer(tensor(q + "id_zero", new long[0], new float[] {0f}));
                g.addNode(node("Equal", q + "real", List.of(ids, q + "id_zero"), q + "padding"));
                g.addNode(node("Not", q + "real", List.of(q + "padding"), q + "kept"));
                g.addNode(node("Cast", q + "real", List.of(q + "kept"), q + "real")
                        .addAttribute(integer("to", TensorProto.DataType.FLOAT_VALUE)));
                return q + "real";
            }

            /** A constant mask of ones {@code [1, steps]} for a sequence input, broadcast over the batch. */
            private String ones(String q, int steps) {
                float[] v = new float[steps];
                java.util.Arrays.fill(v, 1f);
                g.addInitializer(tensor(q + "ones", new long[] {1, steps}, v));
                return q + "ones";
            }

            /** {@code [steps, outSteps]}: 1 where input step {@code t} is in window {@code j} ({@code [j·stride, +window)}). */
            private void windowMatrix(String name, int steps, int outSteps, int window, int stride) {
                float[] a = new float[steps * outSteps];
                for (int j = 0; j < outSteps; j++) {
                    for (int t = j * stride; t < Math.min(steps, j * stride + window); t++) {
                        a[t * outSteps + j] = 1f;
                    }
                }
                g.addInitializer(tensor(name, new long[] {steps, outSteps}, a));
            }

            /** {@code ReduceMax(x + (mask - 1) · 1e30, steps) · ReduceMax(mask)}: padding never the maximum, all-padding 0. */
            @Override
            public String sequenceMaxPool(LayerOp.SequenceMaxPool p) {
                if (p.tokens() < 0) { // a sequence input: every step counts
                    g.addNode(node("ReduceMax", p.layer(), List.of(in(p.input())), out)
                            .addAttribute(ints("axes", 1))
                            .addAttribute(integer("keepdims", 0)));
                    return out;
                }
                String q = p.layer() + "/";
                g.addInitializer(tensor(q + "zero", new long[0], new float[] {0f}));
                g.addInitializer(tensor(q + "one", new long[0], new float[] {1f}));
                g.addInitializer(tensor(q + "big", new long[0], new float[] {1e30f}));
                g.addInitializer(longs(q + "feature_axis", 2));
                g.addNode(node("Equal", p.layer(), List.of(in(p.tokens()), q + "zero"), q + "padding"));
                g.addNode(node("Not", p.layer(), List.of(q + "padding"), q + "kept"));
                g.addNode(node("Cast", p.layer(), List.of(q + "kept"), q + "mask")
                        .addAttribute(integer("to", TensorProto.DataType.FLOAT_VALUE)));
                g.addNode(node("Unsqueeze", p.layer(), List.of(q + "mask", q + "feature_axis"), q + "mask3"));
                g.addNode(node("Sub", p.layer(), List.of(q + "mask3", q + "one"), q + "minus"));
                g.addNode(node("Mul", p.layer(), List.of(q + "minus", q + "big"), q + "down"));
                g.addNode(node("Add", p.layer(), List.of(in(p.input()), q + "down"), q + "lowered"));
                g.addNode(node("ReduceMax", p.layer(), List.of(q + "lowered"), q + "max")
                        .addAttribute(ints("axes", 1))
                        .addAttribute(integer("keepdims", 0)));
                g.addNode(node("ReduceMax", p.layer(), List.of(q + "mask"), q + "any")
                        .addAttribute(ints("axes", 1))
                        .addAttribute(integer("keepdims", 1)));
                g.addNode(node("Mul", p.layer(), List.of(q + "max", q + "any"), out));
                return out;
            }

            /** {@code ReduceSum(x · mask, steps) / max(1, ReduceSum(mask))}, the mask {@code Cast(Not(Equal(ids, 0)))}. */
            @Override
            public String sequenceMeanPool(LayerOp.SequenceMeanPool p) {
                if (p.tokens() < 0) { // a sequence input: every step counts
                    g.addNode(node("ReduceMean", p.layer(), List.of(in(p.input())), out)
                            .addAttribute(ints("axes", 1))
                            .addAttribute(integer("keepdims", 0)));
                    return out;
                }
                String q = p.layer() + "/";
                g.addInitializer(tensor(q + "zero", new long[0], new float[] {0f}));
                g.addInitializer(tensor(q + "one", new long[0], new float[] {1f}));
                g.addInitializer(longs(q + "steps_axis", 1));
                g.addInitializer(longs(q + "feature_axis", 2));
                g.addNode(node("Equal", p.layer(), List.of(in(p.tokens()), q + "zero"), q + "padding"));
                g.addNode(node("Not", p.layer(), List.of(q + "padding"), q + "kept"));
                g.addNode(node("Cast", p.layer(), List.of(q + "kept"), q + "mask")
                        .addAttribute(integer("to", TensorProto.DataType.FLOAT_VALUE)));
                g.addNode(node("Unsqueeze", p.layer(), List.of(q + "mask", q + "feature_axis"), q + "mask3"));
                g.addNode(node("Mul", p.layer(), List.of(in(p.input()), q + "mask3"), q + "masked"));
                g.addNode(node("ReduceSum", p.layer(), List.of(q + "masked", q + "steps_axis"), q + "sum")
                        .addAttribute(integer("keepdims", 0)));
                g.addNode(node("ReduceSum", p.layer(), List.of(q + "mask", q + "steps_axis"), q + "count")
                        .addAttribute(integer("keepdims", 1)));
                g.addNode(node("Max", p.layer(), List.of(q + "count", q + "one"), q + "divisor"));
                g.addNode(node("Div", p.layer(), List.of(q + "sum", q + "divisor"), out));
                return out;
            }
        });
        names.put(op.output(), produced);
    }

    /** {@value #VALUES}: the logits times each output's divisor plus its shift ({@code Normalization.invertInPlace}). */
    private void values(Normalization scaling) {
        if (scaling.isNone()) {
            g.addNode(node("Identity", VALUES, List.of(LOGITS), VALUES));
            return;
        }
        int k = graph.classes();
        float[] divisor = new float[k];
        float[] shift = new float[k];
        for (int j = 0; j < k; j++) {
            divisor[j] = scaling.divisor(j);
            shift[j] = scaling.first()[j];
        }
        g.addInitializer(tensor("values/divisor", new long[] {1, k}, divisor));
        g.addInitializer(tensor("values/shift", new long[] {1, k}, shift));
        g.addNode(node("Mul", VALUES, List.of(LOGITS, "values/divisor"), "values/scaled"));
        g.addNode(node("Add", VALUES, List.of("values/scaled", "values/shift"), VALUES));
    }

    /** How many values {@code trainer.probabilities} gives per sample; adds the nodes computing them. */
    private int probabilities(LossFunction loss, int classes) {
        List<String> logits = List.of(LOGITS);
        switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> {
                g.addNode(
                        node("Softmax", "probabilities", logits, PROBABILITIES).addAttribute(integer("axis", -1)));
                return classes;
            }
            case BINARY_CROSS_ENTROPY -> {
                if (classes > 1) {
                    g.addNode(node("Sigmoid", "probabilities", logits, PROBABILITIES));
                    return classes;
                }
                // as Losses.probabilities: both from e = exp(-|x|), so the small one is not 1 - p rounded to 0 (nor
                // ONNX Runtime's Sigmoid, which gives exactly 0 below x = -17 or so)
                g.addInitializer(tensor("probabilities/one", new long[] {1, 1}, new float[] {1f}));
                g.addInitializer(tensor("probabilities/zero", new long[] {1, 1}, new float[] {0f}));
                String p = "probabilities/";
                g.addNode(node("Abs", "probabilities", logits, p + "abs"));
                g.addNode(node("Neg", "probabilities", List.of(p + "abs"), p + "minus_abs"));
                g.addNode(node("Exp", "probabilities", List.of(p + "minus_abs"), p + "e"));
                g.addNode(node("Add", "probabilities", List.of(p + "one", p + "e"), p + "one_plus_e"));
                g.addNode(node("Div", "probabilities", List.of(p + "one", p + "one_plus_e"), p + "big"));
                g.addNode(node("Div", "probabilities", List.of(p + "e", p + "one_plus_e"), p + "small"));
                g.addNode(node("GreaterOrEqual", "probabilities", List.of(LOGITS, p + "zero"), p + "non_negative"));
                g.addNode(node(
                        "Where", "probabilities", List.of(p + "non_negative", p + "small", p + "big"), p + "negative"));
                g.addNode(node(
                        "Where", "probabilities", List.of(p + "non_negative", p + "big", p + "small"), p + "positive"));
                concat(p + "negative", p + "positive");
                return 2;
            }
            case MSE -> {
                if (classes > 1) {
                    g.addNode(node("Identity", "probabilities", logits, PROBABILITIES));
                    return classes;
                }
                g.addInitializer(tensor("probabilities/one", new long[] {1, 1}, new float[] {1f}));
                g.addNode(node("Sub", "probabilities", List.of("probabilities/one", LOGITS), "probabilities/negative"));
                concat("probabilities/negative", LOGITS);
                return 2;
            }
            default -> throw new OnnxExportException(graph.modelName() + ": no probabilities for the loss " + loss);
        }
    }

    /** {@code [negative, positive]} as the two columns of a one-output binary model, like {@code trainer.probabilities}. */
    private void concat(String negative, String positive) {
        g.addNode(node("Concat", "probabilities", List.of(negative, positive), PROBABILITIES)
                .addAttribute(integer("axis", 1)));
    }

    /**
     * Writes {@code ours} ({@code [rows, gates·h]}, gate blocks along the columns) transposed into {@code onnx} from
     * {@code offset} as ONNX's {@code [gates·h, rows]} with its block {@code k} our block {@code from[k]}.
     */
    private static void onnxGates(INDArray ours, int[] from, float[] onnx, int offset) {
        float[] v = NdArrays.toFloats(ours);
        int rows = (int) ours.size(0);
        int gates = from.length;
        int h = (int) ours.size(1) / gates;
        for (int k = 0; k < gates; k++) {
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < rows; i++) {
                    onnx[offset + (k * h + j) * rows + i] = v[i * gates * h + from[k] * h + j];
                }
            }
        }
    }

    private String in(int value) {
        String name = names.get(value);
        if (name == null) {
            throw new OnnxExportException(graph.modelName() + ": value " + value + " is used before it is computed");
        }
        return name;
    }

    private INDArray array(String name) {
        INDArray a = graph.array(name);
        if (a.dataType() != DataType.FLOAT) {
            throw new OnnxExportException(graph.modelName() + ": " + name + " is " + a.dataType()
                    + "; the ONNX export writes float32 models only");
        }
        return a;
    }

    // ---- protobuf builders

    private NodeProto.Builder node(String type, String layer, List<String> inputs, String output) {
        int n = nodeCount.merge(layer + "/" + type, 1, Integer::sum);
        return NodeProto.newBuilder()
                .setOpType(type)
                .setName(layer + "/" + type + (n == 1 ? "" : "_" + n))
                .addAllInput(inputs)
                .addOutput(output);
    }

    private static TensorProto tensor(String name, long[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        TensorProto.Builder t = TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(b.array()));
        for (long d : shape) {
            t.addDims(d);
        }
        return t.build();
    }

    /** A one-dimensional int64 tensor: the axes input of opset 13's {@code ReduceSum} and {@code Unsqueeze}. */
    private static TensorProto longs(String name, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        return t.build();
    }

    /** A float tensor {@code [batch, ...sample]} with a symbolic batch dimension. */
    private static ValueInfoProto valueInfo(String name, long[] sample) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (long d : sample) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder()
                                .setElemType(TensorProto.DataType.FLOAT_VALUE)
                                .setShape(shape)))
                .build();
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    private static AttributeProto real(String name, double value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.FLOAT)
                .setF((float) value)
                .build();
    }
}
