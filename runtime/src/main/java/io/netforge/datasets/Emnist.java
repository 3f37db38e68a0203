package io.netforge.datasets;

import io.netforge.data.Dataset;
import io.netforge.data.Splits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * EMNIST (Cohen et al., 28×28 handwritten characters) from the IDX files of its "gzip" distribution, e.g.
 * {@code emnist-letters-train-images-idx3-ubyte.gz}. EMNIST stores every image transposed; they are turned
 * upright here, so they look like MNIST's. The "letters" split stores labels 1..26; they become 0..25
 * (class 0 is 'a'/'A').
 */
public final class Emnist {
    /** Classes per split. */
    public static final Map<String, Integer> SPLITS =
            Map.of("byclass", 62, "bymerge", 47, "balanced", 47, "letters", 26, "digits", 10, "mnist", 10);

    private Emnist() {}

    /** Reads {@code emnist-<split>-train-*} and {@code emnist-<split>-test-*} from {@code dir}. */
    public static Splits load(Path dir, String split) throws IOException {
        Integer classes = SPLITS.get(split);
        if (classes == null) {
            throw new IllegalArgumentException("unknown EMNIST split '" + split + "'; expected one of "
                    + String.join(", ", new TreeMap<>(SPLITS).keySet()));
        }
        int offset = split.equals("letters") ? 1 : 0;
        return new Splits(read(dir, split, "train", classes, offset), null, read(dir, split, "test", classes, offset));
    }

    private static Dataset read(Path dir, String split, String part, int classes, int offset) throws IOException {
        String prefix = "emnist-" + split + "-" + part;
        String advice =
                "download EMNIST's gzip distribution (https://www.nist.gov/itl/products-and-services/emnist-dataset)"
                        + " and unpack it into " + dir + "; NetForge downloads nothing";
        Path images = Idx.find(dir, prefix + "-images-idx3-ubyte", "EMNIST", advice);
        Path labels = Idx.find(dir, prefix + "-labels-idx1-ubyte", "EMNIST", advice);
        return Idx.load(images, labels, "emnist-" + split + "/" + part, classes, offset, true);
    }
}
