package io.netforge.util;

import java.util.random.RandomGenerator;

/**
 * {@link java.util.SplittableRandom}'s generator (SplitMix64 with the golden gamma) with its state readable and
 * settable, so a checkpoint can continue the exact stream: {@code new SplitMix(s)} draws the same
 * {@code nextLong}, {@code nextInt}, {@code nextDouble} and bounded values as {@code new SplittableRandom(s)}.
 * Not thread-safe.
 */
public final class SplitMix implements RandomGenerator {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private long state;

    public SplitMix(long seed) {
        this.state = seed;
    }

    /** The state: restoring it with {@link #state(long)} continues the stream from here. */
    public long state() {
        return state;
    }

    public void state(long s) {
        this.state = s;
    }

    @Override
    public long nextLong() {
        return mix64(state += GOLDEN_GAMMA);
    }

    @Override
    public int nextInt() {
        return mix32(state += GOLDEN_GAMMA);
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static int mix32(long z) {
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }
}
