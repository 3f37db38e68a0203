package io.netforge.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The yearly sunspot numbers 1700–2008 (309 values, public domain, from the National Geophysical Data Center), as
 * Debian's {@code python3-statsmodels} ships them in {@code statsmodels/datasets/sunspots/sunspots.csv} (columns
 * {@code "YEAR","SUNACTIVITY"}). {@code scripts/setup.sh} extracts the file from the package into
 * {@code $NETFORGE_DATA/statsmodels/sunspots.csv} (default {@code ~/.local/share/netforge/datasets}). A series with an
 * 11-year cycle of uneven height: the classic test of a forecaster against the naive last-value forecast.
 */
public final class Sunspots {
    /** The column holding the yearly counts. */
    public static final String COLUMN = "SUNACTIVITY";

    private Sunspots() {}

    /** Where {@code scripts/setup.sh} puts the file. */
    public static Path defaultFile() {
        return SpamAssassin.defaultDirectory().resolveSibling("statsmodels").resolve("sunspots.csv");
    }

    /** The series from {@link #defaultFile()}. */
    public static Series load() throws IOException {
        return load(defaultFile());
    }

    /**
     * The series from {@code file}.
     *
     * @throws java.nio.file.NoSuchFileException when it is missing, saying how to install it
     * @throws io.netforge.data.DatasetFormatException naming the file, line and column of a bad cell
     */
    public static Series load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(
                    file.toString(),
                    null,
                    "the sunspots series is not installed; run scripts/setup.sh (it extracts it from Debian's"
                            + " python3-statsmodels)");
        }
        return Series.readCsv(file, COLUMN);
    }
}
