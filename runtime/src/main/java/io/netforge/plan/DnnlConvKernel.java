package io.netforge.plan;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import io.netforge.graph.LayerOp;
import io.netforge.plan.Buffers.Tensor;
import io.netforge.util.Dnnl;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A convolution as oneDNN's own primitives: forward, backward-weights (with the bias gradient) and, only when the
 * input needs a gradient, backward-data. Each primitive is made once per plan with {@code format_tag::any}, so oneDNN
 * picks its blocked layouts. Where the output goes through an in-place ReLU to another convolution or pooling, it
 * stays in that layout in the plan ({@link #keepsBlocked}); an input a previous convolution left blocked is read as
 * it is; everywhere else the plan's arrays are NCHW (the ND4J kernels read them), so the input, output and gradients
 * are reordered at this kernel's edges. The weights are reordered once per step, and the blocked input is kept from
 * the forward pass for the weight gradient. Against libnd4j's {@code conv2d}/{@code conv2d_bp}, which reorder every
 * operand on every call and always compute the input gradient: docs/performance.md, "Convolutions and dense layers
 * on oneDNN's primitives".
 */
final class DnnlConvKernel extends Kernels.Weighted {
    private final LayerOp.Conv op;
    private final DnnlSteps dnnl = new DnnlSteps();
    private final memory.desc userX;
    private final memory.desc userY;
    private final memory.desc userW;
    private final memory.desc userB;
    private final convolution_forward.primitive_desc fpd;
    private final convolution_backward_weights.primitive_desc wpd;
    private final convolution_backward_data.primitive_desc dpd;
    /** The operands in oneDNN's layouts, as plan arrays (null where the plan's own array has that layout). */
    private final Tensor xBlocked;

    private final Tensor wBlocked;
    private final Tensor yBlocked;
    private final Tensor gyBlocked;
    private final Tensor dwBlocked;
    private final Tensor gxBlocked;
    /** Copies for a backward primitive that wants another layout than the forward pass left (null when not). */
    private final Tensor xForWeights;

    private final Tensor gyForData;
    private final Tensor wForData;

    DnnlConvKernel(LayerOp.Conv op, int i, Kernels.Context ctx, Map<String, INDArray> grads) {
        // the input is kept for the weight gradient in oneDNN's layout; the plan's array only when that is its own
        super(op.input(), op.output(), op.weight(), op.bias(), i, ctx, grads, false, false);
        this.op = op;
        long[] xs = x.shape;
        long[] ys = y.shape;
        long k = op.kernel();
        long s = op.stride();
        long p = op.padding();
        long[] strides = {s, s};
        long[] padL = {p, p};
        long[] padR = {(ys[2] - 1) * s + k - xs[2] - p, (ys[3] - 1) * s + k - xs[3] - p};
        long[] wDims = {ys[1], xs[1], k, k};
        memory.desc inputLayout = ctx.plan().layout(op.input());
        userX = inputLayout != null ? inputLayout : dnnl.desc(xs, memory.format_tag.nchw);
        memory.desc plainY = dnnl.desc(ys, memory.format_tag.nchw);
        userW = dnnl.desc(wDims, memory.format_tag.hwio);
        userB = op.bias() == null ? null : dnnl.desc(new long[] {ys[1]}, memory.format_tag.x);
        memory.desc anyX = dnnl.desc(xs, memory.format_tag.any);
        memory.desc anyY = dnnl.desc(ys, memory.format_tag.any);
        memory.desc anyW = dnnl.desc(wDims, memory.format_tag.any);
        boolean training = gy != null;
        prop_kind kind = training ? prop_kind.forward_training : prop_kind.forward_inference;
        algorithm direct = algorithm.convolution_direct;
        convolution_forward.desc fd = dnnl.own(
                userB == null
                        ? new convolution_forward.desc(kind, direct, anyX, anyW, anyY, strides, padL, padR)
                        : new convolution_forward.desc(kind, direct, anyX, anyW, userB, anyY, strides, padL, padR));
        fpd = dnnl.own(new convolution_forward.primitive_desc(fd, Dnnl.engine()));
        userY = keepsBlocked(ctx, op, fpd.dst_desc(), y.length) ? dnnl.own(fpd.dst_desc()) : plainY;
        int f = ctx.forwardStep(i);
        int b = training ? ctx.backwardStep(i) : f;
        xBlocked = blocked("convolution input, oneDNN layout", userX, fpd.src_desc(), f, b);
        wBlocked = blocked("convolution weights, oneDNN layout", userW, fpd.weights_desc(), f, b);
        yBlocked = blocked("convolution output, oneDNN layout", userY, fpd.dst_desc(), f);
        if (training && xBlocked == null) {
            Buffers.use(x, b);
        }
        if (!training) {
            wpd = null;
            dpd = null;
            gyBlocked = null;
            dwBlocked = null;
            gxBlocked = null;
            xForWeights = null;
            gyForData = null;
            wForData = null;
            return;
        }
        convolution_backward_weights.desc wd = dnnl.own(
                userB == null
                        ? new convolution_backward_weights.desc(direct, anyX, anyW, anyY, strides, padL, padR)
                        : new convolution_backward_weights.desc(direct, anyX, anyW, userB, anyY, strides, padL, padR));
        wpd = dnnl.own(new convolution_backward_weights.primitive_desc(wd, Dnnl.engine(), fpd));
        gyBlocked = blocked("convolution output gradient, oneDNN layout", userY, wpd.diff_dst_desc(), b);
        dwBlocked = blocked("convolution weight gradient, oneDNN layout", userW, wpd.diff_weights_desc(), b);
        xForWeights = blocked("convolution input, weight-gradient layout", fpd.src_desc(), wpd.src_desc(), b);
        if (gx.needed) {
            convolution_backward_data.desc dd =
                    dnnl.own(new convolution_backward_data.desc(direct, anyX, anyW, anyY, strides, padL, padR));
            dpd = dnnl.own(new convolution_backward_data.primitive_desc(dd, Dnnl.engine(), fpd));
            gxBlocked = blocked("convolution input gradient, oneDNN layout", userX, dpd.diff_src_desc(), b);
            gyForData = blocked(
                    "convolution output gradient, data-gradient layout", wpd.diff_dst_desc(), dpd.diff_dst_desc(), b);
            wForData = blocked("convolution weights, data-gradient layout", fpd.weights_desc(), dpd.weights_desc(), b);
        } else {
            dpd = null;
            gxBlocked = null;
            gyForData = null;
            wForData = null;
        }
    }

    /**
     * Whether this convolution's output stays in oneDNN's layout {@code dst} in the plan: its only reader reads any
     * layout (a oneDNN convolution, pooling or BatchNorm), or is a ReLU working in place whose only reader does; the
     * ReLU ({@code relu} and {@code relu_bp}, element by element) does not care. The output and its gradient then
     * need no reorder on either side. Only when the blocked layout takes no more room (no padded channels). Recorded
     * in the plan for the ReLU's output and its reader.
     */
    private static boolean keepsBlocked(Kernels.Context ctx, LayerOp.Conv op, memory.desc dst, long length) {
        if (Boolean.getBoolean("netforge.plainLayouts") || dst.get_size() != length * Float.BYTES) {
            return false;
        }
        LayerOp consumer = ctx.plan().onlyConsumer(op.output());
        if (consumer != null && consumer.readsBlockedLayouts()) {
            ctx.plan().setLayout(op.output(), dst);
            return true;
        }
        if (!ctx.reluInPlaceAfter(op)) {
            return false;
        }
        LayerOp reluOp = ctx.plan().onlyConsumer(op.output());
        LayerOp reader = ctx.plan().onlyConsumer(reluOp.output());
        if (reader == null || !reader.readsBlockedLayouts()) {
            return false;
        }
        ctx.plan().setLayout(op.output(), dst);
        ctx.plan().setLayout(reluOp.output(), dst);
        return true;
    }

    /** A plan array for an operand in oneDNN's layout {@code wanted}, used at {@code steps}; null if it is the user's. */
    private Tensor blocked(String what, memory.desc user, memory.desc wanted, int... steps) {
        dnnl.own(wanted);
        if (user.equals(wanted)) {
            return null;
        }
        Tensor t = ctx.buffers().tensor(what, wanted.get_size() / Float.BYTES);
        for (int step : steps) {
            Buffers.use(t, step);
        }
        return t;
    }

    @Override
    void bind() {
        memory xUser = dnnl.wrap(userX, x.array());
        memory wUser = dnnl.wrap(userW, ctx.graph().array(op.weight()));
        memory yUser = dnnl.wrap(userY, y.array());
        memory xIn = into(xUser, fpd.src_desc(), xBlocked, dnnl.forward);
        memory wIn = into(wUser, fpd.weights_desc(), wBlocked, dnnl.forward);
        memory yOut = layout(yUser, fpd.dst_desc(), yBlocked);
        IntMemoryMap fa = dnnl.args();
        fa.put(DNNL_ARG_SRC, xIn);
        fa.put(DNNL_ARG_WEIGHTS, wIn);
        fa.put(DNNL_ARG_DST, yOut);
        if (userB != null) {
            fa.put(DNNL_ARG_BIAS, dnnl.wrap(userB, ctx.graph().array(op.bias())));
        }
        dnnl.add(dnnl.forward, new convolution_forward(fpd), fa);
        out(yOut, yUser, dnnl.forward);
        if (wpd == null) {
            return;
        }
        memory gyUser = dnnl.wrap(userY, gy.array());
        memory gyIn = into(gyUser, wpd.diff_dst_desc(), gyBlocked, dnnl.backward);
        memory dwUser = dnnl.wrap(userW, dW);
        memory dwOut = layout(dwUser, wpd.diff_weights_desc(), dwBlocked);
        IntMemoryMap wa = dnnl.args();
        wa.put(DNNL_ARG_SRC, into(xIn, wpd.src_desc(), xForWeights, dnnl.backward));
        wa.put(DNNL_ARG_DIFF_DST, gyIn);
        wa.put(DNNL_ARG_DIFF_WEIGHTS, dwOut);
        if (userB != null) {
            wa.put(DNNL_ARG_DIFF_BIAS, dnnl.wrap(userB, db));
        }
        dnnl.add(dnnl.backward, new convolution_backward_weights(wpd), wa);
        out(dwOut, dwUser, dnnl.backward);
        if (dpd != null) {
            gx.bind();
            memory gxUser = dnnl.wrap(userX, gx.target);
            memory gxOut = layout(gxUser, dpd.diff_src_desc(), gxBlocked);
            IntMemoryMap da = dnnl.args();
            da.put(DNNL_ARG_DIFF_DST, into(gyIn, dpd.diff_dst_desc(), gyForData, dnnl.backward));
            da.put(DNNL_ARG_WEIGHTS, into(wIn, dpd.weights_desc(), wForData, dnnl.backward));
            da.put(DNNL_ARG_DIFF_SRC, gxOut);
            dnnl.add(dnnl.backward, new convolution_backward_data(dpd), da);
            out(gxOut, gxUser, dnnl.backward);
        }
    }

    /** {@code user} itself when the primitive wants its layout, else the plan array {@code blocked} in that layout. */
    private memory layout(memory user, memory.desc wanted, Tensor blocked) {
        return blocked == null ? user : dnnl.wrap(wanted, blocked.array());
    }

    /** {@code source} in the layout {@code wanted}: itself, or {@code blocked} reordered from it in {@code steps}. */
    @SuppressWarnings("ReferenceEquality") // the same memory object: no copy was made
    private memory into(memory source, memory.desc wanted, Tensor blocked, List<DnnlSteps.Step> steps) {
        memory m = layout(source, wanted, blocked);
        if (m != source) {
            dnnl.reorder(steps, source, m);
        }
        return m;
    }

    /** Reorders {@code result} into {@code user} after the primitive, when they differ. */
    @SuppressWarnings("ReferenceEquality") // the same memory object: the primitive wrote the plan's array
    private void out(memory result, memory user, List<DnnlSteps.Step> steps) {
        if (result != user) {
            dnnl.reorder(steps, result, user);
        }
    }

    @Override
    void forward() {
        DnnlSteps.run(dnnl.forward, ctx.plan().stream());
    }

    @Override
    void backward() {
        if (gy == null) {
            return;
        }
        DnnlSteps.run(dnnl.backward, ctx.plan().stream());
        if (gx.needed) {
            gx.commit();
        }
    }

    @Override
    void close() {
        dnnl.close();
    }
}
