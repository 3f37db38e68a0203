package io.netforge.plan;

import io.netforge.graph.DropoutMask;
import io.netforge.graph.LayerOp;
import io.netforge.graph.NetGraph;
import io.netforge.plan.Buffers.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model's step made once for one batch size: the forward (and, for training, backward) sequence of kernels over
 * arrays allocated when the plan is made and reused by every call. What a step does, in order: the caller writes
 * the input (and dropout masks) into {@link #input()} / {@link #mask}, calls {@link #forward()}, reads
 * {@link #logits()}, writes dL/dlogits into {@link #logitsGradient()}, calls {@link #backward()}, and finds the
 * parameter gradients in the arrays it passed in and the BatchNorm batch statistics in {@link #batchMean} /
 * {@link #batchVar}. No lookup, no allocation and no shape inference happen during a step.
 *
 * <p>How the plan is made and why (docs/performance.md, "The planned engine"): from the {@link LayerOp}s the graph
 * builder recorded, so the model has one definition (the generated graph builder) and SameDiff stays the reference
 * the plan is tested against; arrays by liveness ({@link Buffers}); ReLU in place over its input where no backward
 * needs that input; values that depend on no parameter get no gradient (the first convolution's input gradient is
 * not computed).
 */
public final class Plan implements AutoCloseable {
    private final NetGraph graph;
    private final int n;
    private final boolean training;
    private final Buffers buffers;
    /** The oneDNN stream this plan's primitives run on (one per plan: a plan runs on one thread at a time). */
    private final stream dnnlStream;

    private final List<Kernel> kernels = new ArrayList<>();
    private final Tensor[] values;
    private final Tensor[] gradients;
    private final int[] consumers;
    /** The op that writes each value; null for the input. */
    private final LayerOp[] producers;
    /** The last op reading each value (the only one where {@link #consumers} is 1). */
    private final LayerOp[] lastConsumers;
    /** Values kept in a oneDNN blocked layout between oneDNN kernels ({@link #layout}). */
    private final org.bytedeco.dnnl.memory.desc[] layouts;

    private final int[] writersLeft;
    private final boolean[] needsGradient;
    private final Tensor input;
    private final Tensor logits;
    private final Tensor[] masks;
    private final List<BatchStatistics> batchNorms = new ArrayList<>();
    private final int lossStep;

    private Plan(NetGraph graph, int n, boolean training, Map<String, INDArray> parameterGradients) {
        this.graph = graph;
        this.n = n;
        this.training = training;
        NetGraph.Ops ops = graph.ops();
        DataType type = graph.params().isEmpty()
                ? DataType.FLOAT
                : graph.array(graph.params().get(0).name()).dataType();
        this.buffers = new Buffers(type);
        this.dnnlStream = io.netforge.util.Dnnl.available() ? new stream(io.netforge.util.Dnnl.engine()) : null;
        int count = ops.valueShapes().size();
        values = new Tensor[count];
        gradients = new Tensor[count];
        consumers = new int[count];
        writersLeft = new int[count];
        needsGradient = new boolean[count];
        producers = new LayerOp[count];
        lastConsumers = new LayerOp[count];
        layouts = new org.bytedeco.dnnl.memory.desc[count];
        for (LayerOp op : ops.list()) {
            for (int in : op.inputs()) {
                consumers[in]++;
                lastConsumers[in] = op;
            }
            producers[op.output()] = op;
        }
        boolean[] dependsOnParameter = new boolean[count];
        for (LayerOp op : ops.list()) {
            boolean d = op.hasParameters();
            for (int in : op.inputs()) {
                d |= dependsOnParameter[in];
            }
            dependsOnParameter[op.output()] = d;
        }
        boolean[] reachesLogits = new boolean[count];
        reachesLogits[ops.logits()] = true;
        for (int i = ops.list().size() - 1; i >= 0; i--) {
            LayerOp op = ops.list().get(i);
            if (reachesLogits[op.output()]) {
                for (int in : op.inputs()) {
                    reachesLogits[in] = true;
                }
            }
        }
        for (int v = 0; v < count; v++) {
            needsGradient[v] = training && dependsOnParameter[v] && reachesLogits[v];
        }
        for (LayerOp op : ops.list()) {
            for (int in : op.inputs()) {
                if (needsGradient[in] && needsGradient[op.output()]) {
                    writersLeft[in]++;
                }
            }
        }
        input = buffers.dedicated("input", batched(ops.shape(0)));
        Buffers.use(input, 0);
        values[0] = input;
        List<DropoutMask> dropout = graph.dropoutMasks();
        masks = new Tensor[training ? dropout.size() : 0];
        for (int i = 0; i < masks.length; i++) {
            masks[i] = buffers.dedicated(
                    "dropout mask " + dropout.get(i).placeholder(),
                    batched(dropout.get(i).sampleShape()));
        }
        int f = ops.list().size();
        lossStep = f + 1;
        Kernels.Context ctx = new Kernels.Context(this, f);
        for (int i = 0; i < f; i++) {
            kernels.add(Kernels.make(ops.list().get(i), i, ctx, parameterGradients));
        }
        logits = values[ops.logits()];
        Buffers.use(logits, lossStep);
        if (training) {
            Tensor g = gradient(ops.logits());
            Buffers.use(g, lossStep);
            g.root().dedicated = true;
        }
        logits.root().dedicated = true;
        buffers.allocate();
        for (Kernel k : kernels) {
            k.bind();
        }
    }

    /** A training plan for batches of {@code n}; parameter gradients go to {@code parameterGradients} (by name). */
    public static Plan training(NetGraph graph, int n, Map<String, INDArray> parameterGradients) {
        return new Plan(graph, n, true, parameterGradients);
    }

    /** An evaluation plan for batches of {@code n}: running statistics, no dropout, no backward pass. */
    public static Plan inference(NetGraph graph, int n) {
        return new Plan(graph, n, false, Map.of());
    }

    public int batchSize() {
        return n;
    }

    public boolean training() {
        return training;
    }

    /** The input array {@code [n, …]} the caller fills before {@link #forward()}. */
    public INDArray input() {
        return input.array();
    }

    /** Dropout mask {@code i} (in {@link NetGraph#dropoutMasks()} order) the caller fills before a training forward. */
    public INDArray mask(int i) {
        return masks[i].array();
    }

    /** The logits {@code [n, classes]} after {@link #forward()}. */
    public INDArray logits() {
        return logits.array();
    }

    /** Where the caller writes dL/dlogits before {@link #backward()}. */
    public INDArray logitsGradient() {
        return gradients[graph.ops().logits()].array();
    }

    /** Batch mean {@code [C]} of BatchNorm layer {@code i} after a training forward. */
    public INDArray batchMean(int i) {
        return batchNorms.get(i).batchMean();
    }

    /** Biased batch variance {@code [C]} of BatchNorm layer {@code i} after a training forward. */
    public INDArray batchVar(int i) {
        return batchNorms.get(i).batchVar();
    }

    public void forward() {
        for (Kernel k : kernels) {
            k.forward();
        }
    }

    public void backward() {
        if (!training) {
            throw new IllegalStateException("an inference plan has no backward pass");
        }
        for (int i = kernels.size() - 1; i >= 0; i--) {
            kernels.get(i).backward();
        }
    }

    /** Bytes of the arrays this plan allocated. */
    public long bytes() {
        return buffers.bytes();
    }

    @Override
    public void close() {
        for (Kernel k : kernels) {
            k.close();
        }
        if (dnnlStream != null) {
            dnnlStream.close();
        }
        buffers.close();
    }

    // ---- used by Kernels while the plan is made ----

    int batch() {
        return n;
    }

    /** Whether this plan's kernels use oneDNN primitives: available here, and the plan computes in float32. */
    boolean onednn() {
        return dnnlStream != null && buffers.dataType() == DataType.FLOAT;
    }

    /** The oneDNN stream, when {@link io.netforge.util.Dnnl#available()}. */
    stream stream() {
        return dnnlStream;
    }

    Buffers buffers() {
        return buffers;
    }

    NetGraph graph() {
        return graph;
    }

    int lossStep() {
        return lossStep;
    }

    Tensor value(int id) {
        return values[id];
    }

    void setValue(int id, Tensor t) {
        values[id] = t;
    }

    boolean needsGradient(int id) {
        return needsGradient[id];
    }

    Tensor mask(DropoutMask m) {
        int i = graph.dropoutMasks().indexOf(m);
        return masks[i];
    }

    /** How many ops read value {@code id}; an op may overwrite its input in place only when it is the one reader. */
    /** The op that writes value {@code id}, or null for the input. */
    LayerOp producer(int id) {
        return producers[id];
    }

    /** The op reading value {@code id} when it has exactly one reader, else null. */
    LayerOp onlyConsumer(int id) {
        return consumers[id] == 1 ? lastConsumers[id] : null;
    }

    /** The oneDNN layout value {@code id} (and its gradient) is stored in, or null for plain NCHW / row-major. */
    org.bytedeco.dnnl.memory.desc layout(int id) {
        return layouts[id];
    }

    void setLayout(int id, org.bytedeco.dnnl.memory.desc layout) {
        layouts[id] = layout;
    }

    int consumers(int id) {
        return consumers[id];
    }

    void registerBatchNorm(BatchStatistics k) {
        batchNorms.add(k);
    }

    /** The gradient of value {@code id}, made when first asked for. */
    Tensor gradient(int id) {
        if (gradients[id] == null) {
            gradients[id] = buffers.tensor("gradient of value " + id, values[id].shape);
        }
        return gradients[id];
    }

    /**
     * Called once per consumer that writes a gradient into value {@code id}, in forward order: true when this
     * writer must add to the gradient, because a later consumer (whose backward runs first) has written it.
     */
    boolean accumulates(int id) {
        return --writersLeft[id] > 0;
    }

    long[] batched(long[] sample) {
        long[] s = new long[sample.length + 1];
        s[0] = n;
        System.arraycopy(sample, 0, s, 1, sample.length);
        return s;
    }

    /** One op's forward and backward code over arrays bound once. */
    /** A training BatchNorm kernel's batch statistics {@code [C]}, written by its forward pass. */
    interface BatchStatistics {
        INDArray batchMean();

        /** Biased (divided by the count, not the count - 1). */
        INDArray batchVar();
    }

    abstract static class Kernel {
        abstract void bind();

        abstract void forward();

        void backward() {}

        /** Frees what the kernel holds outside the plan's buffers (oneDNN primitives). */
        void close() {}
    }
}
