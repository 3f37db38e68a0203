package io.netforge.graph;

import io.netforge.annotations.LossFunction;
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
import org.nd4j.enums.PadMode;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds a model's SameDiff graph one layer at a time; generated {@code <Model>Graph} classes call one
 * method per layer. Every method builds the training and the evaluation branch (see {@link Node}),
 * names variables after the layer ({@code fc1/W}), and checks the incoming shape so a hand-written
 * graph fails here rather than inside a native op.
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
    private final java.util.Map<String, String> layerOutputs = new java.util.LinkedHashMap<>();
    private final List<LayerOp> ops = new ArrayList<>();
    private final List<long[]> valueShapes = new ArrayList<>();
    private final java.util.IdentityHashMap<SDVariable, Integer> valueIds = new java.util.IdentityHashMap<>();
    private long[] inputShape;

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

    private Node input(long[] shape) {
        if (inputShape != null) {
            throw new IllegalStateException(modelName + ": the input is already declared");
        }
        for (long d : shape) {
            positive("input", "shape", d);
        }
        inputShape = shape.clone();
        SDVariable in = sd.placeHolder(INPUT, dataType, batched(shape));
        return value(new Node(in, in, shape));
    }

    /** Fully connected layer: {@code x W + b}, W of shape {@code [in, units]}. */
    public Node dense(String layer, Node x, int units, boolean bias, ParamInit init, Penalty penalty) {
        requireFlat(layer, "@Dense", x);
        positive(layer, "units", units);
        long in = x.shape()[0];
        SDVariable w = param(layer + "/W", new long[] {in, units}, penalty, a -> init.fillWeights(rng, a, in, units));
        SDVariable b =
                bias ? param(layer + "/b", new long[] {units}, Penalty.NONE, a -> init.fillBiases(rng, a, in)) : null;
        Node out = value(map(x, new long[] {units}, v -> {
            // x.mmul(W).add(b), not sd.nn.linear: xw_plus_b trains wrongly on the oneDNN builds (docs/samediff.md, fact
            // 14).
            SDVariable y = v.mmul(w);
            return b == null ? y : y.add(b);
        }));
        ops.add(new LayerOp.Dense(layer, id(x), id(out), layer + "/W", bias ? layer + "/b" : null));
        return recorded(layer, out);
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
        SDVariable w = param(
                layer + "/W",
                new long[] {kernel, kernel, inC, filters},
                penalty,
                a -> init.fillWeights(rng, a, fanIn, fanOut));
        SDVariable b = bias
                ? param(layer + "/b", new long[] {filters}, Penalty.NONE, a -> init.fillBiases(rng, a, fanIn))
                : null;
        Conv2DConfig cfg = Conv2DConfig.builder()
                .kH(kernel)
                .kW(kernel)
                .sH(stride)
                .sW(stride)
                .pH(padding)
                .pW(padding)
                .dH(1)
                .dW(1)
                .paddingMode(PaddingMode.VALID)
                .dataFormat("NCHW")
                .weightsFormat(WeightsFormat.YXIO)
                .build();
        Node out = value(map(
                x,
                new long[] {filters, outH, outW},
                v -> b == null ? sd.cnn().conv2d(v, w, cfg) : sd.cnn().conv2d(v, w, b, cfg)));
        ops.add(new LayerOp.Conv(
                layer, id(x), id(out), layer + "/W", bias ? layer + "/b" : null, kernel, stride, padding));
        return recorded(layer, out);
    }

    /** Max pooling; {@code stride} 0 means the window size. */
    public Node maxPool(String layer, Node x, int kernel, int stride, int padding) {
        return recorded(layer, pool(layer, "@MaxPool", x, kernel, stride, padding, Pooling2D.Pooling2DType.MAX));
    }

    /** Average pooling counting padded zeros, as PyTorch's default; {@code stride} 0 means the window size. */
    public Node avgPool(String layer, Node x, int kernel, int stride, int padding) {
        return recorded(layer, pool(layer, "@AvgPool", x, kernel, stride, padding, Pooling2D.Pooling2DType.AVG));
    }

    private Node pool(
            String layer, String kind, Node x, int kernel, int stride, int padding, Pooling2D.Pooling2DType type) {
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
        boolean max = type == Pooling2D.Pooling2DType.MAX;
        // Average pooling pads explicitly with zeros and pools the padded map: libnd4j's avgpool2d gradient is
        // wrong when it counts padding itself (measured by LayerGradientTest), and this is PyTorch's count_include_pad.
        int opPadding = max ? padding : 0;
        Pooling2DConfig cfg = Pooling2DConfig.builder()
                .kH(kernel)
                .kW(kernel)
                .sH(st)
                .sW(st)
                .pH(opPadding)
                .pW(opPadding)
                .dH(1)
                .dW(1)
                .type(type)
                .paddingMode(PaddingMode.VALID)
                .isNHWC(false)
                .build();
        Node out = value(map(x, new long[] {s[0], outH, outW}, v -> {
            if (max) {
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
        }));
        ops.add(new LayerOp.Pool(layer, id(x), id(out), max, kernel, st, padding));
        return out;
    }

    /** The mean of each channel over all positions: {@code [C, H, W]} to {@code C} features. */
    public Node globalAvgPool(String layer, Node x) {
        requireImage(layer, "@GlobalAvgPool", x);
        Node out = value(map(x, new long[] {x.shape()[0]}, v -> v.mean(2, 3)));
        ops.add(new LayerOp.GlobalAvgPool(layer, id(x), id(out)));
        return recorded(layer, out);
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
        SDVariable train = a.train().add(b.train());
        SDVariable eval =
                a.branchesShared() && b.branchesShared() ? train : a.eval().add(b.eval());
        Node out = value(new Node(train, eval, a.shape()));
        ops.add(new LayerOp.Add(layer, id(a), id(b), id(out)));
        return recorded(layer, out);
    }

    /** {@code [C, H, W]} to {@code C*H*W} features, PyTorch order. */
    public Node flatten(String layer, Node x) {
        long n = x.size();
        Node out = value(map(x, new long[] {n}, v -> v.reshape(-1, n)));
        ops.add(new LayerOp.Flatten(layer, id(x), id(out)));
        return recorded(layer, out);
    }

    public Node relu(String layer, Node x) {
        return activation(
                layer, x, LayerOp.Activation.Kind.RELU, 0, v -> sd.nn().relu(v, 0));
    }

    public Node leakyRelu(String layer, Node x, double alpha) {
        return activation(
                layer,
                x,
                LayerOp.Activation.Kind.LEAKY_RELU,
                alpha,
                v -> sd.nn().leakyRelu(v, alpha));
    }

    public Node sigmoid(String layer, Node x) {
        return activation(
                layer, x, LayerOp.Activation.Kind.SIGMOID, 0, v -> sd.nn().sigmoid(v));
    }

    public Node tanh(String layer, Node x) {
        return activation(
                layer, x, LayerOp.Activation.Kind.TANH, 0, v -> sd.math().tanh(v));
    }

    /** Softmax over the features of a flat input. */
    public Node softmax(String layer, Node x) {
        requireFlat(layer, "@Softmax", x);
        return activation(
                layer, x, LayerOp.Activation.Kind.SOFTMAX, 0, v -> sd.nn().softmax(v, 1));
    }

    /**
     * BatchNorm, PyTorch semantics: the training branch normalizes with the batch mean and biased variance
     * (built from primitive ops, whose gradients work, unlike {@code sd.nn.batchNorm}); the evaluation
     * branch with running statistics that the training loop updates after each step.
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
        int[] axes = x.isImage() ? new int[] {0, 2, 3} : new int[] {0};
        long[] bcast = x.isImage() ? new long[] {1, c, 1, 1} : new long[] {1, c};
        SDVariable gamma = param(layer + "/gamma", new long[] {c}, Penalty.NONE, a -> a.assign(1))
                .reshape(bcast);
        SDVariable beta =
                param(layer + "/beta", new long[] {c}, Penalty.NONE, a -> {}).reshape(bcast);
        String rmName = unique(layer + "/running_mean");
        String rvName = unique(layer + "/running_var");
        SDVariable runningMean = sd.constant(rmName, Nd4j.zeros(dataType, c));
        SDVariable runningVar = sd.constant(rvName, Nd4j.ones(dataType, c));

        SDVariable mean = sd.mean(unique(layer + "/batch_mean"), x.train(), true, axes);
        SDVariable centered = x.train().sub(mean);
        SDVariable var = sd.mean(unique(layer + "/batch_var"), centered.mul(centered), true, axes);
        // (x - mean) * (gamma / sqrt(var + eps)) + beta, the per-channel factor made full-size first: libnd4j's
        // gradients of a broadcast multiply or divide (and of square) are 20-50x slower than these ops' own
        // (docs/performance.md, finding 6)
        SDVariable scale = gamma.div(sd.math().sqrt(var.add(eps)));
        SDVariable train = centered.mul(expand(scale, centered)).add(beta);

        SDVariable eval = x.eval()
                .sub(runningMean.reshape(bcast))
                .div(sd.math().sqrt(runningVar.reshape(bcast).add(eps)))
                .mul(gamma)
                .add(beta);
        BatchNormState state = new BatchNormState(mean.name(), var.name(), rmName, rvName, momentum, perSample);
        batchNorms.add(state);
        Node out = value(new Node(train, eval, s));
        ops.add(new LayerOp.BatchNorm(layer, id(x), id(out), layer + "/gamma", layer + "/beta", state, eps));
        return recorded(layer, out);
    }

    /** Inverted dropout of single values; identity when {@code p == 0} and in evaluation. */
    public Node dropout(String layer, Node x, double p) {
        return recorded(layer, dropout(layer, x, p, x.shape(), "dropout_mask"));
    }

    /** Inverted dropout of whole channels (PyTorch's Dropout2d); identity in evaluation. */
    public Node spatialDropout(String layer, Node x, double p) {
        requireImage(layer, "@SpatialDropout", x);
        return recorded(layer, dropout(layer, x, p, new long[] {x.shape()[0], 1, 1}, "spatial_dropout_mask"));
    }

    private Node dropout(String layer, Node x, double p, long[] maskShape, String kind) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(layer
                    + ": Invalid value for `rate`. Expected a float between 0 and 1 (1 excluded). Received: rate=" + p);
        }
        if (p == 0) {
            return x;
        }
        String name = unique(layer + "/" + kind);
        SDVariable mask = sd.placeHolder(name, dataType, batched(maskShape));
        DropoutMask m = new DropoutMask(name, maskShape, p);
        masks.add(m);
        SDVariable full =
                Arrays.equals(maskShape, x.shape()) ? mask : expand(mask, x.train()); // a channel mask [N, C, 1, 1]
        Node out = value(new Node(x.train().mul(full), x.eval(), x.shape()));
        ops.add(new LayerOp.Dropout(layer, id(x), id(out), m, !Arrays.equals(maskShape, x.shape())));
        return out;
    }

    /**
     * Finishes the graph: the training loss on the training branch and named logits on the evaluation branch.
     * Every loss is a mean, as PyTorch's default {@code reduction="mean"}: softmax cross-entropy over samples;
     * binary cross-entropy with logits and MSE over samples and outputs. Targets come from the {@link #LABELS}
     * placeholder {@code [N, classes]}, which the trainer fills with one-hot or smoothed targets
     * ({@code io.netforge.train.Targets}); smoothing is not part of the graph, so it can change without a rebuild.
     *
     * @param classes number of outputs; must equal the width of {@code logits}. One output is a binary
     *                classifier (labels 0 and 1) with BCE or MSE; softmax cross-entropy needs at least two.
     */
    public NetGraph build(Node logits, int classes, LossFunction loss) {
        if (inputShape == null) {
            throw new IllegalStateException(modelName + ": no input declared");
        }
        requireFlat("output", "the loss", logits);
        if (logits.shape()[0] != classes) {
            throw new IllegalArgumentException(modelName + ": the last layer has " + logits.shape()[0]
                    + " outputs but the model declares " + classes + " classes");
        }
        if (loss == null) {
            throw new IllegalArgumentException(modelName + ": no loss function");
        }
        if (loss == LossFunction.SOFTMAX_CROSS_ENTROPY && classes < 2) {
            throw new IllegalArgumentException(
                    modelName + ": softmax cross-entropy needs at least 2 outputs but the model has " + classes
                            + "; use BINARY_CROSS_ENTROPY for one output");
        }
        SDVariable labels = sd.placeHolder(LABELS, dataType, -1, classes);
        SDVariable trainLogits = sd.identity(TRAIN_LOGITS, logits.train());
        sd.identity(LOGITS, logits.eval());
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
        }
        sd.setLossVariables(LOSS);
        return new NetGraph(
                modelName,
                sd,
                inputShape,
                classes,
                params,
                batchNorms,
                masks,
                loss,
                layerOutputs,
                new NetGraph.Ops(ops, valueShapes, id(logits)));
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

    /**
     * A trainable parameter whose initial values {@code init} writes into a new zeroed FLOAT array (off-heap; no
     * Java array of its size). When the array cannot be allocated, the error names it and its size. On the CPU the
     * size is checked against the machine's available memory first: libnd4j does not report a failed allocation
     * of that size, it crashes the JVM (SIGSEGV, measured with a 2^30 × 2^30 matrix).
     */
    private SDVariable param(
            String name,
            long[] shape,
            Penalty penalty,
            java.util.function.Consumer<org.nd4j.linalg.api.ndarray.INDArray> init) {
        unique(name);
        params.add(new Param(name, shape, penalty));
        org.nd4j.linalg.api.ndarray.INDArray values;
        long n = Sizes.product(shape);
        long bytes = n > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : n * 4;
        long available =
                Nd4j.getEnvironment().isCPU() ? org.bytedeco.javacpp.Pointer.availablePhysicalBytes() : Long.MAX_VALUE;
        if (bytes > available) {
            throw cannotAllocate(
                    name,
                    shape,
                    n,
                    "the machine has " + org.bytedeco.javacpp.Pointer.formatBytes(available) + " of memory available",
                    null);
        }
        try {
            values = Nd4j.create(DataType.FLOAT, shape, 'c');
        } catch (OutOfMemoryError | RuntimeException e) {
            throw cannotAllocate(
                    name,
                    shape,
                    n,
                    e.getMessage()
                            + "; ND4J's off-heap limit is -Dorg.bytedeco.javacpp.maxbytes (default: the -Xmx heap size)",
                    e);
        }
        init.accept(values);
        return sd.var(name, dataType == DataType.FLOAT ? values : values.castTo(dataType));
    }

    /** The error for a parameter array that cannot be allocated: model, array, shape, floats, GiB, and why. */
    private OutOfMemoryError cannotAllocate(String name, long[] shape, long n, String why, Throwable cause) {
        OutOfMemoryError named = new OutOfMemoryError(modelName + ": cannot allocate " + name + " "
                + java.util.Arrays.toString(shape) + ", " + String.format(java.util.Locale.ROOT, "%,d", n) + " floats ("
                + String.format(java.util.Locale.ROOT, "%.1f", n * 4.0 / (1L << 30)) + " GiB) off-heap: " + why);
        if (cause != null) {
            named.initCause(cause);
        }
        return named;
    }

    private String unique(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException(
                    modelName + ": duplicate graph variable " + name + " (two layers with one name?)");
        }
        return name;
    }

    private Node activation(
            String layer,
            Node x,
            LayerOp.Activation.Kind kind,
            double alpha,
            java.util.function.UnaryOperator<SDVariable> op) {
        Node out = value(map(x, x.shape(), op));
        ops.add(new LayerOp.Activation(layer, id(x), id(out), kind, alpha));
        return recorded(layer, out);
    }

    /** Numbers a new value for {@link LayerOp}s. */
    private Node value(Node n) {
        valueIds.put(n.train(), valueShapes.size());
        valueShapes.add(n.shape());
        return n;
    }

    private int id(Node n) {
        Integer id = valueIds.get(n.train());
        if (id == null) {
            throw new IllegalArgumentException(modelName + ": a node that this builder did not make");
        }
        return id;
    }

    /** Remembers {@code n} as the output of {@code layer} so far: after all of a field's ops, the layer's output. */
    private Node recorded(String layer, Node n) {
        layerOutputs.put(layer, n.eval().name());
        return n;
    }

    private static Node map(Node x, long[] shape, java.util.function.UnaryOperator<SDVariable> op) {
        SDVariable train = op.apply(x.train());
        SDVariable eval = x.branchesShared() ? train : op.apply(x.eval());
        return new Node(train, eval, shape);
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

    private static void requireFlat(String layer, String kind, Node x) {
        if (x.shape().length != 1) {
            throw new IllegalArgumentException(layer + ": " + kind + " needs a flat input but receives "
                    + shapeText(x.shape()) + "; add @Flatten first");
        }
    }

    private static void requireImage(String layer, String kind, Node x) {
        if (!x.isImage()) {
            throw new IllegalArgumentException(layer + ": " + kind
                    + " needs a [channels, height, width] input but receives " + shapeText(x.shape()));
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
