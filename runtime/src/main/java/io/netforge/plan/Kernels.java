package io.netforge.plan;

import io.netforge.graph.LayerOp;
import io.netforge.graph.NetGraph;
import io.netforge.plan.Buffers.Tensor;
import io.netforge.plan.Plan.Kernel;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The kernels of a {@link Plan}, one class per {@link LayerOp}. Each declares its arrays and the plan steps at which
 * it uses them while the plan is made, binds views and prebuilt ND4J ops once ({@link Kernel#bind}), and then only
 * executes those ops. Every kernel goes through {@code Nd4j.exec}, so it runs on any ND4J backend. Which libnd4j
 * op or formula each uses, and the measurement behind the choice: docs/performance.md, "The planned engine".
 */
final class Kernels {
    private Kernels() {}

    /** Plan-making state shared by the kernels: the plan and its step numbering. */
    record Context(Plan plan, int ops) {
        int forwardStep(int i) {
            return 1 + i;
        }

        int backwardStep(int i) {
            return plan.lossStep() + 1 + (ops - 1 - i);
        }

        boolean training() {
            return plan.training();
        }

        Buffers buffers() {
            return plan.buffers();
        }

        NetGraph graph() {
            return plan.graph();
        }

        /** A new activation tensor for value {@code id}, written at forward step {@code step}. */
        Tensor output(int id, int step) {
            Tensor t =
                    buffers().tensor("value " + id, plan.batched(graph().ops().shape(id)));
            Buffers.use(t, step);
            plan.setValue(id, t);
            return t;
        }

        /** Value {@code id}'s activation, read at {@code step}. */
        Tensor read(int id, int step) {
            Tensor t = plan.value(id);
            Buffers.use(t, step);
            return t;
        }

        /**
         * Whether {@code producer}'s output is read only by a ReLU that works in place (element by element, so it works
         * on any memory layout).
         */
        boolean reluInPlaceAfter(LayerOp producer) {
            LayerOp consumer = plan.onlyConsumer(producer.output());
            return consumer != null && consumer.isRelu() && inPlace(producer.output(), producer);
        }

        /** Whether the op {@code op} may overwrite its input: it is the input's only reader, and no backward needs it. */
        boolean inPlace(int input, LayerOp producer) {
            if (input == 0 || plan.consumers(input) != 1 || producer == null) {
                return false;
            }
            if (producer.outputIsView()) {
                return false; // overwriting it would overwrite the producer's input too
            }
            return !training() || !producer.backwardReadsOutput();
        }
    }

    /** The kernel of {@code op}: one method per kind, so an op kind without a kernel does not compile. */
    static Kernel make(LayerOp op, int index, Context ctx, Map<String, INDArray> grads) {
        int in = op.inputs()[0];
        LayerOp producer = ctx.plan.producer(in);
        return op.accept(new LayerOp.Visitor<Kernel>() {
            @Override
            public Kernel dense(LayerOp.Dense d) {
                return new DenseKernel(d, index, ctx, grads);
            }

            @Override
            public Kernel conv(LayerOp.Conv c) {
                return ctx.plan().onednn()
                        ? new DnnlConvKernel(c, index, ctx, grads)
                        : new ConvKernel(c, index, ctx, grads);
            }

            @Override
            public Kernel pool(LayerOp.Pool p) {
                return ctx.plan().onednn() ? new DnnlPoolKernel(p, index, ctx) : new PoolKernel(p, index, ctx);
            }

            @Override
            public Kernel globalAvgPool(LayerOp.GlobalAvgPool g) {
                return new GlobalAvgPool(g, index, ctx);
            }

            @Override
            public Kernel add(LayerOp.Add a) {
                return new Add(a, index, ctx);
            }

            @Override
            public Kernel flatten(LayerOp.Flatten f) {
                return new Flatten(f, index, ctx);
            }

            @Override
            public Kernel activation(LayerOp.Activation a) {
                return new ElementwiseKernels.Activation(
                        a, index, ctx, ctx.inPlace(in, producer) && a.kind() == LayerOp.Activation.Kind.RELU);
            }

            @Override
            public Kernel batchNorm(LayerOp.BatchNorm b) {
                if (ctx.plan().onednn()) {
                    return new DnnlBatchNormKernel(b, index, ctx, grads);
                }
                return ctx.training()
                        ? new ElementwiseKernels.BatchNormTrain(b, index, ctx, grads)
                        : new ElementwiseKernels.BatchNormEval(b, index, ctx, ctx.inPlace(in, producer));
            }

            @Override
            public Kernel layerNorm(LayerOp.LayerNorm l) {
                return new LayerNormKernel(l, index, ctx, grads);
            }

            @Override
            public Kernel embedding(LayerOp.Embedding e) {
                return new SequenceKernels.Embedding(e, index, ctx, grads);
            }

            @Override
            public Kernel sequenceMeanPool(LayerOp.SequenceMeanPool p) {
                return new SequenceKernels.SequenceWindowPool(p.input(), p.tokens(), p.output(), 0, false, index, ctx);
            }

            @Override
            public Kernel conv1d(LayerOp.Conv1d c) {
                return new SequenceKernels.Conv1d(c, index, ctx, grads);
            }

            @Override
            public Kernel position(LayerOp.PositionEmbedding p) {
                return new PositionKernel(p, index, ctx, grads);
            }

            @Override
            public Kernel attention(LayerOp.Attention a) {
                return new AttentionKernel(a, index, ctx);
            }

            @Override
            public Kernel recurrent(LayerOp.Recurrent r) {
                return r.cell() == LayerOp.Recurrent.Cell.LSTM
                        ? new LstmKernel(r, index, ctx, grads)
                        : new GruKernel(r, index, ctx, grads);
            }

            @Override
            public Kernel sequenceMaxPool(LayerOp.SequenceMaxPool p) {
                return new SequenceKernels.SequenceWindowPool(p.input(), p.tokens(), p.output(), 0, true, index, ctx);
            }

            @Override
            public Kernel sequencePool(LayerOp.SequencePool p) {
                return new SequenceKernels.SequenceWindowPool(
                        p.input(), p.tokens(), p.output(), p.window(), p.max(), index, ctx);
            }

            @Override
            public Kernel sequenceMask(LayerOp.SequenceMask m) {
                return new SequenceKernels.SequenceMask(m, index, ctx);
            }

            @Override
            public Kernel dropout(LayerOp.Dropout d) {
                return ctx.training()
                        ? new ElementwiseKernels.Dropout(d, index, ctx, ctx.inPlace(in, producer))
                        : new Identity(d, ctx);
            }
        });
    }

    /**
     * Where an op's backward pass writes the gradient of one input: straight into the input's gradient when it is
     * the first writer in the backward pass, into a scratch array that is then added when another consumer wrote
     * first; nothing when the input needs no gradient.
     */
    static final class GradIn {
        final boolean needed;
        final boolean accumulate;
        final Tensor gradient;
        final Tensor scratch;
        INDArray target;
        INDArray g;

        GradIn(Context ctx, int input, int output, int step, boolean scratchIfNotNeeded) {
            Plan plan = ctx.plan();
            needed = plan.needsGradient(input) && plan.needsGradient(output);
            if (needed) {
                accumulate = plan.accumulates(input);
                gradient = plan.gradient(input);
                Buffers.use(gradient, step);
                scratch = accumulate ? ctx.buffers().tensor("scratch", gradient.shape) : null;
            } else {
                accumulate = false;
                gradient = null;
                scratch = scratchIfNotNeeded && plan.needsGradient(output)
                        ? ctx.buffers().tensor("unused input gradient", plan.value(input).shape)
                        : null;
            }
            if (scratch != null) {
                Buffers.use(scratch, step);
            }
        }

        /** Writes in place into {@code over} (the output's gradient) when this is the only writer. */
        boolean aliasTo(Tensor over) {
            if (needed && !accumulate) {
                Buffers.alias(gradient, over);
                return true;
            }
            return false;
        }

        void bind() {
            g = gradient == null ? null : gradient.array();
            target = scratch != null ? scratch.array() : g;
        }

        /** Adds the scratch array into the gradient when this writer accumulates. */
        void commit() {
            if (accumulate) {
                g.addi(target);
            }
        }

        /** The gradient becomes (or gains) {@code src}. */
        void from(INDArray src) {
            if (accumulate) {
                g.addi(src);
            } else {
                g.assign(src);
            }
        }
    }

    static void exec(Op op) {
        Nd4j.getExecutioner().exec(op);
    }

    static void exec(CustomOp op) {
        Nd4j.getExecutioner().exec(op);
    }

    /** A layer with a weight and an optional bias, reading its input again in the backward pass (dense, convolution). */
    abstract static class Weighted extends Kernel {
        final Context ctx;
        final Tensor x;
        final Tensor y;
        final Tensor gy;
        final GradIn gx;
        final INDArray dW;
        final INDArray db;

        /**
         * @param scratchInputGradient whether an input that needs no gradient still gets a scratch array to write one
         * @param readsInput whether the backward pass reads the input array (it stays live until then)
         */
        Weighted(
                int input,
                int output,
                String weight,
                String bias,
                int i,
                Context ctx,
                Map<String, INDArray> grads,
                boolean scratchInputGradient,
                boolean readsInput) {
            this.ctx = ctx;
            int f = ctx.forwardStep(i);
            x = ctx.read(input, f);
            y = ctx.output(output, f);
            if (ctx.training() && ctx.plan().needsGradient(output)) {
                int b = ctx.backwardStep(i);
                if (readsInput) {
                    Buffers.use(x, b);
                }
                gy = ctx.plan().gradient(output);
                Buffers.use(gy, b);
                gx = new GradIn(ctx, input, output, b, scratchInputGradient);
                dW = grads.get(weight);
                db = bias == null ? null : grads.get(bias);
            } else {
                gy = null;
                gx = null;
                dW = null;
                db = null;
            }
        }
    }

    /** Mean over H and W; backward spreads {@code dy / (H W)} over every position. */
    static final class GlobalAvgPool extends Kernel {
        private final Tensor x;
        private final Tensor y;
        private final Tensor gy;
        private final Tensor scaled;
        private final GradIn gx;
        private INDArray xa;
        private INDArray ya;
        private Op spread;

        GlobalAvgPool(LayerOp.GlobalAvgPool op, int i, Context ctx) {
            int f = ctx.forwardStep(i);
            x = ctx.read(op.input(), f);
            y = ctx.output(op.output(), f);
            if (ctx.training()
                    && ctx.plan().needsGradient(op.output())
                    && ctx.plan().needsGradient(op.input())) {
                int b = ctx.backwardStep(i);
                gy = ctx.plan().gradient(op.output());
                Buffers.use(gy, b);
                gx = new GradIn(ctx, op.input(), op.output(), b, false);
                scaled = ctx.buffers().tensor("scaled gradient", gy.shape);
                Buffers.use(scaled, b);
            } else {
                gy = null;
                gx = null;
                scaled = null;
            }
        }

        @Override
        void bind() {
            xa = x.array();
            ya = y.array();
            if (gy != null) {
                gx.bind();
                spread = new BroadcastAddOp(gx.g, scaled.array(), gx.g, 0, 1);
            }
        }

        @Override
        void forward() {
            xa.mean(ya, 2, 3);
        }

        @Override
        void backward() {
            if (gy == null) {
                return;
            }
            gy.array().mul(1.0 / (x.shape[2] * x.shape[3]), scaled.array());
            if (!gx.accumulate) {
                gx.g.assign(0);
            }
            exec(spread);
        }
    }

    /** {@code y = a + b}; both inputs get {@code dy} (the left one in place when it is the only writer). */
    static final class Add extends Kernel {
        private final Tensor a;
        private final Tensor b;
        private final Tensor y;
        private final Tensor gy;
        private final GradIn ga;
        private final GradIn gb;
        private final boolean leftAliased;
        private CustomOp forward;

        Add(LayerOp.Add op, int i, Context ctx) {
            int f = ctx.forwardStep(i);
            a = ctx.read(op.left(), f);
            b = ctx.read(op.right(), f);
            y = ctx.output(op.output(), f);
            if (ctx.training() && ctx.plan().needsGradient(op.output())) {
                int s = ctx.backwardStep(i);
                gy = ctx.plan().gradient(op.output());
                Buffers.use(gy, s);
                // the right input's copy is taken first, so the left one may then be changed in place
                gb = new GradIn(ctx, op.right(), op.output(), s, false);
                ga = new GradIn(ctx, op.left(), op.output(), s, false);
                leftAliased = op.left() != op.right() && ga.needed && !ga.accumulate && ga.aliasTo(gy);
            } else {
                gy = null;
                ga = null;
                gb = null;
                leftAliased = false;
            }
        }

        @Override
        void bind() {
            forward = new AddOp(a.array(), b.array(), y.array());
            if (gy != null) {
                ga.bind();
                gb.bind();
            }
        }

        @Override
        void forward() {
            exec(forward);
        }

        @Override
        void backward() {
            if (gy == null) {
                return;
            }
            INDArray g = gy.array();
            if (gb.needed) {
                gb.from(g);
            }
            if (ga.needed && !leftAliased) {
                ga.from(g);
            }
        }
    }

    /** A reshape: the output is a view of the input, and its gradient a view of the input's when nothing else adds to it. */
    static final class Flatten extends Kernel {
        private final Tensor gy;
        private final GradIn gx;
        private final boolean aliased;

        Flatten(LayerOp.Flatten op, int i, Context ctx) {
            Tensor x = ctx.read(op.input(), ctx.forwardStep(i));
            Tensor y = ctx.buffers()
                    .tensor(
                            "value " + op.output(),
                            ctx.plan().batched(ctx.graph().ops().shape(op.output())));
            Buffers.alias(y, x);
            ctx.plan().setValue(op.output(), y);
            if (ctx.training()
                    && ctx.plan().needsGradient(op.output())
                    && ctx.plan().needsGradient(op.input())) {
                int s = ctx.backwardStep(i);
                gy = ctx.plan().gradient(op.output());
                Buffers.use(gy, s);
                gx = new GradIn(ctx, op.input(), op.output(), s, false);
                aliased = gx.aliasTo(gy);
            } else {
                gy = null;
                gx = null;
                aliased = false;
            }
        }

        @Override
        void bind() {
            if (gx != null) {
                gx.bind();
            }
        }

        @Override
        void forward() {}

        @Override
        void backward() {
            if (gx != null && !aliased) {
                gx.from(gy.array(gx.gradient.shape));
            }
        }
    }

    /** Evaluation-mode dropout: the output is the input. */
    static final class Identity extends Kernel {
        Identity(LayerOp.Dropout op, Context ctx) {
            ctx.plan().setValue(op.output(), ctx.plan().value(op.input()));
        }

        @Override
        void bind() {}

        @Override
        void forward() {}
    }
}
