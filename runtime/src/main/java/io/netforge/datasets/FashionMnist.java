package io.netforge.datasets;

import io.netforge.data.Dataset;
import io.netforge.data.DatasetFormatException;
import io.netforge.data.Splits;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Fashion-MNIST (Zalando, 28x28 grey clothing images, 10 classes) from Debian's
 * {@code dataset-fashion-mnist} package or a given directory. Nothing is downloaded: builds and tests
 * must not depend on the network, and a missing dataset should say how to install it rather than stall.
 */
public final class FashionMnist {
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final java.util.List<String> CLASS_NAMES = java.util.List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final int SIDE = 28;
    private static final int CLASSES = 10;

    private FashionMnist() {}

    /** From {@link #DEBIAN_DIR}. */
    public static Splits load() throws IOException {
        return load(DEBIAN_DIR);
    }

    /**
     * Reads {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}
     * and {@code t10k-labels-idx1-ubyte}, each raw or with {@code .gz}. Validation is null; carve one with
     * {@link Splits#withValidation}.
     */
    public static Splits load(Path dir) throws IOException {
        Dataset train = read(dir, "train", "fashion-mnist/train");
        Dataset test = read(dir, "t10k", "fashion-mnist/test");
        return new Splits(train, null, test);
    }

    private static Dataset read(Path dir, String prefix, String name) throws IOException {
        String advice =
                "install Debian's package with `apt-get install -y dataset-fashion-mnist` (it fills " + DEBIAN_DIR
                        + "), or pass the directory holding train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz),"
                        + " t10k-images-idx3-ubyte(.gz) and t10k-labels-idx1-ubyte(.gz) to FashionMnist.load(Path)";
        Path imagesFile = Idx.find(dir, prefix + "-images-idx3-ubyte", "Fashion-MNIST", advice);
        Path labelsFile = Idx.find(dir, prefix + "-labels-idx1-ubyte", "Fashion-MNIST", advice);
        Dataset data = Idx.load(imagesFile, labelsFile, name, CLASSES);
        int[] shape = data.sampleShape();
        if (shape[1] != SIDE || shape[2] != SIDE) {
            throw new DatasetFormatException(
                    imagesFile.toString(),
                    "offsets 8..15: expected " + SIDE + "x" + SIDE + " images but the header says " + shape[1] + "x"
                            + shape[2]);
        }
        return data;
    }
}
