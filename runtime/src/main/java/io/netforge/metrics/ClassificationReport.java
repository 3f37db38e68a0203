package io.netforge.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Accuracy, top-k accuracy, confusion matrix and per-class precision, recall, F1 and support of a
 * classifier's predictions, with scikit-learn's definitions; {@link #toString()} is laid out like
 * scikit-learn's {@code classification_report}.
 *
 * <p>Built from class scores (probabilities or logits, one row per sample, one column per class) and the true
 * labels, for example the trainer's {@code probabilities(test)} and the labels {@code test.label(i)}.
 *
 * <p>Definitions (rows of the confusion matrix are true classes, columns predicted classes):
 * <ul>
 *   <li>The <b>predicted class</b> of a sample is the arg-max of its scores; among equal maxima the lowest class
 *       index wins (as numpy's {@code argmax} and the trainer's {@code predict}).</li>
 *   <li><b>Top-k accuracy</b>: a sample counts when fewer than {@code k} of its scores are strictly greater than
 *       the score of its true label. Scores tied with the label's are not counted against it, so a label tied at
 *       the k-th place counts (as TensorFlow's {@code in_top_k}). Hence {@code topKAccuracy(1) >= accuracy()},
 *       equal unless some sample's label ties for the maximum score with a lower-indexed class; and
 *       {@code topKAccuracy(k) == 1} for {@code k >= classes()}.</li>
 *   <li><b>Precision</b> of class c = tp / (samples predicted as c), <b>recall</b> = tp / support, <b>F1</b> =
 *       2·tp / (2·tp + fp + fn). Any 0/0 is 0 (scikit-learn's {@code zero_division=0}): a class never predicted
 *       has precision 0, a class without samples has recall 0, and both have F1 0.</li>
 *   <li>Every class in {@code [0, numClasses)} is reported, whether or not it occurs (scikit-learn with
 *       {@code labels=range(numClasses)}); a class absent from both labels and predictions therefore adds zeros
 *       to the macro average.</li>
 *   <li><b>Macro average</b>: unweighted mean over the classes. <b>Weighted average</b>: mean weighted by
 *       support (weighted recall equals accuracy).</li>
 * </ul>
 *
 * <p>Only NaN scores are rejected; infinities are ordered as usual. Instances are immutable.
 */
public final class ClassificationReport {
    private static final String MACRO = "macro avg";
    private static final String WEIGHTED = "weighted avg";
    private static final String CORNER = "true\\pred";

    private final List<String> names;
    private final long samples;
    private final long correct;
    private final long[][] confusion;
    /** {@code higher[r]}: samples whose label's score is exceeded by exactly r scores. */
    private final long[] higher;

    private final List<ClassMetrics> perClass;
    private final ClassMetrics macro;
    private final ClassMetrics weighted;

    private ClassificationReport(float[][] scores, int[] labels, List<String> names) {
        int k = names.size();
        this.names = names;
        this.samples = labels.length;
        this.confusion = new long[k][k];
        this.higher = new long[k];
        long right = 0;
        for (int i = 0; i < labels.length; i++) {
            float[] s = scores[i];
            int label = labels[i];
            int predicted = 0;
            int above = 0;
            float own = s[label];
            for (int j = 0; j < k; j++) {
                if (s[j] > s[predicted]) {
                    predicted = j;
                }
                if (s[j] > own) {
                    above++;
                }
            }
            confusion[label][predicted]++;
            higher[above]++;
            if (predicted == label) {
                right++;
            }
        }
        this.correct = right;

        List<ClassMetrics> rows = new ArrayList<>(k);
        double sumP = 0, sumR = 0, sumF = 0, wP = 0, wR = 0, wF = 0;
        for (int c = 0; c < k; c++) {
            long tp = confusion[c][c];
            long support = 0;
            long predictedAs = 0;
            for (int j = 0; j < k; j++) {
                support += confusion[c][j];
                predictedAs += confusion[j][c];
            }
            double p = ratio(tp, predictedAs);
            double r = ratio(tp, support);
            double f = ratio(2 * tp, support + predictedAs);
            rows.add(new ClassMetrics(names.get(c), p, r, f, support));
            sumP += p;
            sumR += r;
            sumF += f;
            wP += p * support;
            wR += r * support;
            wF += f * support;
        }
        this.perClass = Collections.unmodifiableList(rows);
        this.macro = new ClassMetrics(MACRO, sumP / k, sumR / k, sumF / k, samples);
        this.weighted = new ClassMetrics(WEIGHTED, wP / samples, wR / samples, wF / samples, samples);
    }

    /**
     * A report for classes named {@code "0"}, {@code "1"}, ….
     *
     * @param scores one row of {@code numClasses} scores per sample (probabilities or logits)
     * @param labels the true class of each sample, in {@code [0, numClasses)}
     * @throws IllegalArgumentException for no samples, a row or label count that does not match, a label out of
     *     range or a NaN score
     */
    public static ClassificationReport of(float[][] scores, int[] labels, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
        }
        List<String> names = new ArrayList<>(numClasses);
        for (int c = 0; c < numClasses; c++) {
            names.add(Integer.toString(c));
        }
        return of(scores, labels, names);
    }

    /**
     * A report whose classes are {@code classNames}, in class-index order; their count is the number of classes.
     *
     * @throws IllegalArgumentException as {@link #of(float[][], int[], int)}, or for no class names
     */
    public static ClassificationReport of(float[][] scores, int[] labels, List<String> classNames) {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(labels, "labels");
        List<String> names = List.copyOf(classNames); // rejects null names
        int k = names.size();
        if (k < 1) {
            throw new IllegalArgumentException("at least one class name is required");
        }
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("scores has " + scores.length + " rows but labels has " + labels.length
                    + " entries; expected one row of scores per label");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("no samples: scores and labels are empty");
        }
        for (int i = 0; i < labels.length; i++) {
            float[] s = scores[i];
            if (s == null) {
                throw new IllegalArgumentException("scores row " + i + " is null");
            }
            if (s.length != k) {
                throw new IllegalArgumentException(
                        "scores row " + i + " has " + s.length + " values but there are " + k + " classes");
            }
            for (int j = 0; j < k; j++) {
                if (Float.isNaN(s[j])) {
                    throw new IllegalArgumentException(
                            "score of sample " + i + " for class " + j + " (" + names.get(j) + ") is NaN");
                }
            }
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("label " + labels[i] + " of sample " + i
                        + " is out of range: expected a class in [0, " + k + ")");
            }
        }
        return new ClassificationReport(scores, labels, names);
    }

    public int classes() {
        return names.size();
    }

    /** Class names in class-index order ({@code "0"}, {@code "1"}, … when none were given). */
    public List<String> classNames() {
        return names;
    }

    public long samples() {
        return samples;
    }

    /** Samples whose predicted class (arg-max, lowest index on ties) is their label. */
    public long correct() {
        return correct;
    }

    /** {@code correct() / samples()}. */
    public double accuracy() {
        return (double) correct / samples;
    }

    /**
     * Fraction of samples whose label's score is exceeded by fewer than {@code k} other scores (ties count in the
     * label's favour; see the class comment).
     *
     * @throws IllegalArgumentException for {@code k < 1}
     */
    public double topKAccuracy(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        long hits = 0;
        for (int r = 0; r < Math.min(k, higher.length); r++) {
            hits += higher[r];
        }
        return (double) hits / samples;
    }

    /** A copy of the confusion matrix: {@code [true class][predicted class]} sample counts. */
    public long[][] confusionMatrix() {
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }

    /** One row per class, in class-index order. */
    public List<ClassMetrics> perClass() {
        return perClass;
    }

    /** Unweighted mean over all classes; support is the sample count. */
    public ClassMetrics macroAverage() {
        return macro;
    }

    /** Support-weighted mean over all classes; support is the sample count. */
    public ClassMetrics weightedAverage() {
        return weighted;
    }

    /** The report with 2 decimals, as scikit-learn's {@code print(classification_report(...))} shows it. */
    @Override
    public String toString() {
        return report(2);
    }

    /**
     * The report as scikit-learn's {@code classification_report(y_true, y_pred, labels=range(n),
     * target_names=names, digits=digits, zero_division=0)} renders it, character for character: a header, one row
     * per class, a blank line, then accuracy, macro and weighted averages; every line ends with {@code '\n'}.
     * Values are rounded half-to-even on their exact binary value, as Python's formatting does.
     *
     * @throws IllegalArgumentException for negative {@code digits}
     */
    public String report(int digits) {
        if (digits < 0) {
            throw new IllegalArgumentException("digits must be >= 0, got " + digits);
        }
        int width = Math.max(WEIGHTED.length(), digits);
        for (String n : names) {
            width = Math.max(width, n.length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(padLeft("", width)).append(' ');
        for (String h : new String[] {"precision", "recall", "f1-score", "support"}) {
            sb.append(' ').append(padLeft(h, 9));
        }
        sb.append("\n\n");
        for (ClassMetrics m : perClass) {
            row(sb, m, width, digits);
        }
        sb.append('\n');
        sb.append(padLeft("accuracy", width))
                .append(' ')
                .append(' ')
                .append(padLeft("", 9))
                .append(' ')
                .append(padLeft("", 9))
                .append(' ')
                .append(padLeft(fixed(accuracy(), digits), 9))
                .append(' ')
                .append(padLeft(Long.toString(samples), 9))
                .append('\n');
        row(sb, macro, width, digits);
        row(sb, weighted, width, digits);
        return sb.toString();
    }

    /**
     * The confusion matrix as a compact right-aligned table: a header of predicted classes, then one row per true
     * class, each line ending with {@code '\n'}. For example:
     * <pre>
     * true\pred  cat  dog
     *       cat    3    1
     *       dog    0    2
     * </pre>
     */
    public String confusionMatrixTable() {
        int labelWidth = CORNER.length();
        int cell = 1;
        for (int c = 0; c < names.size(); c++) {
            labelWidth = Math.max(labelWidth, names.get(c).length());
            cell = Math.max(cell, names.get(c).length());
            for (long v : confusion[c]) {
                cell = Math.max(cell, Long.toString(v).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(padLeft(CORNER, labelWidth));
        for (String n : names) {
            sb.append("  ").append(padLeft(n, cell));
        }
        sb.append('\n');
        for (int c = 0; c < names.size(); c++) {
            sb.append(padLeft(names.get(c), labelWidth));
            for (long v : confusion[c]) {
                sb.append("  ").append(padLeft(Long.toString(v), cell));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, ClassMetrics m, int width, int digits) {
        sb.append(padLeft(m.name(), width))
                .append(' ')
                .append(' ')
                .append(padLeft(fixed(m.precision(), digits), 9))
                .append(' ')
                .append(padLeft(fixed(m.recall(), digits), 9))
                .append(' ')
                .append(padLeft(fixed(m.f1(), digits), 9))
                .append(' ')
                .append(padLeft(Long.toString(m.support()), 9))
                .append('\n');
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }

    /** Python's {@code format(v, '.{digits}f')}: exact binary value, rounded half to even. */
    static String fixed(double v, int digits) {
        return new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String padLeft(String s, int width) {
        if (s.length() >= width) {
            return s;
        }
        return " ".repeat(width - s.length()) + s;
    }
}
