package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.annotations.LossFunction;
import io.netforge.graph.GraphBuilder;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Node;
import io.netforge.graph.ParamInit;
import io.netforge.graph.Penalty;
import io.netforge.train.state.NativeThreads;
import org.junit.jupiter.api.Test;
import org.nd4j.nativeblas.NativeOpsHolder;

class NativeThreadsTest {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Test
    void smallDenseModelsUseOneThreadConvolutionsAndLargeProductsEveryCore() {
        NetGraph mlp = dense(784, 128); // the Keras tutorial's MLP: 256 x 784 x 128 = 25.7M multiply-adds per batch
        assertThat(NativeThreads.forModel(mlp, 256)).isEqualTo(1);
        assertThat(NativeThreads.forModel(dense(2048, 2048), 64)).isEqualTo(CORES); // 268M
        assertThat(NativeThreads.forModel(mlp, 2048)).as("206M at batch 2048").isEqualTo(CORES);
        assertThat(NativeThreads.forModel(TinyModels.cnn(1), 2))
                .as("any convolution")
                .isEqualTo(CORES);
    }

    @Test
    void aSystemPropertyOverridesThePolicy() {
        System.setProperty("netforge.nativeThreads", "3");
        try {
            assertThat(NativeThreads.forModel(dense(784, 128), 256)).isEqualTo(3);
            assertThat(NativeThreads.forModel(TinyModels.cnn(1), 256)).isEqualTo(3);
        } finally {
            System.clearProperty("netforge.nativeThreads");
        }
    }

    @Test
    void eachTrainingStepSetsItsModelsThreadCount() {
        Trainer small = TinyModels.trainer(
                TrainConfig.builder().verbose(false).batchSize(16).build(), TinyModels::mlp);
        Trainer conv = TinyModels.trainer(
                TrainConfig.builder().verbose(false).batchSize(16).build(), TinyModels::cnn);
        small.manual()
                .trainStep(
                        TinyModels.blobs(16, 1).batches(16, false, 0).iterator().next());
        assertThat(NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads())
                .isEqualTo(1);
        conv.manual()
                .trainStep(
                        TinyModels.bars(16, 1).batches(16, false, 0).iterator().next());
        assertThat(NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads())
                .isEqualTo(CORES);
    }

    /** OpenMP keeps the count per OS thread, so a count set on one thread must still be set on the next. */
    @Test
    void theCountIsSetOnEveryThreadThatUsesIt() throws Exception {
        NativeThreads.use(1);
        int[] seen = new int[1];
        Thread other = new Thread(() -> {
            NativeThreads.use(1);
            seen[0] = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
        });
        other.start();
        other.join();
        assertThat(seen[0]).isEqualTo(1);
        assertThat(NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads())
                .isEqualTo(1);
    }

    private static NetGraph dense(int in, int out) {
        GraphBuilder g = new GraphBuilder("Dense", 1);
        Node x = g.flatInput(in);
        x = g.dense("fc", x, out, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, out, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }
}
