package io.netforge.train;

import io.netforge.train.progress.EpochResult;
import io.netforge.train.state.LoadChecks;
import io.netforge.train.state.Numbers;
import io.netforge.train.state.State;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Per-epoch metrics of a {@code fit}, like Keras' {@code History}, exportable as CSV (like Keras'
 * {@code CSVLogger}) and JSON (like Keras' {@code history.history} dict).
 *
 * <p>Both formats have the columns {@link #COLUMNS}: {@code epoch} (1-based, as {@link EpochResult#epoch()}
 * and the progress line; Keras' CSVLogger counts from 0), then {@code loss, accuracy, val_loss,
 * val_accuracy, learning_rate, seconds, data_seconds}, and for a regression model with validation data
 * {@link #REGRESSION_COLUMNS} after them ({@code val_mae, val_rmse, val_r2}). Numbers are written as Python's {@code repr} writes floats, so files
 * read the same as Keras' ({@code 0.0001}, {@code 2.0}, {@code 1e-05}), independent of the default locale,
 * and each value reads back exactly.
 */
public final class History implements Callback {
    /** The CSV header's columns, in order; also the JSON object's keys. */
    public static final List<String> COLUMNS = List.of(
            "epoch", "loss", "accuracy", "val_loss", "val_accuracy", "learning_rate", "seconds", "data_seconds");

    /** A regression model's validation errors (in the targets' units), written after {@link #COLUMNS} when present. */
    public static final List<String> REGRESSION_COLUMNS = List.of("val_mae", "val_rmse", "val_r2");

    /** Every column a file may have, in order. */
    private static final List<String> ALL = java.util.stream.Stream.concat(
                    COLUMNS.stream(), REGRESSION_COLUMNS.stream())
            .toList();

    /** Columns a file may lack (written before they existed, or a classifier's); they read as {@code NaN}. */
    private static final List<String> OPTIONAL = List.of("data_seconds", "val_mae", "val_rmse", "val_r2");

    /** The columns this history writes: {@link #COLUMNS}, and {@link #REGRESSION_COLUMNS} when an epoch has them. */
    public List<String> columns() {
        return epochs.stream().anyMatch(EpochResult::hasRegressionMetrics) ? ALL : COLUMNS;
    }

    /** A regression model's validation MAE per epoch (NaN for a classifier). */
    public double[] valMae() {
        return epochs.stream().mapToDouble(EpochResult::valMae).toArray();
    }

    /** A regression model's validation RMSE per epoch (NaN for a classifier). */
    public double[] valRmse() {
        return epochs.stream().mapToDouble(EpochResult::valRmse).toArray();
    }

    private final List<EpochResult> epochs = new ArrayList<>();

    /** Appends one epoch (for custom and distributed training loops). */
    public void add(EpochResult r) {
        epochs.add(r);
    }

    public List<EpochResult> epochs() {
        return List.copyOf(epochs);
    }

    public int size() {
        return epochs.size();
    }

    public EpochResult last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch has run");
        }
        return epochs.get(epochs.size() - 1);
    }

    public double[] loss() {
        return epochs.stream().mapToDouble(EpochResult::loss).toArray();
    }

    public double[] accuracy() {
        return epochs.stream().mapToDouble(EpochResult::accuracy).toArray();
    }

    public double[] valLoss() {
        return epochs.stream().mapToDouble(EpochResult::valLoss).toArray();
    }

    public double[] valAccuracy() {
        return epochs.stream().mapToDouble(EpochResult::valAccuracy).toArray();
    }

    public double[] learningRate() {
        return epochs.stream().mapToDouble(EpochResult::learningRate).toArray();
    }

    /** Seconds per epoch the training loop waited for data (NaN where unknown). */
    public double[] dataSeconds() {
        return epochs.stream().mapToDouble(EpochResult::dataSeconds).toArray();
    }

    public double[] seconds() {
        return epochs.stream().mapToDouble(EpochResult::seconds).toArray();
    }

    /**
     * The history as CSV: the header {@code epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds}, then
     * one row per epoch; every line ends with {@code '\n'}. A NaN value (no validation set) is an empty field, which
     * spreadsheets show as a blank cell and pandas, R and {@link #readCsv} read as NaN; infinities are {@code inf}
     * and {@code -inf}. Other numbers as described in the class comment.
     */
    public String toCsv() {
        List<String> columns = columns();
        StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
        for (EpochResult r : epochs) {
            sb.append(r.epoch());
            for (double v : Arrays.copyOf(values(r), columns.size() - 1)) {
                sb.append(',');
                if (!Double.isNaN(v)) {
                    sb.append(Numbers.repr(v));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * The history as a JSON object with one array per column, in {@link #COLUMNS} order, like Keras'
     * {@code history.history} plus the epoch numbers:
     * <pre>
     * {
     *   "epoch": [1, 2],
     *   "loss": [0.5, 0.25],
     *   ...
     *   "val_loss": [null, null],
     *   ...
     * }
     * </pre>
     * NaN and infinite values are {@code null} (JSON has no such numbers). Ends with {@code '\n'}.
     */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\n");
        List<String> columns = columns();
        for (int c = 0; c < columns.size(); c++) {
            sb.append("  \"").append(columns.get(c)).append("\": [");
            for (int i = 0; i < epochs.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                EpochResult r = epochs.get(i);
                if (c == 0) {
                    sb.append(r.epoch());
                } else {
                    double v = values(r)[c - 1];
                    sb.append(Double.isFinite(v) ? Numbers.repr(v) : "null");
                }
            }
            sb.append(c < columns.size() - 1 ? "],\n" : "]\n");
        }
        return sb.append("}\n").toString();
    }

    /**
     * Writes {@link #toCsv()} to {@code file} (UTF-8) atomically: readers see the old file or the whole new one,
     * never a part (see {@link #writeJson(Path)}).
     *
     * @throws IOException naming {@code file}, for example when its directory cannot be created
     */
    public void writeCsv(Path file) throws IOException {
        writeAtomically(file, toCsv());
    }

    /**
     * Writes {@link #toJson()} to {@code file} (UTF-8) atomically, as every file NetForge writes: a temporary file in
     * the same directory (created if missing), forced to disk, renamed over {@code file}; a failure leaves the
     * previous file as it was. The new file has the permissions of a newly created file.
     *
     * @throws IOException naming {@code file}
     */
    public void writeJson(Path file) throws IOException {
        writeAtomically(file, toJson());
    }

    /**
     * Reads a CSV file written by {@link #writeCsv(Path)} back, exactly. Columns may come in any order but must be
     * the seven of {@link #COLUMNS}; {@code \r\n} line ends and a UTF-8 byte-order mark are accepted; an empty
     * field, {@code nan} or {@code NA} is NaN, {@code inf}/{@code Infinity} (any case, optionally signed) infinite.
     *
     * @throws IOException naming the file (and line) when it cannot be read or is not such a CSV
     */
    public static History readCsv(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + describe(e), e);
        }
        return parseCsv(text, file.toString());
    }

    static History parseCsv(String text, String source) throws IOException {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r?\n", -1)));
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty()) {
            throw new IOException(source + ": empty file; expected the header " + String.join(",", COLUMNS));
        }
        String[] header = lines.get(0).split(",", -1);
        int[] index = new int[ALL.size()];
        Arrays.fill(index, -1);
        for (int f = 0; f < header.length; f++) {
            int c = ALL.indexOf(header[f].trim());
            if (c < 0 || index[c] >= 0) {
                throw new IOException(source + " line 1: " + (c < 0 ? "unexpected" : "duplicate") + " column '"
                        + header[f] + "'; expected the header " + String.join(",", COLUMNS));
            }
            index[c] = f;
        }
        for (int c = 0; c < index.length; c++) {
            if (index[c] < 0 && !OPTIONAL.contains(ALL.get(c))) {
                throw new IOException(source + " line 1: missing column '" + ALL.get(c) + "'; expected the header "
                        + String.join(",", COLUMNS));
            }
        }
        History h = new History();
        for (int n = 1; n < lines.size(); n++) {
            String[] fields = lines.get(n).split(",", -1);
            String where = source + " line " + (n + 1);
            if (fields.length != header.length) {
                throw new IOException(where + ": expected " + header.length + " fields, found " + fields.length);
            }
            String epochText = fields[index[0]].trim();
            int epoch;
            try {
                epoch = Integer.parseInt(epochText);
            } catch (NumberFormatException e) {
                throw new IOException(where + ", column epoch: expected an integer, found '" + epochText + "'");
            }
            double[] v = new double[ALL.size() - 1];
            for (int c = 1; c < ALL.size(); c++) {
                v[c - 1] = index[c] < 0 ? Double.NaN : parseNumber(fields[index[c]], where + ", column " + ALL.get(c));
            }
            h.add(of(epoch, v));
        }
        return h;
    }

    private static double parseNumber(String field, String where) throws IOException {
        String t = field.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
        if (t.isEmpty() || lower.equals("nan") || lower.equals("na")) {
            return Double.NaN;
        }
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        try {
            if (unsigned.chars()
                    .allMatch(ch -> (ch >= '0' && ch <= '9') || ch == '.' || ch == 'e' || ch == '-' || ch == '+')) {
                return Double.parseDouble(t);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IOException(where + ": expected a number, found '" + field + "'");
    }

    /**
     * The values of {@code r} after {@code epoch}, in {@link #COLUMNS} then {@link #REGRESSION_COLUMNS} order: the
     * first {@code columns().size() - 1} of them are a row of this history's CSV.
     */
    public static double[] values(EpochResult r) {
        return new double[] {
            r.loss(),
            r.accuracy(),
            r.valLoss(),
            r.valAccuracy(),
            r.learningRate(),
            r.seconds(),
            r.dataSeconds(),
            r.valMae(),
            r.valRmse(),
            r.valR2()
        };
    }

    /** The epoch of {@link #values} {@code v}. */
    private static EpochResult of(int epoch, double[] v) {
        return new EpochResult(epoch, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
    }

    /** Through {@link io.netforge.io.AtomicFiles}, as every file NetForge writes. */
    private static void writeAtomically(Path file, String text) throws IOException {
        io.netforge.io.AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8), "history");
    }

    /** An exception's class and message: "NoSuchFileException: /a/b" says more than "/a/b". */
    private static String describe(IOException e) {
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** Records each epoch as the loop ends it (Keras' {@code History} callback). */
    @Override
    public void onEpochEnd(TrainingContext context, EpochResult logs) {
        add(logs);
    }

    @Override
    public String stateKey() {
        return "history";
    }

    /**
     * The epochs as one {@code [epochs, 11]} float64 array, columns as {@link #COLUMNS} then
     * {@link #REGRESSION_COLUMNS} (a checkpoint written before those has {@code [epochs, 8]}, read as NaN).
     */
    @Override
    public void saveState(State state) {
        int c = ALL.size();
        double[] rows = new double[epochs.size() * c];
        for (int i = 0; i < epochs.size(); i++) {
            rows[i * c] = epochs.get(i).epoch();
            System.arraycopy(values(epochs.get(i)), 0, rows, i * c + 1, c - 1);
        }
        state.put("epochs", new long[] {epochs.size(), c}, rows);
    }

    @Override
    public void loadState(State state) {
        long[] shape = state.shape("epochs");
        if (shape.length != 2 || (shape[1] != COLUMNS.size() && shape[1] != ALL.size())) {
            throw new IllegalArgumentException("history of shape " + java.util.Arrays.toString(shape));
        }
        double[] rows = state.doubles("epochs");
        List<EpochResult> read = new ArrayList<>();
        int c = (int) shape[1];
        for (int i = 0; i < shape[0]; i++) {
            double epoch = rows[i * c];
            double previous = read.isEmpty() ? 0 : read.get(read.size() - 1).epoch();
            if (epoch != Math.rint(epoch) || !(epoch > previous) || epoch > LoadChecks.MAX_EPOCHS) {
                throw new LoadChecks.OutOfRange("history epoch " + epoch + " after epoch " + previous);
            }
            double[] v = new double[ALL.size() - 1];
            Arrays.fill(v, Double.NaN);
            System.arraycopy(rows, i * c + 1, v, 0, c - 1);
            read.add(of((int) epoch, v));
        }
        epochs.clear();
        epochs.addAll(read);
    }

    /** Same metrics, epoch by epoch (wall time is ignored: it never repeats). */
    public boolean sameMetrics(History other) {
        if (other.size() != size()) {
            return false;
        }
        for (int i = 0; i < size(); i++) {
            EpochResult a = epochs.get(i);
            EpochResult b = other.epochs.get(i);
            if (Double.compare(a.loss(), b.loss()) != 0
                    || Double.compare(a.accuracy(), b.accuracy()) != 0
                    || Double.compare(a.valLoss(), b.valLoss()) != 0
                    || Double.compare(a.valAccuracy(), b.valAccuracy()) != 0
                    || Double.compare(a.valMae(), b.valMae()) != 0
                    || Double.compare(a.learningRate(), b.learningRate()) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (EpochResult r : epochs) {
            sb.append(r).append('\n');
        }
        return sb.toString();
    }
}
