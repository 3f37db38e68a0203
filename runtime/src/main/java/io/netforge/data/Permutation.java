package io.netforge.data;

import java.util.SplittableRandom;

/** Fisher-Yates shuffle, written out so the order depends only on the seed and not on a JDK's shuffle. */
final class Permutation {
    private Permutation() {}

    static int[] of(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
