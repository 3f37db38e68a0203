package io.netforge.train;

import io.netforge.annotations.LossFunction;
import io.netforge.annotations.WeightInit;
import io.netforge.data.Dataset;
import io.netforge.graph.GraphBuilder;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Node;
import io.netforge.graph.ParamInit;
import io.netforge.graph.Penalty;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The training process {@code CheckpointCrashTest} kills: resumes from the newest checkpoint in {@code args[0]} (if
 * any), prints {@code RESUMED <epoch>}, then trains {@code args[1]} epochs in all on the 256 real Fashion-MNIST images
 * in {@code args[3]}, writing a checkpoint after every epoch (keeping the last {@code args[2]} and the best), and prints
 * {@code DONE}.
 */
public final class CrashChild {
    private CrashChild() {}

    /** 784 → Dense 256 ReLU → Dropout 0.2 → Dense 10: about 200,000 parameters, a 2.4 MB checkpoint with Adam's state. */
    static NetGraph mlp(long seed) {
        GraphBuilder g = new GraphBuilder("CrashMlp", seed);
        Node x = g.flatInput(784);
        x = g.dense("fc1", x, 256, true, ParamInit.of(WeightInit.HE_NORMAL, 0, 0, 0), Penalty.NONE);
        x = g.relu("fc1", x);
        x = g.dropout("fc1", x, 0.2);
        x = g.dense("fc2", x, 10, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 10, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    /** 256 Fashion-MNIST training images as IDX files in {@code dir}, so each child starts without reading all 70,000. */
    static void writeData(Path dir) throws java.io.IOException {
        Dataset d = FashionSubset.train(0, 256);
        java.nio.ByteBuffer images = java.nio.ByteBuffer.allocate(16 + 256 * 784)
                .putInt(0x803)
                .putInt(256)
                .putInt(28)
                .putInt(28);
        java.nio.ByteBuffer labels =
                java.nio.ByteBuffer.allocate(8 + 256).putInt(0x801).putInt(256);
        for (int i = 0; i < 256; i++) {
            for (float v : d.features(i)) {
                images.put((byte) Math.round(v * 255));
            }
            labels.put((byte) d.label(i));
        }
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.write(dir.resolve("images-idx3-ubyte"), images.array());
        java.nio.file.Files.write(dir.resolve("labels-idx1-ubyte"), labels.array());
    }

    static Dataset data(Path dir) throws IOException {
        Dataset d = io.netforge.datasets.Idx.load(
                dir.resolve("images-idx3-ubyte"), dir.resolve("labels-idx1-ubyte"), "fashion-256", 10);
        float[] f = new float[256 * 784];
        int[] y = new int[256];
        for (int i = 0; i < 256; i++) {
            System.arraycopy(d.features(i), 0, f, i * 784, 784);
            y[i] = d.label(i);
        }
        return new Dataset("fashion-flat", f, y, new int[] {784}, 10);
    }

    static Trainer trainer(int epochs, Path dir, int keepLast) {
        TrainConfig config = TrainConfig.builder()
                .verbose(true)
                .epochs(epochs)
                .batchSize(64)
                .seed(5)
                .optimizer(Optimizer.adam(1e-3))
                .checkpoints(Checkpoints.in(dir).keepLast(keepLast).monitor(Metric.LOSS))
                .build();
        return TinyModels.trainer(config, CrashChild::mlp);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int epochs = Integer.parseInt(args[1]);
        int keepLast = Integer.parseInt(args[2]);
        Dataset data = data(Path.of(args[3]));
        Trainer t = trainer(epochs, dir, keepLast);
        t.progressTo(System.out);
        Optional<Path> from = t.resume(dir);
        System.out.println(
                "RESUMED " + t.epochsDone() + " " + from.map(Path::toString).orElse("-"));
        System.out.flush();
        t.fit(data);
        System.out.println("DONE " + t.epochsDone());
        System.out.flush();
    }
}
