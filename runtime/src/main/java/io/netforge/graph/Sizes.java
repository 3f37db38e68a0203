package io.netforge.graph;

/** Element counts of shapes. */
public final class Sizes {
    private Sizes() {}

    /** Number of values in a tensor of this shape (1 for a scalar). */
    public static long product(long... shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
