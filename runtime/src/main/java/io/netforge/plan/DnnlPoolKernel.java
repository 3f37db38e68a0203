package io.netforge.plan;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;

import io.netforge.graph.LayerOp;
import io.netforge.plan.Buffers.Tensor;
import io.netforge.plan.Kernels.Context;
import io.netforge.plan.Kernels.GradIn;
import io.netforge.util.Dnnl;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_backward;
import org.bytedeco.dnnl.pooling_forward;

/**
 * Max or average pooling as oneDNN's primitives on the plan's NCHW arrays. Max pooling keeps a workspace (where each
 * window's maximum was) from the forward pass, so its backward pass neither reads the input nor searches the windows
 * again, as libnd4j's {@code maxpool2d_bp} does; average pooling counts the zero padding, as NetForge's average
 * pooling always has (PyTorch's {@code count_include_pad=True}), without the padded copy the ND4J kernel makes. An
 * input a convolution left in oneDNN's blocked layout is pooled in that layout, and only the four times smaller
 * output (and its gradient) reordered.
 */
final class DnnlPoolKernel extends DnnlKernel {
    private final Tensor x;
    private final Tensor y;
    private final Tensor gy;
    private final GradIn gx;
    /** Max pooling's workspace, as a plan array: written forward, read backward. */
    private final Tensor workspace;

    /** The output and its gradient in the pooling's own layout, when the input came blocked (else null). */
    private final Tensor yBlocked;

    private final Tensor gyBlocked;
    private final memory.desc userX;
    private final memory.desc userY;
    private final pooling_forward.primitive_desc fpd;
    private final pooling_backward.primitive_desc bpd;

    DnnlPoolKernel(LayerOp.Pool op, int i, Context ctx) {
        super(ctx);
        int f = ctx.forwardStep(i);
        x = ctx.read(op.input(), f);
        y = ctx.output(op.output(), f);
        long[] xs = x.shape;
        long[] ys = y.shape;
        long k = op.kernel();
        long s = op.stride();
        long p = op.padding();
        long[] strides = {s, s};
        long[] kernel = {k, k};
        long[] padL = {p, p};
        long[] padR = {(ys[2] - 1) * s + k - xs[2] - p, (ys[3] - 1) * s + k - xs[3] - p};
        algorithm alg = op.max() ? algorithm.pooling_max : algorithm.pooling_avg_include_padding;
        memory.desc inputLayout = ctx.plan().layout(op.input());
        userX = inputLayout != null ? inputLayout : dnnl.desc(xs, memory.format_tag.nchw);
        userY = dnnl.desc(ys, memory.format_tag.nchw);
        // a blocked input is pooled in its own layout, and the (smaller) result reordered to the plan's NCHW
        memory.desc dst = inputLayout != null ? dnnl.desc(ys, memory.format_tag.any) : userY;
        boolean training = ctx.training()
                && ctx.plan().needsGradient(op.output())
                && ctx.plan().needsGradient(op.input());
        pooling_forward.desc fd = dnnl.own(new pooling_forward.desc(
                training ? prop_kind.forward_training : prop_kind.forward_inference,
                alg,
                userX,
                dst,
                strides,
                kernel,
                padL,
                padR));
        fpd = dnnl.own(new pooling_forward.primitive_desc(fd, Dnnl.engine()));
        memory.desc chosen = dnnl.own(fpd.dst_desc());
        yBlocked = chosen.equals(userY)
                ? null
                : ctx.buffers().tensor("pooling output, oneDNN layout", chosen.get_size() / Float.BYTES);
        if (yBlocked != null) {
            Buffers.use(yBlocked, f);
        }
        if (!training) {
            gy = null;
            gx = null;
            workspace = null;
            bpd = null;
            gyBlocked = null;
            return;
        }
        int b = ctx.backwardStep(i);
        gy = ctx.plan().gradient(op.output());
        Buffers.use(gy, b);
        gx = new GradIn(ctx, op.input(), op.output(), b, false);
        pooling_backward.desc bd = dnnl.own(new pooling_backward.desc(alg, userX, chosen, strides, kernel, padL, padR));
        gyBlocked = yBlocked == null
                ? null
                : ctx.buffers().tensor("pooling output gradient, oneDNN layout", yBlocked.shape);
        if (gyBlocked != null) {
            Buffers.use(gyBlocked, b);
        }
        bpd = dnnl.own(new pooling_backward.primitive_desc(bd, Dnnl.engine(), fpd));
        long bytes = op.max() ? dnnl.own(fpd.workspace_desc()).get_size() : 0;
        if (bytes > 0) {
            workspace = ctx.buffers().tensor("pooling workspace", (bytes + Float.BYTES - 1) / Float.BYTES);
            Buffers.use(workspace, f);
            Buffers.use(workspace, b);
        } else {
            workspace = null;
        }
    }

    @Override
    void bind() {
        memory ws = workspace == null ? null : dnnl.wrap(dnnl.own(fpd.workspace_desc()), workspace.array());
        memory plainY = dnnl.wrap(userY, y.array());
        memory dst = yBlocked == null ? plainY : dnnl.wrap(dnnl.own(fpd.dst_desc()), yBlocked.array());
        IntMemoryMap fa = dnnl.args(DNNL_ARG_SRC, dnnl.wrap(userX, x.array()), DNNL_ARG_DST, dst);
        if (ws != null) {
            fa.put(DNNL_ARG_WORKSPACE, ws);
        }
        dnnl.add(dnnl.forward, new pooling_forward(fpd), fa);
        if (yBlocked != null) {
            dnnl.reorder(dnnl.forward, dst, plainY);
        }
        if (bpd == null) {
            return;
        }
        gx.bind();
        memory plainGy = dnnl.wrap(userY, gy.array());
        memory diffDst = plainGy;
        if (gyBlocked != null) {
            diffDst = dnnl.wrap(dnnl.own(fpd.dst_desc()), gyBlocked.array());
            dnnl.reorder(dnnl.backward, plainGy, diffDst);
        }
        IntMemoryMap ba = dnnl.args(DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_DIFF_SRC, dnnl.wrap(userX, gx.target));
        if (ws != null) {
            ba.put(DNNL_ARG_WORKSPACE, ws);
        }
        dnnl.add(dnnl.backward, new pooling_backward(bpd), ba);
    }

    @Override
    GradIn inputGradient() {
        return gx;
    }
}
