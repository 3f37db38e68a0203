package io.netforge.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST (Zalando, 28x28 grey clothing images, 10 classes) from Debian's
 * {@code dataset-fashion-mnist} package or a given directory. Nothing is downloaded: builds and tests
 * must not depend on the network, and a missing dataset should say how to install it rather than stall.
 */
public final class FashionMnist {
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final String[] CLASS_NAMES = {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"
    };

    private static final int SIDE = 28;
    private static final int CLASSES = 10;
    private static final int[] SAMPLE_SHAPE = {1, SIDE, SIDE};

    private FashionMnist() {}

    /** From {@link #DEBIAN_DIR}. */
    public static Splits load() {
        return load(DEBIAN_DIR);
    }

    /**
     * Reads {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}
     * and {@code t10k-labels-idx1-ubyte}, each raw or with {@code .gz}. Validation is null; carve one with
     * {@link Splits#withValidation}.
     */
    public static Splits load(Path dir) {
        Dataset train = read(dir, "train", "fashion-mnist/train");
        Dataset test = read(dir, "t10k", "fashion-mnist/test");
        return new Splits(train, null, test);
    }

    private static Dataset read(Path dir, String prefix, String name) {
        Path imagesFile = find(dir, prefix + "-images-idx3-ubyte");
        Path labelsFile = find(dir, prefix + "-labels-idx1-ubyte");
        int[] shape = new int[3];
        float[] pixels = IdxReader.readImages(imagesFile, shape);
        if (shape[1] != SIDE || shape[2] != SIDE) {
            throw new DatasetFormatException(imagesFile.toString(), "offsets 8..15: expected " + SIDE + "x" + SIDE
                    + " images but the header says " + shape[1] + "x" + shape[2]);
        }
        int[] labels = IdxReader.readLabels(labelsFile);
        if (labels.length != shape[0]) {
            throw new DatasetFormatException(labelsFile.toString(), "offset 4: expected " + shape[0]
                    + " labels to match " + imagesFile.getFileName() + " but the header says " + labels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= CLASSES) {
                throw new DatasetFormatException(labelsFile.toString(), "offset " + IdxReader.labelOffset(i)
                        + ": expected a class label in 0.." + (CLASSES - 1) + " but found " + labels[i]);
            }
        }
        return Dataset.trusted(name, pixels, labels, SAMPLE_SHAPE, CLASSES);
    }

    private static Path find(Path dir, String baseName) {
        for (String candidate : new String[] {baseName + ".gz", baseName}) {
            Path file = dir.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException("Fashion-MNIST file " + baseName + "(.gz) not found in " + dir
                + ": install Debian's package with `apt-get install -y dataset-fashion-mnist` (it fills " + DEBIAN_DIR
                + "), or pass the directory holding train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz),"
                + " t10k-images-idx3-ubyte(.gz) and t10k-labels-idx1-ubyte(.gz) to FashionMnist.load(Path)");
    }
}
