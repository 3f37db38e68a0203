package io.netforge.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class Lcg48Test {
    @Test
    void drawsWhatRandomDraws() {
        Lcg48 ours = new Lcg48(42);
        java.util.Random theirs = new java.util.Random(42);
        for (int i = 0; i < 1000; i++) {
            assertThat(ours.nextDouble()).isEqualTo(theirs.nextDouble());
            assertThat(ours.nextInt(17)).isEqualTo(theirs.nextInt(17));
        }
    }

    /** The bulk mask equals one nextDouble() per value and leaves the stream where those calls leave it. */
    @Test
    void dropoutMaskEqualsOneDrawPerValue() {
        for (double p : new double[] {0, 0.3, 0.5, 0.999}) {
            // 131,072 and more: filled in parts on the common pool, each from the state jumped to its start
            for (int count : new int[] {0, 1, 2, 3, 5, 4095, 4096, 4097, 10_000, 131_072, 300_007}) {
                assertMaskEqualsDraws(p, count);
            }
        }
    }

    private static void assertMaskEqualsDraws(double p, int count) {
        float keep = (float) (1 / (1 - p));
        Lcg48 bulk = new Lcg48(7);
        Lcg48 single = new Lcg48(7);
        FloatBuffer out = FloatBuffer.allocate(count + 2);
        out.put(-1f);
        bulk.dropoutMask(out, count, p, keep);
        assertThat(out.position()).isEqualTo(count + 1);
        assertThat(out.get(0)).isEqualTo(-1f);
        int zeros = 0;
        for (int i = 0; i < count; i++) {
            float expected = single.nextDouble() < p ? 0f : keep;
            assertThat(out.get(i + 1)).as("value %d of %d, p %s", i, count, p).isEqualTo(expected);
            zeros += expected == 0f ? 1 : 0;
        }
        assertThat(bulk.state()).isEqualTo(single.state());
        if (count == 10_000) {
            assertThat(zeros).isBetween((int) (p * 10_000) - 200, (int) (p * 10_000) + 200);
        }
    }

    /** The jump over k draws lands where k draws do. */
    @Test
    void jumpEqualsThatManyDraws() {
        for (long k : new long[] {0, 1, 2, 7, 8, 9, 1000, 65_536, 123_457}) {
            Lcg48 r = new Lcg48(11);
            long start = r.state();
            for (long i = 0; i < k; i++) {
                r.next(1);
            }
            assertThat(Lcg48.jump(start, k)).as("%d draws", k).isEqualTo(r.state());
        }
    }
}
