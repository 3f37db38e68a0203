package io.netforge.datasets;

import io.netforge.data.Dataset;
import io.netforge.data.Splits;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Classic MNIST (LeCun et al., 28×28 handwritten digits, 10 classes) from a directory holding the four IDX
 * files, gzip or raw. Debian has no package for it and NetForge downloads nothing, so the directory is yours.
 */
public final class Mnist {
    /** The constants of the PyTorch tutorials' {@code Normalize((0.1307,), (0.3081,))}. */
    public static final float MEAN = 0.1307f;

    public static final float STD = 0.3081f;

    private Mnist() {}

    /**
     * Reads {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}
     * and {@code t10k-labels-idx1-ubyte} (each raw or {@code .gz}) as {@code mnist/train} and {@code mnist/test}.
     */
    public static Splits load(Path dir) throws IOException {
        return new Splits(read(dir, "train", "mnist/train"), null, read(dir, "t10k", "mnist/test"));
    }

    private static Dataset read(Path dir, String prefix, String name) throws IOException {
        String advice = "download the four MNIST files (e.g. from https://yann.lecun.com/exdb/mnist/ or a mirror) into "
                + dir + "; NetForge downloads nothing";
        Path images = Idx.find(dir, prefix + "-images-idx3-ubyte", "MNIST", advice);
        Path labels = Idx.find(dir, prefix + "-labels-idx1-ubyte", "MNIST", advice);
        return Idx.load(images, labels, name, 10);
    }
}
