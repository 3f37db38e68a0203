package io.netforge.samples.bench;

import io.netforge.train.Optimizer;
import io.netforge.util.HostLoops;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: each kernel the planned engine adopted against what it replaced (docs/performance.md, "Kernels, and why
 * each"), at the sizes where the choice was made. The optimizer and the finite-gradient check call the runtime's own
 * code ({@code Optimizer.Adam}'s updater on an array of its own, which takes the Java loop, and on a row of a
 * larger array, which takes libnd4j's fused {@code adam_updater}; {@code HostLoops.nonFinite}); the layer kernels
 * run the op sequences of {@code io.netforge.plan}'s kernels on one ResNet-18 activation at batch 64
 * ({@code 64×64×32×32}). Run with {@code scripts/bench-kernels.sh PlanKernelBenchmark}; not part of the tests.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx2g"})
public class PlanKernelBenchmark {
    /** Adam on one parameter: the Keras MLP's 101,770 parameters as one array, and ResNet-18's largest weight. */
    @State(Scope.Benchmark)
    public static class AdamState {
        @Param({"101770", "2359296"})
        public int size;
        /** libnd4j's OpenMP threads: 1 as a small dense model trains (NativeThreads), 2 as a convolutional one. */
        @Param({"1", "2"})
        public int nativeThreads;

        INDArray w;
        INDArray wRow;
        INDArray g;
        INDArray gWork;
        io.netforge.train.optim.Updater javaLoop;
        io.netforge.train.optim.Updater fused;

        @Setup(Level.Trial)
        public void setUp() {
            Nd4j.getEnvironment();
            org.nd4j.nativeblas.NativeOpsHolder.getInstance()
                    .getDeviceNativeOps()
                    .setOmpNumThreads(nativeThreads);
            w = Nd4j.rand(DataType.FLOAT, size).subi(0.5);
            wRow = Nd4j.zeros(DataType.FLOAT, 2, size).getRow(0).assign(w);
            g = Nd4j.randn(DataType.FLOAT, size);
            gWork = Nd4j.create(DataType.FLOAT, size);
            javaLoop = new Optimizer.Adam(1e-3, 0.9, 0.999, 1e-8, 0).newUpdater(new long[] {size});
            fused = new Optimizer.Adam(1e-3, 0.9, 0.999, 1e-8, 0).newUpdater(new long[] {size});
        }
    }

    /** Adam as the runtime runs it on the CPU backend: a chunked Java loop over the arrays' host memory. */
    @Benchmark
    public INDArray adamJavaLoop(AdamState s) {
        s.javaLoop.update(s.w, s.gWork.assign(s.g), 1e-3);
        return s.w;
    }

    /** Adam as libnd4j's fused adam_updater (the runtime's path for views and other backends). */
    @Benchmark
    public INDArray adamFusedOp(AdamState s) {
        s.fused.update(s.wRow, s.gWork.assign(s.g), 1e-3);
        return s.wRow;
    }

    /** The copy of the gradient both Adam rows include (the fused op overwrites its gradient with the step). */
    @Benchmark
    public INDArray adamGradientCopyOnly(AdamState s) {
        return s.gWork.assign(s.g);
    }

    /** Is any gradient NaN or infinite: the bits of every value in one vectorized Java pass. */
    @Benchmark
    public double finiteCheckJava(AdamState s) {
        return HostLoops.nonFinite(s.g);
    }

    /** The same by summing the gradient with a native reduction (NaN and infinities propagate). */
    @Benchmark
    public double finiteCheckNativeSum(AdamState s) {
        return s.g.sumNumber().doubleValue();
    }

    /** One ResNet-18 activation at batch 64 and its per-channel BatchNorm statistics. */
    @State(Scope.Benchmark)
    public static class ActivationState {
        INDArray x;
        INDArray y;
        INDArray dy;
        INDArray dx;
        INDArray centered;
        INDArray gamma;
        INDArray beta;
        INDArray mean;
        INDArray var;
        INDArray perChannel;
        INDArray dGamma;
        INDArray dBeta;
        CustomOp reluFromOutput;
        CustomOp reluThresholded;
        int[] axes = {0, 2, 3};

        @Setup(Level.Trial)
        public void setUp() {
            x = Nd4j.randn(DataType.FLOAT, 64, 64, 32, 32);
            y = Nd4j.create(DataType.FLOAT, 64, 64, 32, 32);
            dy = Nd4j.randn(DataType.FLOAT, 64, 64, 32, 32);
            dx = Nd4j.create(DataType.FLOAT, 64, 64, 32, 32);
            centered = x.sub(x.mean(true, 0, 2, 3));
            gamma = Nd4j.rand(DataType.FLOAT, 64);
            beta = Nd4j.rand(DataType.FLOAT, 64);
            mean = Nd4j.rand(DataType.FLOAT, 64);
            var = Nd4j.rand(DataType.FLOAT, 64).addi(0.5);
            perChannel = Nd4j.create(DataType.FLOAT, 64);
            dGamma = Nd4j.create(DataType.FLOAT, 64);
            dBeta = Nd4j.create(DataType.FLOAT, 64);
            Nd4j.exec(new org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear(x, y, 0.0));
            reluFromOutput = DynamicCustomOp.builder("relu_bp")
                    .addInputs(y, dy)
                    .addOutputs(dx)
                    .addFloatingPointArguments(0.0)
                    .build();
            reluThresholded = DynamicCustomOp.builder("thresholdedrelu_bp")
                    .addInputs(x, dy)
                    .addOutputs(dx)
                    .addFloatingPointArguments(0.0)
                    .build();
        }
    }

    /** ReLU backward as the plan runs it: relu_bp from the saved output (so the input's memory can be reused). */
    @Benchmark
    public INDArray reluBackwardFromOutput(ActivationState s) {
        Nd4j.exec(s.reluFromOutput);
        return s.dx;
    }

    /** ReLU backward as SameDiff's graph runs it: thresholdedrelu_bp from the input. */
    @Benchmark
    public INDArray reluBackwardThresholded(ActivationState s) {
        Nd4j.exec(s.reluThresholded);
        return s.dx;
    }

    /** Evaluation BatchNorm as the plan runs it: {@code x·s + t}, two broadcast passes with per-channel s and t. */
    @Benchmark
    public INDArray batchNormEvalScaleShift(ActivationState s) {
        s.perChannel.assign(s.var).addi(1e-5);
        org.nd4j.linalg.ops.transforms.Transforms.sqrt(s.perChannel, false)
                .rdivi(1.0)
                .muli(s.gamma);
        INDArray shift = s.mean.mul(s.perChannel).rsubi(s.beta);
        Nd4j.exec(new BroadcastMulOp(s.x, s.perChannel, s.y, 1));
        Nd4j.exec(new BroadcastAddOp(s.y, shift, s.y, 1));
        return s.y;
    }

    /** Evaluation BatchNorm as libnd4j's batchnorm op. */
    @Benchmark
    public INDArray batchNormEvalOp(ActivationState s) {
        Nd4j.exec(DynamicCustomOp.builder("batchnorm")
                .addInputs(s.x, s.mean, s.var, s.gamma, s.beta)
                .addOutputs(s.y)
                .addIntegerArguments(1, 1, 1)
                .addFloatingPointArguments(1e-5)
                .build());
        return s.y;
    }

    /**
     * Training BatchNorm backward as the plan runs it (ElementwiseKernels.BatchNormTrain): reductions for dβ and
     * dγ and three broadcast passes for dx, from the centred input kept by the forward pass.
     */
    @Benchmark
    public INDArray batchNormTrainBackwardComposed(ActivationState s) {
        s.dy.sum(s.dBeta, s.axes);
        Nd4j.exec(new MulOp(s.dy, s.centered, s.dx));
        s.dx.sum(s.dGamma, s.axes);
        double m = 64.0 * 32 * 32;
        INDArray invStd = org.nd4j.linalg.ops.transforms.Transforms.sqrt(s.var.add(1e-5), false)
                .rdivi(1.0);
        INDArray coefA = s.dBeta.div(m);
        INDArray coefB = invStd.mul(invStd).muli(s.dGamma).divi(m);
        INDArray scale = s.gamma.mul(invStd);
        Nd4j.exec(new BroadcastMulOp(s.centered, coefB, s.dx, 1));
        s.dx.rsubi(s.dy);
        Nd4j.exec(new BroadcastSubOp(s.dx, coefA, s.dx, 1));
        Nd4j.exec(new BroadcastMulOp(s.dx, scale, s.dx, 1));
        return s.dx;
    }

    /** Training BatchNorm backward as libnd4j's batchnorm_bp (which SameDiff cannot map; docs/performance.md). */
    @Benchmark
    public INDArray batchNormTrainBackwardOp(ActivationState s) {
        Nd4j.exec(DynamicCustomOp.builder("batchnorm_bp")
                .addInputs(s.x, s.mean, s.var, s.gamma, s.beta, s.dy)
                .addOutputs(s.dx, s.perChannel, s.dGamma.dup(), s.dGamma, s.dBeta)
                .addIntegerArguments(1, 1, 1)
                .addFloatingPointArguments(1e-5)
                .build());
        return s.dx;
    }
}
