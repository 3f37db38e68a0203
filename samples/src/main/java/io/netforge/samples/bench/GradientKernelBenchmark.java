package io.netforge.samples.bench;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.scalar.PowDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the libnd4j gradient kernels behind docs/performance.md's findings 6 and 7, on one ResNet-18 activation at
 * batch 64 ({@code 64×64×32×32} floats). Each pair is the gradient SameDiff builds for the obvious graph
 * (what a hand-written SameDiff BatchNorm and ReLU get) against the gradient of another graph for the same
 * function: the one NetForge builds for BatchNorm, and for ReLU the mask formula that was tried and dropped
 * (faster kernel, but two more full-size arrays per layer). Run with {@code scripts/bench-kernels.sh}; not part
 * of the tests.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx2g"})
public class GradientKernelBenchmark {
    private INDArray x;
    private INDArray other;
    private INDArray g;
    private INDArray perChannel;
    private INDArray dx;
    private INDArray dOther;
    private INDArray dPerChannel;

    @Setup
    public void setUp() {
        x = Nd4j.randn(DataType.FLOAT, 64, 64, 32, 32);
        other = Nd4j.rand(DataType.FLOAT, 64, 64, 32, 32);
        g = Nd4j.randn(DataType.FLOAT, 64, 64, 32, 32);
        perChannel = Nd4j.rand(DataType.FLOAT, 1, 64, 1, 1);
        dx = Nd4j.create(DataType.FLOAT, 64, 64, 32, 32);
        dOther = Nd4j.create(DataType.FLOAT, 64, 64, 32, 32);
        dPerChannel = Nd4j.create(DataType.FLOAT, 1, 64, 1, 1);
    }

    private static void exec(String op, INDArray[] in, INDArray[] out, double... t) {
        Nd4j.exec(DynamicCustomOp.builder(op)
                .addInputs(in)
                .addOutputs(out)
                .addFloatingPointArguments(box(t))
                .build());
    }

    private static Double[] box(double[] t) {
        Double[] r = new Double[t.length];
        for (int i = 0; i < t.length; i++) {
            r[i] = t[i];
        }
        return r;
    }

    /** BatchNorm's {@code x * gamma}, gamma {@code [1, C, 1, 1]}: SameDiff's gradient is one broadcasting multiply_bp. */
    @Benchmark
    public INDArray perChannelMultiplyBroadcast() {
        exec("multiply_bp", new INDArray[] {x, perChannel, g}, new INDArray[] {dx, dPerChannel});
        return dPerChannel;
    }

    /** NetForge's {@code x * (zeros(shape(x)) + gamma)}: a same-shape multiply_bp and a broadcasting add_bp. */
    @Benchmark
    public INDArray perChannelMultiplyExpanded() {
        exec("multiply_bp", new INDArray[] {x, other, g}, new INDArray[] {dx, dOther});
        exec("add_bp", new INDArray[] {other, perChannel, dOther}, new INDArray[] {dx, dPerChannel});
        return dPerChannel;
    }

    /** ReLU: SameDiff's relu gradient, thresholdedrelu_bp. */
    @Benchmark
    public INDArray reluThresholded() {
        exec("thresholdedrelu_bp", new INDArray[] {x, g}, new INDArray[] {dx}, 0.0);
        return dx;
    }

    /** ReLU as {@code x * (x > 0)} (finding 7, not adopted): a same-shape multiply_bp (the mask is made in the forward pass). */
    @Benchmark
    public INDArray reluMaskMultiply() {
        exec("multiply_bp", new INDArray[] {x, other, g}, new INDArray[] {dx, dOther});
        return dx;
    }

    /** BatchNorm's variance: SameDiff's gradient of {@code square(x)}, a _powderivative and a multiply. */
    @Benchmark
    public INDArray squarePowDerivative() {
        Nd4j.exec(new PowDerivative(x, dx, 2.0));
        exec("multiply", new INDArray[] {dx, g}, new INDArray[] {dx});
        return dx;
    }

    /** NetForge's {@code x * x}: a same-shape multiply_bp and the sum of its two gradients. */
    @Benchmark
    public INDArray squareAsMultiply() {
        exec("multiply_bp", new INDArray[] {x, x, g}, new INDArray[] {dx, dOther});
        exec("add", new INDArray[] {dx, dOther}, new INDArray[] {dx});
        return dx;
    }
}
