package io.netforge.samples.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.netforge.data.Dataset;
import io.netforge.data.Splits;
import io.netforge.datasets.FashionMnist;
import io.netforge.samples.MnistCnnTrainer;
import io.netforge.train.inference.Predictor;
import io.netforge.util.Quiet;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Prediction latency of the tutorial CNN (docs/deploy.md): ONNX Runtime for Java on the file {@code exportOnnx}
 * wrote against {@code trainer.predictor()}, both on the same raw Fashion-MNIST test images, at batch 1 and 256.
 * Each figure is the median of {@code rounds} timed calls after {@code rounds / 4} warm-up calls; ratios are
 * measured in the same run. Not a test: {@code scripts/bench-onnx.sh [rounds]} (default 200).
 */
public final class OnnxLatencyBenchmark {
    private OnnxLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = Quiet.install();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Splits fashion = FashionMnist.load();
        Dataset train = fashion.train()
                .split(2_000.0 / fashion.train().size(), 1)
                .first()
                .standardize();
        MnistCnnTrainer trainer =
                MnistCnnTrainer.builder().epochs(1).verbose(false).create();
        trainer.fit(train);
        Path file = Files.createTempFile("mnist-cnn", ".onnx");
        trainer.exportOnnx(file);
        Predictor predictor = trainer.predictor();
        float[][] images = new float[256][];
        for (int i = 0; i < images.length; i++) {
            images[i] = fashion.test().features(i);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        out.printf(
                Locale.ROOT,
                "ONNX Runtime %s vs trainer.predictor(), MnistCnn (338,006 parameters), %d threads,"
                        + " median of %d calls%n",
                env.getVersion(),
                Runtime.getRuntime().availableProcessors(),
                rounds);
        out.printf(Locale.ROOT, "%-6s %16s %16s %8s%n", "batch", "NetForge ms", "ONNX Runtime ms", "ratio");
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
            for (int batch : new int[] {1, 256}) {
                float[][] x = Arrays.copyOf(images, batch);
                FloatBuffer flat = FloatBuffer.allocate(batch * 784);
                for (float[] r : x) {
                    flat.put(r);
                }
                flat.flip();
                double netforge = median(rounds, () -> predictor.probabilities(x));
                double ort = median(rounds, () -> {
                    try (OnnxTensor in = OnnxTensor.createTensor(env, flat.duplicate(), new long[] {batch, 1, 28, 28});
                            OrtSession.Result r = session.run(Map.of("input", in))) {
                        r.get("probabilities").orElseThrow().getValue();
                    }
                });
                out.printf(Locale.ROOT, "%-6d %16.3f %16.3f %7.2fx%n", batch, netforge, ort, netforge / ort);
            }
        }
        Files.deleteIfExists(file);
    }

    interface Call {
        void run() throws Exception;
    }

    /** Median milliseconds of {@code rounds} calls after a quarter as many warm-up calls. */
    static double median(int rounds, Call call) throws Exception {
        for (int i = 0; i < rounds / 4; i++) {
            call.run();
        }
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[rounds / 2];
    }
}
