package io.netforge.datasets;

import io.netforge.data.Dataset;
import io.netforge.data.DatasetFormatException;
import io.netforge.data.Shapes;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

/**
 * Numeric CSV where each row is the features followed by an integer label in the last column, the layout
 * of scikit-learn's bundled digits file. No header, no quoting; blank trailing lines are ignored.
 *
 * <p>Every cell is checked and a problem is reported by 1-based line and column, because a CSV that is
 * "mostly numbers" otherwise trains into a model that is mostly wrong.
 */
public final class CsvReader {
    /** Plain decimal notation only; {@link Float#parseFloat} alone would also take "NaN", "1f" or hex. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private CsvReader() {}

    /** Reads the file, gunzipping it if its first bytes are the gzip magic. */
    public static Dataset read(Path file, int[] sampleShape, int numClasses, float scale) throws IOException {
        try (InputStream in = DataStreams.open(file)) {
            return parse(in, file.toString(), sampleShape, numClasses, scale);
        } catch (DatasetFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e, e);
        }
    }

    /**
     * Reads {@code in} (gzip detected by its magic bytes, as for files, so a {@code .csv.gz} resource can be
     * passed straight in). The caller keeps ownership of {@code in} and closes it.
     *
     * @param sourceName used in error messages and as the dataset's name
     * @param scale every feature is multiplied by it, e.g. {@code 1 / 16f} to map digits' 0..16 to [0, 1]
     */
    public static Dataset read(InputStream in, String sourceName, int[] sampleShape, int numClasses, float scale)
            throws IOException {
        Objects.requireNonNull(in, () -> sourceName + ": the input stream is null (a missing resource?)");
        try {
            return parse(DataStreams.decompressIfGzip(in, sourceName), sourceName, sampleShape, numClasses, scale);
        } catch (DatasetFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("cannot read " + sourceName + ": " + e, e);
        }
    }

    private static Dataset parse(InputStream in, String sourceName, int[] sampleShape, int numClasses, float scale)
            throws IOException {
        Objects.requireNonNull(sourceName, "sourceName");
        int featureSize = Shapes.product(sampleShape == null ? null : sampleShape.clone(), sourceName);
        if (numClasses < 1) {
            throw new IllegalArgumentException(sourceName + ": numClasses must be at least 1, was " + numClasses);
        }
        if (!Float.isFinite(scale)) {
            throw new IllegalArgumentException(sourceName + ": scale must be finite, was " + scale);
        }
        int columns = featureSize + 1;
        float[] features = new float[featureSize * 256];
        int[] labels = new int[256];
        int rows = 0;
        int lineNumber = 0;
        int firstBlankLine = 0;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = readLine(reader, sourceName, lineNumber)) != null) {
            lineNumber++;
            if (line.isBlank()) {
                if (firstBlankLine == 0) {
                    firstBlankLine = lineNumber;
                }
                continue;
            }
            if (firstBlankLine != 0) {
                throw new DatasetFormatException(
                        sourceName,
                        "line " + firstBlankLine
                                + ": blank line inside the data (only trailing blank lines are allowed)");
            }
            String[] cells = line.split(",", -1);
            if (cells.length != columns) {
                throw new DatasetFormatException(
                        sourceName,
                        "line " + lineNumber + ": expected " + columns + " columns (" + featureSize
                                + " features and a label) but found " + cells.length);
            }
            if (rows == labels.length) {
                labels = Arrays.copyOf(labels, Math.multiplyExact(labels.length, 2));
                features = Arrays.copyOf(features, Math.multiplyExact(features.length, 2));
            }
            int base = rows * featureSize;
            for (int col = 0; col < featureSize; col++) {
                features[base + col] = number(cells[col], sourceName, lineNumber, col) * scale;
            }
            labels[rows] = label(cells[featureSize], sourceName, lineNumber, featureSize, numClasses);
            rows++;
        }
        if (rows == 0) {
            throw new DatasetFormatException(
                    sourceName,
                    "line " + (lineNumber + 1) + ": expected a data row but the input "
                            + (lineNumber == 0 ? "is empty" : "has only blank lines"));
        }
        return Dataset.trusted(
                sourceName,
                Arrays.copyOf(features, rows * featureSize),
                Arrays.copyOf(labels, rows),
                sampleShape,
                numClasses);
    }

    private static String readLine(BufferedReader reader, String sourceName, int linesRead) throws IOException {
        try {
            return reader.readLine();
        } catch (ZipException | EOFException e) {
            throw new DatasetFormatException(
                    sourceName, "line " + (linesRead + 1) + ": corrupt or truncated gzip stream: " + e.getMessage(), e);
        }
    }

    private static float number(String cell, String sourceName, int line, int col) throws IOException {
        String text = cell.strip();
        if (!NUMBER.matcher(text).matches()) {
            throw cellError(sourceName, line, col, "expected a number", cell);
        }
        float value = Float.parseFloat(text);
        if (!Float.isFinite(value)) {
            throw cellError(sourceName, line, col, "expected a number within float range", cell);
        }
        return value;
    }

    /** Accepts "3" and also "3.0", which pandas writes for integer columns that were once floats. */
    private static int label(String cell, String sourceName, int line, int col, int numClasses) throws IOException {
        String text = cell.strip();
        String expected = "expected an integer class label in 0.." + (numClasses - 1);
        if (!NUMBER.matcher(text).matches()) {
            throw cellError(sourceName, line, col, expected, cell);
        }
        double value = Double.parseDouble(text);
        if (value != Math.rint(value) || value < 0 || value >= numClasses) {
            throw cellError(sourceName, line, col, expected, cell);
        }
        return (int) value;
    }

    private static DatasetFormatException cellError(
            String sourceName, int line, int col, String expected, String found) {
        return new DatasetFormatException(
                sourceName, "line " + line + ", column " + (col + 1) + ": " + expected + " but found '" + found + "'");
    }
}
