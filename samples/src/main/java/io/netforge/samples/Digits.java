package io.netforge.samples;

import io.netforge.data.Dataset;
import io.netforge.data.Split;
import io.netforge.data.Splits;
import io.netforge.datasets.CsvReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/**
 * scikit-learn's digits (1,797 8×8 images, 10 classes), embedded in this jar from Debian's
 * python3-sklearn. Pixel values 0..16 are scaled to [0, 1].
 */
public final class Digits {
    static final String RESOURCE = "/io/netforge/samples/digits.csv.gz";

    private Digits() {}

    /** All 1,797 samples, flat (64 features). */
    public static Dataset load() {
        return load(new int[] {64});
    }

    /** All 1,797 samples as 1×8×8 images, for convolutional and residual networks. */
    public static Dataset images() {
        return load(new int[] {1, 8, 8});
    }

    /** The tutorial's 80/20 split of the images. */
    public static Splits imageSplits(long seed) {
        Split s = images().split(0.8, seed);
        return new Splits(s.first(), null, s.second());
    }

    private static Dataset load(int[] shape) {
        try (InputStream raw = Digits.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("the digits data set is missing from the classpath: " + RESOURCE);
            }
            return CsvReader.read(new GZIPInputStream(raw), "digits.csv.gz", shape, 10, 1f / 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded digits data " + RESOURCE, e);
        }
    }

    /** The tutorial's split: 80% train (1,438 samples), 20% test (359), seeded. */
    public static Splits splits(long seed) {
        Split s = load().split(0.8, seed);
        return new Splits(s.first(), null, s.second());
    }
}
