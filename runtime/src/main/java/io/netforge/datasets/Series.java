package io.netforge.datasets;

import io.netforge.data.DatasetFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One numeric column of a CSV file with a header row, in file order: a time series such as statsmodels' yearly
 * sunspots ({@code "YEAR","SUNACTIVITY"}). Cells may be quoted; every value must be a plain finite decimal number, and
 * a problem (missing column, empty cell, text, a row with too few cells) is a {@link DatasetFormatException} naming the
 * file, line and column: a series with a hole in it would otherwise train on a wrong window without a word. Make
 * windows of it with {@link io.netforge.datasets.Windows}.
 */
public final class Series {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private final String name;
    private final double[] values;

    private Series(String name, double[] values) {
        this.name = name;
        this.values = values;
    }

    /** A series of {@code values} (copied), for data that does not come from a CSV file. */
    public static Series of(String name, double[] values) {
        Objects.requireNonNull(name, "name");
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(
                        "series '" + name + "': value " + i + " is " + values[i] + "; every value must be finite");
            }
        }
        return new Series(name, values.clone());
    }

    /**
     * Reads column {@code column} (by its header name) of {@code file}.
     *
     * @throws DatasetFormatException naming the file, and the line and column of the first bad cell
     */
    public static Series readCsv(Path file, String column) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readCsv(in, file.toString(), column);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DatasetFormatException(file.toString(), "no such file", e);
        }
    }

    /** Reads column {@code column} of CSV text from {@code in}; {@code source} names it in messages and the series. */
    public static Series readCsv(InputStream in, String source, String column) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String header = reader.readLine();
        if (header == null || header.isBlank()) {
            throw new DatasetFormatException(source, "line 1: expected a header row naming the columns, found none");
        }
        List<String> names = new ArrayList<>();
        for (String cell : header.replace("\uFEFF", "").split(",", -1)) {
            names.add(unquote(cell));
        }
        int index = names.indexOf(column);
        if (index < 0) {
            throw new DatasetFormatException(
                    source, "line 1: no column '" + column + "'; the columns are " + String.join(", ", names));
        }
        double[] values = new double[256];
        int n = 0;
        int lineNumber = 1;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != names.size()) {
                throw new DatasetFormatException(
                        source,
                        "line " + lineNumber + ": expected " + names.size() + " cells as in the header but found "
                                + cells.length);
            }
            String cell = unquote(cells[index]);
            if (!NUMBER.matcher(cell).matches()) {
                throw new DatasetFormatException(
                        source,
                        "line " + lineNumber + ", column '" + column + "': "
                                + (cell.isEmpty() ? "empty cell (a missing value)" : "'" + cell + "' is not a number")
                                + "; fill or drop missing values before making windows");
            }
            double v = Double.parseDouble(cell);
            if (!Double.isFinite(v)) {
                throw new DatasetFormatException(
                        source, "line " + lineNumber + ", column '" + column + "': " + cell + " is out of range");
            }
            if (n == values.length) {
                values = Arrays.copyOf(values, Math.multiplyExact(n, 2));
            }
            values[n++] = v;
        }
        if (n == 0) {
            throw new DatasetFormatException(source, "no data rows after the header");
        }
        return new Series(source + ":" + column, Arrays.copyOf(values, n));
    }

    private static String unquote(String cell) {
        String t = cell.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    public String name() {
        return name;
    }

    /** Number of values. */
    public int length() {
        return values.length;
    }

    /** A copy of the values, in file order. */
    public double[] values() {
        return values.clone();
    }

    /** Value {@code i}. */
    public double value(int i) {
        return values[Objects.checkIndex(i, values.length)];
    }

    @Override
    public String toString() {
        return "Series[" + name + ", " + values.length + " values]";
    }
}
