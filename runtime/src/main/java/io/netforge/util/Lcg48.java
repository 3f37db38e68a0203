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

    /**
     * Puts {@code count} dropout multipliers into {@code out} from its position: 0 where {@code nextDouble() < p}, else
     * {@code keep} — the values, and the state after, of that many {@code nextDouble()} calls, without a call per value.
     */
    public void dropoutMask(java.nio.FloatBuffer out, int count, double p, float keep) {
        float[] chunk = new float[Math.min(count, 4096)];
        long s = state;
        for (int done = 0; done < count; done += chunk.length) {
            int len = Math.min(chunk.length, count - done);
            for (int i = 0; i < len; i++) {
                s = (s * MULTIPLIER + ADDEND) & MASK;
                long high = s >>> (48 - 26);
                s = (s * MULTIPLIER + ADDEND) & MASK;
                long low = s >>> (48 - 27);
                double u = ((high << 27) + low) * 0x1.0p-53;
                chunk[i] = u < p ? 0f : keep;
            }
            out.put(chunk, 0, len);
        }
        state = s;
    }

    @Override
    protected int next(int bits) {
        state = (state * MULTIPLIER + ADDEND) & MASK;
        return (int) (state >>> (48 - bits));
    }
}
