package io.netforge.datasets;

import io.netforge.data.Dataset;
import io.netforge.data.DatasetFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A labelled image dataset from a pair of IDX files (MNIST, Fashion-MNIST, EMNIST, KMNIST: gzip or raw), with
 * the checks that need both files: one label per image, every label a valid class.
 */
public final class Idx {
    private Idx() {}

    /**
     * Reads {@code images} (pixels / 255, shape {@code {1, rows, cols}}) and {@code labels}.
     *
     * @throws DatasetFormatException naming the file and offset for a malformed file, a label count that
     *                                differs from the image count, or a label outside {@code 0..numClasses-1}
     */
    public static Dataset load(Path images, Path labels, String name, int numClasses) throws IOException {
        return load(images, labels, name, numClasses, 0, false);
    }

    /**
     * @param labelOffset subtracted from every stored label (EMNIST letters store 1..26)
     * @param transpose   whether each image is stored column-major (EMNIST) and must be transposed upright
     */
    static Dataset load(Path images, Path labels, String name, int numClasses, int labelOffset, boolean transpose)
            throws IOException {
        if (numClasses < 1) {
            throw new IllegalArgumentException(name + ": numClasses must be at least 1, was " + numClasses);
        }
        int[] shape = new int[3];
        float[] pixels = IdxReader.readImages(images, shape);
        int[] stored = IdxReader.readLabels(labels);
        if (stored.length != shape[0]) {
            throw new DatasetFormatException(
                    labels.toString(),
                    "offset 4: expected " + shape[0] + " labels to match " + images.getFileName()
                            + " but the header says " + stored.length);
        }
        for (int i = 0; i < stored.length; i++) {
            int label = stored[i] - labelOffset;
            if (label < 0 || label >= numClasses) {
                throw new DatasetFormatException(
                        labels.toString(),
                        "offset " + IdxReader.labelOffset(i)
                                + ": expected a class label in " + labelOffset + ".." + (numClasses - 1 + labelOffset)
                                + " but found " + stored[i]);
            }
            stored[i] = label;
        }
        int rows = shape[1];
        int cols = shape[2];
        if (transpose) {
            float[] upright = new float[pixels.length];
            int size = rows * cols;
            for (int n = 0; n < shape[0]; n++) {
                int base = n * size;
                // stored [c][r] → upright [r][c]: the stored image has cols rows of rows values
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        upright[base + c * rows + r] = pixels[base + r * cols + c];
                    }
                }
            }
            pixels = upright;
            int swap = rows;
            rows = cols;
            cols = swap;
        }
        return Dataset.trusted(name, pixels, stored, new int[] {1, rows, cols}, numClasses);
    }

    /** {@code dir/baseName.gz} or {@code dir/baseName}, the gzip file first. */
    static Path find(Path dir, String baseName, String dataset, String advice) {
        for (String candidate : new String[] {baseName + ".gz", baseName}) {
            Path file = dir.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException(dataset + " file " + baseName + "(.gz) not found in " + dir + ": " + advice);
    }
}
