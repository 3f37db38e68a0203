package io.netforge.plan;

import io.netforge.plan.Kernels.Context;
import io.netforge.plan.Kernels.GradIn;
import io.netforge.plan.Plan.Kernel;

/**
 * A kernel whose passes are sequences of oneDNN primitives ({@link DnnlSteps}, built in {@link #bind}): each runs on
 * the plan's stream, and the backward pass then commits the input gradient it wrote; the primitives are freed with the
 * plan.
 */
abstract class DnnlKernel extends Kernel {
    final Context ctx;
    final DnnlSteps dnnl = new DnnlSteps();

    DnnlKernel(Context ctx) {
        this.ctx = ctx;
    }

    /** The input gradient the backward steps write, or null when this kernel has no backward pass in its plan. */
    abstract GradIn inputGradient();

    @Override
    void forward() {
        DnnlSteps.run(dnnl.forward, ctx.plan().stream());
    }

    @Override
    void backward() {
        GradIn gx = inputGradient();
        if (gx == null) {
            return;
        }
        DnnlSteps.run(dnnl.backward, ctx.plan().stream());
        gx.commit();
    }

    @Override
    void close() {
        dnnl.close();
    }
}
