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

    /** States computed side by side in {@link #dropoutMask}: four values, two draws each. */
    private static final int LANES = 8;
    /** {@code s -> s * JUMP_MULTIPLIER + JUMP_ADDEND} advances a state by {@link #LANES} steps. */
    private static final long JUMP_MULTIPLIER;

    private static final long JUMP_ADDEND;

    static {
        long m = 1;
        long a = 0;
        for (int i = 0; i < LANES; i++) {
            m = (m * MULTIPLIER) & MASK;
            a = (a * MULTIPLIER + ADDEND) & MASK;
        }
        JUMP_MULTIPLIER = m;
        JUMP_ADDEND = a;
    }

    /**
     * Puts {@code count} dropout multipliers into {@code out} from its position: 0 where {@code nextDouble() < p}, else
     * {@code keep} — the values, and the state after, of that many {@code nextDouble()} calls. The generator's steps
     * depend each on the one before (6.7 ns per value, a visible share of a small model's step), so eight states
     * are carried side by side, each jumping eight steps at a time: the same sequence, with eight independent
     * multiplications in flight instead of one; with the branch taken out as well, 8,192 values take 20 µs, not 50.
     * From 131,072 values (a Transformer's attention masks: 5 M a step for the Moby Dick model) the mask is filled in
     * parts on the common pool, each part from the state {@link #jump} gives its first value: the same values.
     */
    public void dropoutMask(java.nio.FloatBuffer out, int count, double p, float keep) {
        // nextDouble() is u * 2^-53 for the 53-bit integer u, so nextDouble() < p exactly when u < ceil(p * 2^53);
        // the comparison as a sign bit and the value as a bit mask keep a random branch out of the loop
        long below = (long) Math.ceil(p * 0x1.0p53);
        int keepBits = Float.floatToRawIntBits(keep);
        int at = out.position();
        int parts = count < PARALLEL_VALUES
                ? 1
                : Math.min(java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1, count / PARALLEL_VALUES);
        if (parts <= 1) {
            state = fill(state, out, at, count, below, keepBits);
        } else {
            // each part starts from the state the values before it leave (two steps a value), so the parts together
            // write exactly the sequential stream, whichever thread runs which part
            int per = (count / parts) & -CHUNK; // whole chunks: the lanes then meet each part's start as one stream
            long start = state;
            java.util.stream.IntStream.range(0, parts).parallel().forEach(k -> {
                int from = k * per;
                int length = k == parts - 1 ? count - from : per;
                fill(jump(start, 2L * from), out, at + from, length, below, keepBits);
            });
            state = jump(start, 2L * count);
        }
        out.position(at + count);
    }

    /** Values per part below which one thread fills the whole mask (a task costs more than it saves). */
    private static final int PARALLEL_VALUES = 1 << 16;

    /** Values per chunk of {@link #fill}: a multiple of the {@link #LANES} pairs. */
    private static final int CHUNK = 4096;

    /** {@code count} values into {@code out} from index {@code at}, from {@code state}; returns the state after. */
    private static long fill(long state, java.nio.FloatBuffer out, int at, int count, long below, int keepBits) {
        float[] chunk = new float[Math.min(count, CHUNK)];
        long[] lane = new long[LANES];
        long s = state;
        for (int k = 0; k < LANES; k++) {
            s = (s * MULTIPLIER + ADDEND) & MASK;
            lane[k] = s;
        }
        long last = state;
        for (int done = 0; done < count; done += chunk.length) {
            int len = Math.min(chunk.length, count - done);
            int i = 0;
            for (; i + LANES / 2 <= len; i += LANES / 2) {
                for (int v = 0; v < LANES / 2; v++) {
                    long u = ((lane[2 * v] >>> (48 - 26)) << 27) + (lane[2 * v + 1] >>> (48 - 27));
                    chunk[i + v] = Float.intBitsToFloat(keepBits & ((int) ((u - below) >>> 63) - 1));
                }
                last = lane[LANES - 1];
                for (int k = 0; k < LANES; k++) {
                    lane[k] = (lane[k] * JUMP_MULTIPLIER + JUMP_ADDEND) & MASK;
                }
            }
            for (int v = 0; i < len; i++, v++) {
                long u = ((lane[2 * v] >>> (48 - 26)) << 27) + (lane[2 * v + 1] >>> (48 - 27));
                chunk[i] = Float.intBitsToFloat(keepBits & ((int) ((u - below) >>> 63) - 1));
                last = lane[2 * v + 1];
            }
            out.put(at + done, chunk, 0, len);
        }
        return last;
    }

    /** The state {@code steps} draws after {@code s}: the affine step {@code s -> s·M + A} composed by squaring. */
    static long jump(long s, long steps) {
        long m = MULTIPLIER;
        long a = ADDEND;
        long accM = 1;
        long accA = 0;
        for (long k = steps; k > 0; k >>>= 1) {
            if ((k & 1) != 0) { // acc then (m, a): s -> (s·accM + accA)·m + a
                accM = (accM * m) & MASK;
                accA = (accA * m + a) & MASK;
            }
            a = (a * m + a) & MASK; // (m, a) composed with itself
            m = (m * m) & MASK;
        }
        return (s * accM + accA) & MASK;
    }

    @Override
    protected int next(int bits) {
        state = (state * MULTIPLIER + ADDEND) & MASK;
        return (int) (state >>> (48 - bits));
    }
}
