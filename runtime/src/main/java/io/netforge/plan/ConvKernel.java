package io.netforge.plan;

import io.netforge.graph.LayerOp;
import io.netforge.graph.Nd4jConfigs;
import io.netforge.plan.Buffers.Tensor;
import java.util.Map;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;

/**
 * libnd4j's conv2d (oneDNN on CPU) and conv2d_bp. A convolution whose input needs no gradient (the first one, on
 * the image) computes only its weight gradient: {@code im2col} of the input, one batched matrix product of the
 * columns with the output gradient ({@code [N, C·k·k, P] × [N, O, P]ᵀ}) and a sum over the batch, where
 * {@code conv2d_bp} would also compute the image's gradient, which nobody reads (docs/performance.md).
 */
final class ConvKernel extends Kernels.Weighted {
    private final LayerOp.Conv op;
    /** Weight gradient only: columns {@code [N, C, k, k, oH, oW]} and per-sample products {@code [N, C·k·k, O]}. */
    private final Tensor columns;

    private final Tensor perSample;
    private final Tensor channelsFirst;
    private CustomOp forward;
    private CustomOp backward;
    private CustomOp im2col;
    private Mmul products;
    private INDArray perSampleArray;
    /** Where the sum over the batch goes: the weight gradient as {@code [C·k·k, O]}, or the channels-first copy. */
    private INDArray batchSum;

    private INDArray permutedBack;
    private final int[] biasAxes = {0, 2, 3};

    ConvKernel(LayerOp.Conv op, int i, Kernels.Context ctx, Map<String, INDArray> grads) {
        super(op.input(), op.output(), op.weight(), op.bias(), i, ctx, grads, !weightOnly(op, ctx), true);
        this.op = op;
        if (weightOnly(op, ctx)) {
            int b = ctx.backwardStep(i);
            long[] xs = x.shape;
            long[] ys = y.shape;
            long k = op.kernel();
            long out = ys[1];
            columns = ctx.buffers().tensor("im2col columns", xs[0], xs[1], k, k, ys[2], ys[3]);
            perSample = ctx.buffers().tensor("weight gradient per sample", xs[0], xs[1] * k * k, out);
            Buffers.use(columns, b);
            Buffers.use(perSample, b);
            channelsFirst =
                    xs[1] == 1 ? null : ctx.buffers().dedicated("weight gradient, channels first", xs[1], k, k, out);
        } else {
            columns = null;
            perSample = null;
            channelsFirst = null;
        }
    }

    /** Training, the output needs a gradient, the input does not. */
    private static boolean weightOnly(LayerOp.Conv op, Kernels.Context ctx) {
        return ctx.training()
                && ctx.plan().needsGradient(op.output())
                && !ctx.plan().needsGradient(op.input());
    }

    @Override
    void bind() {
        INDArray W = ctx.graph().array(op.weight());
        INDArray b = op.bias() == null ? null : ctx.graph().array(op.bias());
        INDArray xa = x.array();
        Conv2DConfig cfg = Nd4jConfigs.conv(op);
        forward = new Conv2D(
                b == null ? new INDArray[] {xa, W} : new INDArray[] {xa, W, b}, new INDArray[] {y.array()}, cfg);
        if (gy == null) {
            return;
        }
        gx.bind();
        if (columns != null) {
            INDArray cols = columns.array();
            im2col = DynamicCustomOp.builder("im2col")
                    .addInputs(xa)
                    .addOutputs(cols)
                    .addIntegerArguments(
                            op.kernel(), op.kernel(), op.stride(), op.stride(), op.padding(), op.padding(), 1, 1, 0)
                    .addFloatingPointArguments(0.0)
                    .build();
            long[] cs = columns.shape;
            long[] ys = y.shape;
            perSampleArray = perSample.array();
            products = new Mmul(
                    cols.reshape('c', cs[0], cs[1] * cs[2] * cs[3], cs[4] * cs[5]),
                    gy.array().reshape('c', ys[0], ys[1], ys[2] * ys[3]),
                    perSampleArray,
                    1.0,
                    0.0,
                    MMulTranspose.builder().transposeB(true).build());
            long rows = perSampleArray.size(1);
            long out = perSampleArray.size(2);
            if (channelsFirst == null) {
                batchSum = dW.reshape('c', rows, out);
            } else {
                // im2col orders a column (c, y, x); the weights are stored [y, x, c, out]
                INDArray first = channelsFirst.array();
                batchSum = first.reshape('c', rows, out);
                permutedBack = first.permute(1, 2, 0, 3);
            }
            return;
        }
        DynamicCustomOp.DynamicCustomOpsBuilder bp = DynamicCustomOp.builder("conv2d_bp");
        if (b == null) {
            bp.addInputs(xa, W, gy.array()).addOutputs(gx.target, dW);
        } else {
            bp.addInputs(xa, W, b, gy.array()).addOutputs(gx.target, dW, db);
        }
        backward = bp.addIntegerArguments(
                        op.kernel(), op.kernel(), op.stride(), op.stride(), op.padding(), op.padding(), 1, 1, 0, 0, 0)
                .build();
    }

    @Override
    void forward() {
        Kernels.exec(forward);
    }

    @Override
    void backward() {
        if (im2col != null) {
            Kernels.exec(im2col);
            Kernels.exec(products);
            perSampleArray.sum(batchSum, 0);
            if (permutedBack != null) {
                dW.assign(permutedBack);
            }
            if (db != null) {
                gy.array().sum(db, biasAxes);
            }
        } else if (backward != null) {
            Kernels.exec(backward);
            gx.commit();
        }
    }
}
