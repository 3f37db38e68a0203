package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.train.engine.DisturbLabel;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DisturbLabelTest {
    private static final int C = 10;

    @Test
    void labelStaysCorrectAndMovesToEachOtherClassWithThePapersProbabilities() {
        double alpha = 0.2;
        int n = 200_000;
        int[] labels = new int[n];
        SplittableRandom data = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            labels[i] = data.nextInt(C);
        }
        DisturbLabel d = new DisturbLabel(alpha, C);
        int[] out = d.apply(labels, new SplittableRandom(42));
        // counts[k]: labels moved by k classes (mod C); k = 0 is "still correct"
        long[] counts = new long[C];
        for (int i = 0; i < n; i++) {
            counts[Math.floorMod(out[i] - labels[i], C)]++;
        }
        double keep = 1 - (C - 1.0) / C * alpha;
        assertThat(d.keepProbability()).isCloseTo(keep, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(keep).isEqualTo(0.82, org.assertj.core.api.Assertions.within(1e-12));
        assertWithin3Se(counts[0], n, keep, "correct");
        for (int k = 1; k < C; k++) {
            assertWithin3Se(counts[k], n, alpha / C, "shift " + k);
        }
    }

    @Test
    void eachTrueClassIsDisturbedTheSameWay() {
        int n = 100_000;
        int[] labels = new int[n]; // all class 7
        java.util.Arrays.fill(labels, 7);
        int[] out = new DisturbLabel(0.2, C).apply(labels, new Random(5));
        long[] counts = new long[C];
        for (int v : out) {
            counts[v]++;
        }
        assertWithin3Se(counts[7], n, 0.82, "correct");
        for (int c = 0; c < C; c++) {
            if (c != 7) {
                assertWithin3Se(counts[c], n, 0.02, "class " + c);
            }
        }
    }

    private static void assertWithin3Se(long count, int n, double p, String what) {
        double se = Math.sqrt(p * (1 - p) / n);
        assertThat((double) count / n)
                .as("%s fraction, expected %s ± 3·%s", what, p, se)
                .isBetween(p - 3 * se, p + 3 * se);
    }

    @Test
    void alphaZeroChangesNothingAndDoesNotMutateTheInput() {
        int[] labels = {0, 3, 9, 9, 1};
        int[] copy = labels.clone();
        assertThat(new DisturbLabel(0, C).apply(labels, new Random(1))).containsExactly(copy);
        new DisturbLabel(1, C).apply(labels, new Random(1));
        assertThat(labels).containsExactly(copy);
    }

    @Test
    void sameSeedSameLabels() {
        int[] labels = new int[1000];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % C;
        }
        DisturbLabel d = new DisturbLabel(0.5, C);
        int[] a = d.apply(labels, new SplittableRandom(99));
        int[] b = d.apply(labels, new SplittableRandom(99));
        int[] c = d.apply(labels, new SplittableRandom(100));
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
        int[] inPlace = labels.clone();
        d.applyInPlace(inPlace, new SplittableRandom(99));
        assertThat(inPlace).containsExactly(a);
    }

    @Test
    void validatesAlphaClassesAndLabels() {
        assertThatThrownBy(() -> new DisturbLabel(-0.1, C)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> new DisturbLabel(1.5, C)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> new DisturbLabel(Double.NaN, C)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> new DisturbLabel(0.1, 1)).hasMessageContaining("classes");
        assertThatThrownBy(() -> new DisturbLabel(0.1, 3).apply(new int[] {3}, new Random(1)))
                .hasMessageContaining("outside");
        assertThat(new DisturbLabel(0.25, 4)).hasToString("DisturbLabel(alpha=0.25, classes=4)");
    }
}
