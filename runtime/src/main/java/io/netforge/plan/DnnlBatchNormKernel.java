package io.netforge.plan;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_global_stats;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_scale;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_shift;

import io.netforge.graph.LayerOp;
import io.netforge.graph.NetGraph;
import io.netforge.plan.Buffers.Tensor;
import io.netforge.plan.Kernels.Context;
import io.netforge.plan.Kernels.GradIn;
import io.netforge.util.Dnnl;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.batch_normalization_backward;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * BatchNorm as oneDNN's primitives: in training, one forward pass that writes the output and the batch mean and
 * (biased) variance, and one backward pass that writes the input gradient and the scale and shift gradients; in
 * evaluation, one pass with the running statistics. libnd4j's composed kernel ({@link ElementwiseKernels}) takes ten
 * passes over the activation forward and eight backward, a third of a ResNet-18 training step (docs/performance.md,
 * "BatchNorm on oneDNN"). The primitive works in its input's layout: a convolution's blocked output is normalized as
 * it is, and the result stays blocked when its reader takes that layout (through an in-place ReLU to a convolution
 * or pooling), else it is reordered to NCHW for the plan's other kernels.
 */
final class DnnlBatchNormKernel extends DnnlKernel implements Plan.BatchStatistics {
    private final LayerOp.BatchNorm op;
    private final Tensor x;
    private final Tensor y;
    /** The input's layout: the primitive's data layout. */
    private final memory.desc data;
    /** The output's layout in the plan: {@link #data}, or NCHW when the output is reordered for its reader. */
    private final memory.desc userY;

    private final memory.desc channels;
    private final batch_normalization_forward.primitive_desc fpd;
    private batch_normalization_backward.primitive_desc bpd;
    /** The output and its gradient in the input's layout when the plan holds them in NCHW (else null). */
    private final Tensor yData;

    // training only (null in evaluation), and the backward pass's only where the output needs a gradient
    private Tensor gyData;
    private Tensor mean;
    private Tensor var;
    private Tensor gy;
    private GradIn gx;
    private INDArray dGamma;
    private INDArray dBeta;
    private INDArray meanArray;
    private INDArray varArray;

    DnnlBatchNormKernel(LayerOp.BatchNorm op, int i, Context ctx, Map<String, INDArray> grads) {
        super(ctx);
        this.op = op;
        int f = ctx.forwardStep(i);
        x = ctx.read(op.input(), f);
        y = ctx.output(op.output(), f);
        long[] dims = x.shape;
        memory.format_tag plain = dims.length == 4 ? memory.format_tag.nchw : memory.format_tag.nc;
        memory.desc inputLayout = ctx.plan().layout(op.input());
        data = inputLayout != null ? inputLayout : dnnl.desc(dims, plain);
        boolean reordered = inputLayout != null && !keepsLayout(ctx, op, inputLayout);
        userY = reordered ? dnnl.desc(dims, plain) : data;
        channels = dnnl.desc(new long[] {dims[1]}, memory.format_tag.x);
        boolean training = ctx.training();
        int flags = dnnl_use_scale | dnnl_use_shift | (training ? 0 : dnnl_use_global_stats);
        prop_kind kind = training ? prop_kind.forward_training : prop_kind.forward_inference;
        batch_normalization_forward.desc fd =
                dnnl.own(new batch_normalization_forward.desc(kind.value, data, (float) op.eps(), flags));
        fpd = dnnl.own(new batch_normalization_forward.primitive_desc(fd, Dnnl.engine()));
        yData = reordered ? plan(ctx, "batchnorm output, input layout", f) : null;
        if (!training) {
            if (yData == null && ctx.inPlace(op.input(), ctx.plan().producer(op.input()))) {
                Buffers.alias(y, x); // oneDNN normalizes in place
            }
            return;
        }
        mean = ctx.buffers().dedicated("batchnorm mean", dims[1]);
        var = ctx.buffers().dedicated("batchnorm variance", dims[1]);
        ctx.plan().registerBatchNorm(this);
        if (!ctx.plan().needsGradient(op.output())) {
            return;
        }
        int b = ctx.backwardStep(i);
        Buffers.use(x, b);
        gy = ctx.plan().gradient(op.output());
        Buffers.use(gy, b);
        gyData = yData == null ? null : plan(ctx, "batchnorm output gradient, input layout", b);
        gx = new GradIn(ctx, op.input(), op.output(), b, true);
        batch_normalization_backward.desc bd = dnnl.own(
                new batch_normalization_backward.desc(prop_kind.backward.value, data, data, (float) op.eps(), flags));
        bpd = dnnl.own(new batch_normalization_backward.primitive_desc(bd, Dnnl.engine(), fpd));
        dGamma = grads.get(op.gamma());
        dBeta = grads.get(op.beta());
    }

    /**
     * Whether the output stays in the input's blocked layout: its only reader takes blocked layouts, or it is a ReLU
     * working in place whose only reader does. Recorded in the plan for the output (and the ReLU's output).
     */
    private static boolean keepsLayout(Context ctx, LayerOp.BatchNorm op, memory.desc layout) {
        LayerOp reader = ctx.plan().onlyConsumer(op.output());
        if (reader != null && reader.readsBlockedLayouts()) {
            ctx.plan().setLayout(op.output(), layout);
            return true;
        }
        if (!ctx.reluInPlaceAfter(op)) {
            return false;
        }
        LayerOp afterRelu = ctx.plan().onlyConsumer(reader.output());
        if (afterRelu == null || !afterRelu.readsBlockedLayouts()) {
            return false;
        }
        ctx.plan().setLayout(op.output(), layout);
        ctx.plan().setLayout(reader.output(), layout);
        return true;
    }

    /** A plan array the size of the input, in its layout, used at {@code step}. */
    private Tensor plan(Context ctx, String what, int step) {
        Tensor t = ctx.buffers().tensor(what, data.get_size() / Float.BYTES);
        Buffers.use(t, step);
        return t;
    }

    @Override
    public INDArray batchMean() {
        return meanArray;
    }

    @Override
    public INDArray batchVar() {
        return varArray;
    }

    @Override
    void bind() {
        NetGraph g = ctx.graph();
        memory src = dnnl.wrap(data, x.array());
        memory yUser = dnnl.wrap(userY, y.array());
        memory dst = yData == null ? yUser : dnnl.wrap(data, yData.array());
        memory scale = dnnl.wrap(channels, g.array(op.gamma()));
        memory shift = dnnl.wrap(channels, g.array(op.beta()));
        memory m;
        memory v;
        if (mean != null) {
            meanArray = mean.array();
            varArray = var.array();
            m = dnnl.wrap(channels, meanArray);
            v = dnnl.wrap(channels, varArray);
        } else {
            m = dnnl.wrap(channels, g.array(op.state().runningMean()));
            v = dnnl.wrap(channels, g.array(op.state().runningVar()));
        }
        IntMemoryMap fa = dnnl.args(DNNL_ARG_SRC, src, DNNL_ARG_DST, dst, DNNL_ARG_SCALE, scale, DNNL_ARG_SHIFT, shift);
        fa.put(DNNL_ARG_MEAN, m);
        fa.put(DNNL_ARG_VARIANCE, v);
        dnnl.add(dnnl.forward, new batch_normalization_forward(fpd), fa);
        if (yData != null) {
            dnnl.reorder(dnnl.forward, dst, yUser);
        }
        if (bpd == null) {
            return;
        }
        gx.bind();
        memory gyUser = dnnl.wrap(userY, gy.array());
        memory diffDst = gyUser;
        if (gyData != null) {
            diffDst = dnnl.wrap(data, gyData.array());
            dnnl.reorder(dnnl.backward, gyUser, diffDst);
        }
        IntMemoryMap ba =
                dnnl.args(DNNL_ARG_SRC, src, DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_MEAN, m, DNNL_ARG_VARIANCE, v);
        ba.put(DNNL_ARG_SCALE, scale);
        // oneDNN 2.5 refuses the backward pass (invalid arguments) without the shift it does not read
        // (DnnlBatchNormTest.theBackwardPassWantsTheShift)
        ba.put(DNNL_ARG_SHIFT, shift);
        ba.put(DNNL_ARG_DIFF_SRC, dnnl.wrap(data, gx.target));
        ba.put(DNNL_ARG_DIFF_SCALE, dnnl.wrap(channels, dGamma));
        ba.put(DNNL_ARG_DIFF_SHIFT, dnnl.wrap(channels, dBeta));
        dnnl.add(dnnl.backward, new batch_normalization_backward(bpd), ba);
    }

    @Override
    GradIn inputGradient() {
        return gx;
    }
}
