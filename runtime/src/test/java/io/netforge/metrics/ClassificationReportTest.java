package io.netforge.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationReportTest {
    private static final List<String> NAMES = List.of("cat", "dog", "bird");

    /*
     * 3 classes, 10 samples; class 2 (bird) is never predicted. Per sample: label, arg-max prediction, and how many
     * scores are strictly above the label's score (its "rank"):
     *   s0 0 0 0 | s1 0 0 0 | s2 0 0 0 | s3 0 1 1 | s4 1 1 0 | s5 1 1 0 | s6 1 0 2
     *   s7 2 0 0 (label tied with class 0 for the maximum: arg-max picks 0, top-1 still counts it)
     *   s8 2 1 2 | s9 2 1 1
     */
    private static final float[][] SCORES = {
        {0.7f, 0.2f, 0.1f},
        {0.5f, 0.3f, 0.2f},
        {0.6f, 0.1f, 0.3f},
        {0.3f, 0.6f, 0.1f},
        {0.2f, 0.7f, 0.1f},
        {0.1f, 0.8f, 0.1f},
        {0.5f, 0.1f, 0.4f},
        {0.4f, 0.2f, 0.4f},
        {0.3f, 0.5f, 0.2f},
        {0.2f, 0.5f, 0.3f},
    };
    private static final int[] LABELS = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};

    private static ClassificationReport example() {
        return ClassificationReport.of(SCORES, LABELS, NAMES);
    }

    @Test
    void confusionMatrixHasTrueClassRowsAndPredictedClassColumns() {
        ClassificationReport r = example();
        assertThat(r.confusionMatrix()).isEqualTo(new long[][] {{3, 1, 0}, {1, 2, 0}, {1, 2, 0}});
        assertThat(r.samples()).isEqualTo(10);
        assertThat(r.correct()).isEqualTo(5);
        assertThat(r.accuracy()).isEqualTo(0.5);
    }

    @Test
    void confusionMatrixIsACopy() {
        ClassificationReport r = example();
        r.confusionMatrix()[0][0] = 99;
        assertThat(r.confusionMatrix()[0][0]).isEqualTo(3);
    }

    @Test
    void topKCountsTiesInTheLabelsFavour() {
        ClassificationReport r = example();
        assertThat(r.topKAccuracy(1)).isEqualTo(0.6); // accuracy 0.5 plus the tie of s7
        assertThat(r.topKAccuracy(2)).isEqualTo(0.8); // plus s3 and s9
        assertThat(r.topKAccuracy(3)).isEqualTo(1.0);
        assertThat(r.topKAccuracy(4)).isEqualTo(1.0);
        assertThatThrownBy(() -> r.topKAccuracy(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k must be at least 1");
    }

    @Test
    void topOneEqualsAccuracyWithoutTies() {
        float[][] scores = {{0.9f, 0.1f}, {0.2f, 0.8f}, {0.6f, 0.4f}};
        ClassificationReport r = ClassificationReport.of(scores, new int[] {0, 1, 1}, 2);
        assertThat(r.topKAccuracy(1)).isEqualTo(r.accuracy()).isEqualTo(2.0 / 3);
        assertThat(r.topKAccuracy(2)).isEqualTo(1.0);
    }

    @Test
    void allTiedScoresPredictTheFirstClassButAreInEveryTopK() {
        float[][] scores = {{0.25f, 0.25f, 0.25f, 0.25f}, {0.25f, 0.25f, 0.25f, 0.25f}};
        ClassificationReport r = ClassificationReport.of(scores, new int[] {0, 3}, 4);
        assertThat(r.accuracy()).isEqualTo(0.5);
        assertThat(r.topKAccuracy(1)).isEqualTo(1.0);
        assertThat(r.confusionMatrix()[3]).containsExactly(1, 0, 0, 0);
    }

    @Test
    void perClassMetricsWithANeverPredictedClass() {
        List<ClassMetrics> rows = example().perClass();
        assertThat(rows).extracting(ClassMetrics::name).containsExactly("cat", "dog", "bird");
        assertRow(rows.get(0), 3.0 / 5, 3.0 / 4, 6.0 / 9, 4);
        assertRow(rows.get(1), 2.0 / 5, 2.0 / 3, 4.0 / 8, 3);
        assertRow(rows.get(2), 0, 0, 0, 3); // never predicted: precision 0/0 -> 0
    }

    @Test
    void macroAndWeightedAverages() {
        ClassificationReport r = example();
        assertRow(r.macroAverage(), (0.6 + 0.4) / 3, (0.75 + 2.0 / 3) / 3, (6.0 / 9 + 0.5) / 3, 10);
        assertRow(r.weightedAverage(), (0.6 * 4 + 0.4 * 3) / 10, 0.5, (6.0 / 9 * 4 + 0.5 * 3) / 10, 10);
        assertThat(r.macroAverage().name()).isEqualTo("macro avg");
        assertThat(r.weightedAverage().name()).isEqualTo("weighted avg");
        assertThat(r.weightedAverage().recall()).isCloseTo(r.accuracy(), within(1e-15));
    }

    @Test
    void aClassWithoutSamplesHasZeroRecallAndCountsInTheMacroAverage() {
        float[][] scores = {{0.9f, 0.1f, 0f}, {0.1f, 0.9f, 0f}};
        ClassificationReport r = ClassificationReport.of(scores, new int[] {0, 1}, 3);
        assertRow(r.perClass().get(2), 0, 0, 0, 0);
        assertRow(r.macroAverage(), 2.0 / 3, 2.0 / 3, 2.0 / 3, 2);
        assertRow(r.weightedAverage(), 1, 1, 1, 2);
    }

    @Test
    void reportIsLaidOutLikeScikitLearn() {
        String expected = ""
                + "              precision    recall  f1-score   support\n"
                + "\n"
                + "         cat       0.60      0.75      0.67         4\n"
                + "         dog       0.40      0.67      0.50         3\n"
                + "        bird       0.00      0.00      0.00         3\n"
                + "\n"
                + "    accuracy                           0.50        10\n"
                + "   macro avg       0.33      0.47      0.39        10\n"
                + "weighted avg       0.36      0.50      0.42        10\n";
        assertThat(example().toString()).isEqualTo(expected);
    }

    @Test
    void reportWithDefaultNamesMoreDigitsAndLongNames() {
        ClassificationReport r = ClassificationReport.of(SCORES, LABELS, 3);
        assertThat(r.classNames()).containsExactly("0", "1", "2");
        assertThat(r.report(4))
                .isEqualTo(""
                        + "              precision    recall  f1-score   support\n"
                        + "\n"
                        + "           0     0.6000    0.7500    0.6667         4\n"
                        + "           1     0.4000    0.6667    0.5000         3\n"
                        + "           2     0.0000    0.0000    0.0000         3\n"
                        + "\n"
                        + "    accuracy                         0.5000        10\n"
                        + "   macro avg     0.3333    0.4722    0.3889        10\n"
                        + "weighted avg     0.3600    0.5000    0.4167        10\n");
        ClassificationReport longNames =
                ClassificationReport.of(SCORES, LABELS, List.of("tabby cat", "golden retriever", "b"));
        assertThat(longNames.toString().lines().toList())
                .startsWith(
                        "                  precision    recall  f1-score   support",
                        "",
                        "       tabby cat       0.60      0.75      0.67         4",
                        "golden retriever       0.40      0.67      0.50         3");
    }

    @Test
    void reportRoundsHalfToEvenOnTheExactValueAsPython() {
        // Precision of class 0 is exactly 1/8 = 0.125: Python's '%.2f' gives 0.12 (Java's String.format gives 0.13).
        float[][] scores = new float[8][];
        int[] labels = new int[8];
        for (int i = 0; i < 8; i++) {
            scores[i] = new float[] {1f, 0f};
            labels[i] = i == 0 ? 0 : 1;
        }
        ClassificationReport r = ClassificationReport.of(scores, labels, 2);
        assertThat(r.perClass().get(0).precision()).isEqualTo(0.125);
        assertThat(r.toString()).contains("           0       0.12      1.00      0.22         1\n");
        assertThat(r.toString()).contains("    accuracy                           0.12         8\n");
        assertThat(ClassificationReport.fixed(0.375, 2)).isEqualTo("0.38");
        assertThat(ClassificationReport.fixed(2.675, 2)).isEqualTo("2.67"); // 2.675 is 2.67499999... in binary
        assertThat(ClassificationReport.fixed(2.0 / 3, 0)).isEqualTo("1");
    }

    @Test
    void confusionMatrixTable() {
        assertThat(example().confusionMatrixTable())
                .isEqualTo(""
                        + "true\\pred   cat   dog  bird\n"
                        + "      cat     3     1     0\n"
                        + "      dog     1     2     0\n"
                        + "     bird     1     2     0\n");
        float[][] many = new float[1234][];
        int[] labels = new int[1234];
        for (int i = 0; i < many.length; i++) {
            many[i] = new float[] {1f, 0f};
        }
        assertThat(ClassificationReport.of(many, labels, 2).confusionMatrixTable())
                .isEqualTo("" + "true\\pred     0     1\n" + "        0  1234     0\n" + "        1     0     0\n");
    }

    @Test
    void infiniteScoresAreOrdered() {
        float[][] scores = {{Float.NEGATIVE_INFINITY, 0f}, {Float.POSITIVE_INFINITY, 3f}};
        ClassificationReport r = ClassificationReport.of(scores, new int[] {1, 1}, 2);
        assertThat(r.confusionMatrix()).isEqualTo(new long[][] {{0, 0}, {1, 1}});
    }

    @Test
    void rejectsInvalidInput() {
        assertThatThrownBy(() -> ClassificationReport.of(SCORES, new int[9], NAMES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scores has 10 rows but labels has 9 entries; expected one row of scores per label");
        assertThatThrownBy(() -> ClassificationReport.of(new float[][] {{0.5f, 0.5f}}, new int[] {0}, NAMES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scores row 0 has 2 values but there are 3 classes");
        assertThatThrownBy(() -> ClassificationReport.of(SCORES, new int[] {0, 0, 0, 0, 1, 1, 1, 2, 3, 2}, NAMES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label 3 of sample 8 is out of range: expected a class in [0, 3)");
        assertThatThrownBy(() -> ClassificationReport.of(new float[][] {{0f}}, new int[] {-1}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label -1 of sample 0 is out of range");
        assertThatThrownBy(() -> ClassificationReport.of(
                        new float[][] {{0.1f, 0.2f, 0.7f}, {0.1f, Float.NaN, 0.7f}}, new int[] {0, 1}, NAMES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("score of sample 1 for class 1 (dog) is NaN");
        assertThatThrownBy(() -> ClassificationReport.of(new float[0][], new int[0], 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no samples");
        assertThatThrownBy(() -> ClassificationReport.of(SCORES, LABELS, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numClasses must be at least 1");
        assertThatThrownBy(() -> ClassificationReport.of(new float[][] {null}, new int[] {0}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scores row 0 is null");
        assertThatThrownBy(() -> example().report(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRow(ClassMetrics m, double precision, double recall, double f1, long support) {
        assertThat(m.precision()).as("%s precision", m.name()).isCloseTo(precision, within(1e-12));
        assertThat(m.recall()).as("%s recall", m.name()).isCloseTo(recall, within(1e-12));
        assertThat(m.f1()).as("%s f1", m.name()).isCloseTo(f1, within(1e-12));
        assertThat(m.support()).as("%s support", m.name()).isEqualTo(support);
    }
}
