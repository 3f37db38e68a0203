package io.netforge.util;

import java.util.Random;

/**
 * {@link Random}'s 48-bit linear congruential generator with its state readable and settable, so a checkpoint
 * can continue the exact stream: {@code new Lcg48(s)} draws what {@code new Random(s)} draws through
 * {@code next(bits)} (every method but {@code nextGaussian}, whose cached second value is not part of the state).
 * Not thread-safe; never serialized.
 */
public final class Lcg48 extends Random {
    private static final long serialVersionUID = 1L;

    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long ADDEND = 0xBL;
    private static final long MASK = (1L << 48) - 1;
    private long state;

    public Lcg48(long seed) {
        super(0);
        setSeed(seed);
    }

    @Override
    public synchronized void setSeed(long seed) {
        state = (seed ^ MULTIPLIER) & MASK;
    }

    /** The 48-bit state (already scrambled): {@link #state(long)} continues the stream from here. */
    public long state() {
        return state;
    }

    public void state(long s) {
        if ((s & ~MASK) != 0) {
            throw new IllegalArgumentException(
                    "Invalid value for `state`. Expected a 48-bit value. Received: state=" + s);
        }
        this.state = s;
    }

    @Override
    protected int next(int bits) {
        state = (state * MULTIPLIER + ADDEND) & MASK;
        return (int) (state >>> (48 - bits));
    }
}
