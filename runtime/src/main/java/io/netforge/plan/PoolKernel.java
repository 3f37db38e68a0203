package io.netforge.plan;

import io.netforge.graph.LayerOp;
import io.netforge.graph.Nd4jConfigs;
import io.netforge.plan.Buffers.Tensor;
import io.netforge.plan.Kernels.Context;
import io.netforge.plan.Kernels.GradIn;
import io.netforge.plan.Plan.Kernel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.AvgPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Max pooling (maxpool2d / maxpool2d_bp) or average pooling over an explicitly zero-padded copy. */
final class PoolKernel extends Kernel {
    private final LayerOp.Pool op;
    private final Tensor x;
    private final Tensor padded;
    private final Tensor paddedGrad;
    private final Tensor y;
    private final Tensor gy;
    private final GradIn gx;
    private CustomOp forward;
    private CustomOp backward;
    private INDArray interior;
    private INDArray interiorGrad;
    private INDArray xa;

    PoolKernel(LayerOp.Pool op, int i, Context ctx) {
        this.op = op;
        int f = ctx.forwardStep(i);
        x = ctx.read(op.input(), f);
        y = ctx.output(op.output(), f);
        boolean pad = !op.max() && op.padding() > 0;
        long[] s = x.shape;
        padded = pad
                ? ctx.buffers()
                        .dedicated("padded input", s[0], s[1], s[2] + 2L * op.padding(), s[3] + 2L * op.padding())
                : null;
        if (ctx.training()
                && ctx.plan().needsGradient(op.output())
                && ctx.plan().needsGradient(op.input())) {
            int b = ctx.backwardStep(i);
            if (!pad) {
                Buffers.use(x, b);
            }
            gy = ctx.plan().gradient(op.output());
            Buffers.use(gy, b);
            gx = new GradIn(ctx, op.input(), op.output(), b, false);
            paddedGrad = pad ? ctx.buffers().tensor("padded gradient", padded.shape) : null;
            if (pad) {
                Buffers.use(paddedGrad, b);
            }
        } else {
            gy = null;
            gx = null;
            paddedGrad = null;
        }
    }

    @Override
    void bind() {
        int p = op.max() ? op.padding() : 0;
        Pooling2DConfig cfg = Nd4jConfigs.pool(op);
        xa = x.array();
        INDArray source = xa;
        if (padded != null) {
            INDArray pa = padded.array();
            pa.assign(0);
            long[] s = x.shape;
            interior = pa.get(
                    NDArrayIndex.all(),
                    NDArrayIndex.all(),
                    NDArrayIndex.interval(op.padding(), op.padding() + s[2]),
                    NDArrayIndex.interval(op.padding(), op.padding() + s[3]));
            source = pa;
        }
        forward = op.max() ? new MaxPooling2D(source, y.array(), cfg) : new AvgPooling2D(source, y.array(), cfg);
        if (gy != null) {
            gx.bind();
            INDArray out = paddedGrad != null ? paddedGrad.array() : gx.target;
            backward = DynamicCustomOp.builder(op.max() ? "maxpool2d_bp" : "avgpool2d_bp")
                    .addInputs(source, gy.array())
                    .addOutputs(out)
                    .addIntegerArguments(
                            op.kernel(), op.kernel(), op.stride(), op.stride(), p, p, 1, 1, 0, op.max() ? 0 : 1, 0)
                    .build();
            if (paddedGrad != null) {
                long[] s = x.shape;
                interiorGrad = out.get(
                        NDArrayIndex.all(),
                        NDArrayIndex.all(),
                        NDArrayIndex.interval(op.padding(), op.padding() + s[2]),
                        NDArrayIndex.interval(op.padding(), op.padding() + s[3]));
            }
        }
    }

    @Override
    void forward() {
        if (interior != null) {
            interior.assign(xa);
        }
        Kernels.exec(forward);
    }

    @Override
    void backward() {
        if (backward == null) {
            return;
        }
        Kernels.exec(backward);
        if (interiorGrad != null) {
            gx.from(interiorGrad);
        } else {
            gx.commit();
        }
    }
}
