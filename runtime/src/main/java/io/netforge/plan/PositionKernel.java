package io.netforge.plan;

import static io.netforge.plan.Kernels.exec;

import io.netforge.graph.LayerOp;
import io.netforge.plan.Buffers.Tensor;
import io.netforge.plan.Kernels.Context;
import io.netforge.plan.Kernels.GradIn;
import io.netforge.plan.Plan.Kernel;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A position embedding ({@link LayerOp.PositionEmbedding}): {@code y = x + rows}, the first {@code steps} rows of the
 * table broadcast over the batch; backward {@code dx = dy} and, for a learned table, {@code dTable[0 .. steps) = Σₙ
 * dy} (the rows past the sequence get none).
 */
final class PositionKernel extends Kernel {
    private final LayerOp.PositionEmbedding op;
    private final Context ctx;
    private final Tensor x;
    private final Tensor y;
    private final Tensor gy;
    private final GradIn gx;
    private final INDArray dTable;
    private Op add;
    private INDArray dRows;

    PositionKernel(LayerOp.PositionEmbedding op, int i, Context ctx, Map<String, INDArray> grads) {
        this.op = op;
        this.ctx = ctx;
        int f = ctx.forwardStep(i);
        x = ctx.read(op.input(), f);
        y = ctx.output(op.output(), f);
        if (ctx.training() && ctx.plan().needsGradient(op.output())) {
            int b = ctx.backwardStep(i);
            gy = ctx.plan().gradient(op.output());
            Buffers.use(gy, b);
            gx = new GradIn(ctx, op.input(), op.output(), b, false);
            dTable = op.table() == null ? null : grads.get(op.table());
        } else {
            gy = null;
            gx = null;
            dTable = null;
        }
    }

    @Override
    void bind() {
        long steps = x.shape[1];
        long features = x.shape[2];
        INDArray rows = op.table() == null
                ? Nd4j.create(
                        LayerOp.PositionEmbedding.sinusoids((int) steps, (int) features),
                        new long[] {steps, features},
                        'c')
                : ctx.graph().array(op.table()).get(NDArrayIndex.interval(0, steps), NDArrayIndex.all());
        add = new BroadcastAddOp(x.array(), rows, y.array(), 1, 2);
        if (gy != null) {
            gx.bind();
            if (dTable != null) {
                dTable.assign(0); // the rows past the sequence's steps get no gradient, ever
                dRows = dTable.get(NDArrayIndex.interval(0, steps), NDArrayIndex.all());
            }
        }
    }

    @Override
    void forward() {
        exec(add);
    }

    @Override
    void backward() {
        if (gy == null) {
            return;
        }
        INDArray g = gy.array();
        if (dRows != null) {
            g.sum(dRows, 0);
        }
        if (gx.needed) {
            gx.from(g);
        }
    }
}
