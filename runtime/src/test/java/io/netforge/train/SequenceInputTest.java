package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netforge.annotations.Bidirectional;
import io.netforge.annotations.LossFunction;
import io.netforge.data.Dataset;
import io.netforge.graph.GraphBuilder;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Node;
import io.netforge.graph.ParamInit;
import io.netforge.graph.Penalty;
import io.netforge.onnx.OnnxRuntimeCheck;
import io.netforge.train.engine.Engine;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sequence input ({@code @Input(steps, features)}): every step is real, a value of 0 included (only token ids mark
 * padding). Recurrent layers and a dilated 1-D convolution learn on both engines alike and travel to ONNX Runtime.
 */
class SequenceInputTest {
    @TempDir
    Path dir;

    static final int STEPS = 10;

    /**
     * A bidirectional LSTM over every step, a dilated convolution, a GRU's last state, dense: which half of the sequence
     * holds the bump.
     */
    static LongFunction<NetGraph> model() {
        return seed -> {
            GraphBuilder g = new GraphBuilder("TinySequence", seed);
            Node x = g.sequenceInput(STEPS, 2);
            x = g.lstm("rnn", x, 8, true, Bidirectional.CONCAT, ParamInit.pytorchDefault(), Penalty.NONE);
            x = g.conv1d("conv", x, 8, 3, 2, true, ParamInit.pytorchDefault(), Penalty.NONE);
            x = g.relu("conv", x);
            x = g.gru("last", x, 6, false, Bidirectional.NONE, ParamInit.pytorchDefault(), Penalty.NONE);
            x = g.dense("out", x, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
            return g.build(x, 3, LossFunction.SOFTMAX_CROSS_ENTROPY);
        };
    }

    /**
     * Noise with a bump: class 0 a bump in the first half, class 1 in the second, class 2 none; the second feature is
     * exactly 0 at every step (a zero is a value, not padding).
     */
    static Dataset bumps(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * STEPS * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(3);
            int at = y[i] == 0 ? r.nextInt(STEPS / 2) : STEPS / 2 + r.nextInt(STEPS / 2);
            for (int t = 0; t < STEPS; t++) {
                x[(i * STEPS + t) * 2] = (float) (0.3 * r.nextGaussian() + (y[i] < 2 && t == at ? 2 : 0));
            }
        }
        return new Dataset("bumps", x, y, new int[] {STEPS, 2}, 3);
    }

    private static Trainer trainer(Engine engine) {
        TrainConfig config = TrainConfig.builder()
                .verbose(false)
                .epochs(8)
                .learningRate(0.01)
                .batchSize(32)
                .seed(5)
                .engine(engine)
                .build();
        return TinyModels.trainer(config, model());
    }

    @Test
    void learnsOnBothEnginesAlikeAndTravelsToOnnxRuntime() throws Exception {
        Dataset train = bumps(480, 1);
        Dataset test = bumps(150, 2);
        double[] accuracy = new double[2];
        Trainer planned = null;
        Engine[] engines = {Engine.PLANNED, Engine.SAMEDIFF};
        for (int e = 0; e < 2; e++) {
            Trainer t = trainer(engines[e]);
            t.fit(train);
            accuracy[e] = t.evaluate(test).accuracy();
            planned = e == 0 ? t : planned;
        }
        assertThat(accuracy[0]).isGreaterThan(0.9);
        assertThat(accuracy[1]).isCloseTo(accuracy[0], within(0.03));

        Path onnx = dir.resolve("sequence.onnx");
        planned.exportOnnx(onnx);
        float[][] raw = new float[6][];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = test.features(i);
        }
        raw[5] = new float[STEPS * 2]; // all zeros: still ten real steps
        float[][][] out = OnnxRuntimeCheck.run(onnx, raw, planned.graph().inputShape());
        float[][] logits = planned.predictor().logits(raw);
        for (int i = 0; i < raw.length; i++) {
            for (int k = 0; k < 3; k++) {
                assertThat(out[0][i][k]).as("sample %d class %d", i, k).isCloseTo(logits[i][k], within(1e-5f));
            }
        }
        OnnxRuntimeCheck.checker(List.of(onnx));
    }

    /**
     * Windows over time on a sequence input (no mask: every step real) in ONNX Runtime: a strided dilated convolution,
     * average and max pooling windows (the last clipped), against the planned engine's logits.
     */
    @Test
    void windowsOverASequenceInputTravelToOnnxRuntime() throws Exception {
        LongFunction<NetGraph> windows = seed -> {
            GraphBuilder g = new GraphBuilder("SequenceWindows", seed);
            Node x = g.sequenceInput(STEPS, 2);
            x = g.conv1d("conv", x, 6, 3, 2, 2, true, ParamInit.pytorchDefault(), Penalty.NONE); // 10 -> 5 steps
            x = g.relu("conv", x);
            x = g.avgPool("avg", x, 2, 0, 0); // 5 -> 3
            x = g.maxPool("max", x, 2, 0, 0); // 3 -> 2
            x = g.lstm("rnn", x, 4, false, Bidirectional.NONE, ParamInit.pytorchDefault(), Penalty.NONE);
            x = g.dense("out", x, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
            return g.build(x, 3, LossFunction.SOFTMAX_CROSS_ENTROPY);
        };
        Trainer t = TinyModels.trainer(
                TrainConfig.builder()
                        .verbose(false)
                        .epochs(2)
                        .learningRate(0.01)
                        .build(),
                windows);
        Dataset test = bumps(60, 3);
        t.fit(bumps(120, 4));
        Path onnx = dir.resolve("windows.onnx");
        t.exportOnnx(onnx);
        float[][] raw = new float[8][];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = test.features(i);
        }
        float[][][] out = OnnxRuntimeCheck.run(onnx, raw, t.graph().inputShape());
        float[][] logits = t.predictor().logits(raw);
        for (int i = 0; i < raw.length; i++) {
            for (int k = 0; k < 3; k++) {
                assertThat(out[0][i][k]).as("sample %d class %d", i, k).isCloseTo(logits[i][k], within(1e-5f));
            }
        }
        OnnxRuntimeCheck.checker(List.of(onnx));
    }
}
