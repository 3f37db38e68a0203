package io.netforge.samples.bench;

import io.netforge.annotations.LossFunction;
import io.netforge.graph.GraphBuilder;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Node;
import io.netforge.graph.ParamInit;
import io.netforge.graph.Penalty;
import io.netforge.plan.Plan;
import io.netforge.util.NdArrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the planned engine's oneDNN primitives against the ND4J kernels they replace ({@code -Dnetforge.noDnnl=true}
 * in a fork of its own), as one training step (forward and backward) of a plan: the tutorial CNN's first block at
 * batch 64 ({@code 1×28×28 → conv 16 → ReLU → conv 32 → ReLU → max-pool 2 → dense 10}: a convolution with and one
 * without an input gradient, a fused ReLU, a blocked layout kept into the pooling) on 2 threads, a ResNet basic block
 * with its stem at batch 64 ({@code 3×32×32 → conv 64 → BN → ReLU}, then {@code conv → BN → ReLU → conv → BN}, the skip
 * added, ReLU, global pooling, dense 10: BatchNorm forward and backward in the convolutions' blocked layout) on 2
 * threads, and the Keras MLP
 * ({@code 784 → 128 → ReLU → 10}: dense products, the fused ReLU) at batch 64 and 256 on 1 thread, as
 * {@code NativeThreads} picks for each. Run with {@code scripts/bench-kernels.sh OneDnnKernelBenchmark}; not part of
 * the tests. docs/performance.md, "Convolutions and dense layers on oneDNN's primitives".
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OneDnnKernelBenchmark {
    /** One block's training plan with random input and logit gradient. */
    @State(Scope.Benchmark)
    public static class Step {
        @Param({"cnnBlock64", "resBlock64", "mlp64", "mlp256"})
        public String block;

        Plan plan;
        float[] input;
        float[] logitsGradient;

        @Setup(Level.Trial)
        public void setUp() {
            boolean cnn = block.startsWith("cnn");
            boolean res = block.startsWith("res");
            int n = block.endsWith("256") ? 256 : 64;
            Nd4j.getEnvironment(); // loads the backend before its native ops are called
            org.nd4j.nativeblas.NativeOpsHolder.getInstance()
                    .getDeviceNativeOps()
                    .setOmpNumThreads(cnn || res ? 2 : 1);
            GraphBuilder g = new GraphBuilder(block, 7);
            Node out;
            ParamInit init = ParamInit.pytorchDefault();
            if (res) {
                // a ResNet basic block with its stem: conv → BN → ReLU, then conv → BN → ReLU → conv → BN, + skip
                Node x = g.imageInput(3, 32, 32);
                Node stem = g.relu(
                        "r0", g.batchNorm("bn0", g.conv2d("c0", x, 64, 3, 1, 1, false, init, Penalty.NONE), 0.1, 1e-5));
                Node a = g.relu(
                        "r1",
                        g.batchNorm("bn1", g.conv2d("c1", stem, 64, 3, 1, 1, false, init, Penalty.NONE), 0.1, 1e-5));
                Node b = g.batchNorm("bn2", g.conv2d("c2", a, 64, 3, 1, 1, false, init, Penalty.NONE), 0.1, 1e-5);
                Node sum = g.relu("r2", g.add("add", b, stem));
                out = g.dense("out", g.flatten("f", g.globalAvgPool("gap", sum)), 10, true, init, Penalty.NONE);
            } else if (cnn) {
                Node x = g.imageInput(1, 28, 28);
                Node c1 = g.relu("r1", g.conv2d("c1", x, 16, 3, 1, 1, true, init, Penalty.NONE));
                Node c2 = g.relu("r2", g.conv2d("c2", c1, 32, 3, 1, 1, true, init, Penalty.NONE));
                Node p = g.maxPool("p", c2, 2, 2, 0);
                out = g.dense("out", g.flatten("f", p), 10, true, init, Penalty.NONE);
            } else {
                Node x = g.flatInput(784);
                Node h = g.relu("r", g.dense("fc1", x, 128, true, init, Penalty.NONE));
                out = g.dense("out", h, 10, true, init, Penalty.NONE);
            }
            NetGraph graph = g.build(out, 10, LossFunction.SOFTMAX_CROSS_ENTROPY);
            Map<String, INDArray> grads = new LinkedHashMap<>();
            for (io.netforge.graph.Param p : graph.params()) {
                grads.put(p.name(), Nd4j.zeros(DataType.FLOAT, p.shape()));
            }
            plan = Plan.training(graph, n, grads);
            Random r = new Random(1);
            input = new float[Math.toIntExact(plan.input().length())];
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) r.nextGaussian();
            }
            logitsGradient = new float[n * 10];
            for (int i = 0; i < logitsGradient.length; i++) {
                logitsGradient[i] = (float) r.nextGaussian() / n;
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            plan.close();
        }

        INDArray step() {
            NdArrays.copy(input, plan.input());
            plan.forward();
            NdArrays.copy(logitsGradient, plan.logitsGradient());
            plan.backward();
            return plan.logitsGradient();
        }
    }

    /** The default on the CPU: oneDNN's primitives. */
    @Benchmark
    @Fork(
            value = 1,
            jvmArgsAppend = {"-Xmx2g"})
    public INDArray oneDnnPrimitives(Step s) {
        return s.step();
    }

    /** The fallback: libnd4j's conv2d/conv2d_bp, maxpool2d/maxpool2d_bp, matmul (or OpenBLAS for small products). */
    @Benchmark
    @Fork(
            value = 1,
            jvmArgsAppend = {"-Xmx2g", "-Dnetforge.noDnnl=true"})
    public INDArray nd4jKernels(Step s) {
        return s.step();
    }
}
