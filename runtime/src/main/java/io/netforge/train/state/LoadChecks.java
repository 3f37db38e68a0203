package io.netforge.train.state;

import java.util.Arrays;
import java.util.function.Function;
import java.util.function.IntToDoubleFunction;

/**
 * What every loader checks beyond a file's structure (docs/checkpoints.md, "What a loader accepts"): the size a file
 * of this model can have, and values no training writes.
 */
public final class LoadChecks {
    /** Room for the names and metadata of a weights or safetensors file, beyond its arrays. */
    static final long HEADER_ALLOWANCE = 16L << 20;
    /** Room for a checkpoint's metadata, history and callbacks' state, beyond its arrays. */
    static final long CHECKPOINT_ALLOWANCE = 64L << 20;
    /** Epoch counters above this are refused: no run lasts a billion epochs, and one more run must not overflow. */
    public static final long MAX_EPOCHS = 1_000_000_000L;
    /** Step counters above 2^53 are refused: they are no longer exact as a double (schedules compute with them). */
    public static final long MAX_STEPS = 1L << 53;

    private LoadChecks() {}

    /**
     * A state value outside what training writes (a counter beyond its range, a learning rate that is not finite): a
     * checkpoint holding one is refused as {@code INVALID_VALUE} rather than {@code TAMPERED}.
     */
    public static final class OutOfRange extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public OutOfRange(String message) {
            super(message);
        }
    }

    /** {@code value} if it is in [{@code lo}, {@code hi}], else {@link OutOfRange} naming it. */
    public static long inRange(String name, long value, long lo, long hi) {
        if (value < lo || value > hi) {
            throw new OutOfRange(name + " is " + value + ", outside [" + lo + ", " + hi + "]");
        }
        return value;
    }

    /** {@code value} if it is finite and in [{@code lo}, {@code hi}], else {@link OutOfRange} naming it. */
    public static double inRange(String name, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new OutOfRange(name + " is " + value + ", outside [" + lo + ", " + hi + "]");
        }
        return value;
    }

    /** Values of the model's parameters and BatchNorm statistics. */
    static long stateElements(ModelState model) {
        long n = 0;
        for (String name : model.stateNames()) {
            n += model.array(name).length();
        }
        return n;
    }

    /** The largest weights file of {@code model}: float32 arrays plus the allowance. */
    public static long weightsLimit(ModelState model) {
        return 4 * stateElements(model) + HEADER_ALLOWANCE;
    }

    /** The largest safetensors file of {@code model}: arrays of up to 8-byte elements plus the allowance. */
    public static long safetensorsLimit(ModelState model) {
        return 8 * stateElements(model) + HEADER_ALLOWANCE;
    }

    /**
     * The largest checkpoint of a trainer: the model, the optimizer's buffers and early stopping's best weights at up to
     * 8 bytes a value, plus the allowance.
     */
    public static long checkpointLimit(ModelState model, long optimizerBuffers) {
        long state = stateElements(model);
        long buffers = optimizerBuffers;
        return 8 * (2 * state + buffers) + CHECKPOINT_ALLOWANCE;
    }

    /**
     * Throws {@code refusal}'s exception when one of the {@code length} values of array {@code shown} (of {@code shape})
     * is not finite (when {@code finite}) or is negative (when {@code nonNegative} says why it cannot be), naming the
     * first and its position.
     */
    public static <E extends Exception> void check(
            String shown,
            long[] shape,
            int length,
            IntToDoubleFunction value,
            boolean finite,
            String nonNegative,
            Function<String, E> refusal)
            throws E {
        for (int i = 0; i < length; i++) {
            double x = value.applyAsDouble(i);
            if (finite && !Double.isFinite(x)) {
                throw refusal.apply(
                        shown + " holds " + x + " at " + Arrays.toString(position(shape, i)) + "; weights that are"
                                + " not finite are refused (did the run diverge?): pass LoadOption.ALLOW_NON_FINITE to load them anyway");
            }
            if (nonNegative != null && x < 0) {
                throw refusal.apply(
                        shown + " holds " + x + " at " + Arrays.toString(position(shape, i)) + "; " + nonNegative);
            }
        }
    }

    /**
     * The checks of a model's array, in every format: finite unless {@code allowNonFinite}, and a BatchNorm running
     * variance ({@code …/running_var}, our name {@code variable}) never negative. {@code shown} is the name the file uses.
     */
    public static <E extends Exception> void checkModelArray(
            String variable,
            String shown,
            long[] shape,
            int length,
            IntToDoubleFunction value,
            boolean allowNonFinite,
            Function<String, E> refusal)
            throws E {
        check(
                shown,
                shape,
                length,
                value,
                !allowNonFinite,
                variable.endsWith("/running_var") ? "a BatchNorm running variance is never negative" : null,
                refusal);
    }

    /** {@link #checkModelArray(String, String, long[], int, IntToDoubleFunction, boolean, Function)} of float32 values. */
    public static <E extends Exception> void checkModelArray(
            String variable,
            String shown,
            long[] shape,
            float[] values,
            boolean allowNonFinite,
            Function<String, E> refusal)
            throws E {
        checkModelArray(variable, shown, shape, values.length, i -> values[i], allowNonFinite, refusal);
    }

    /** The index of each dimension of element {@code flat} of a row-major array of {@code shape}. */
    static long[] position(long[] shape, long flat) {
        long[] at = new long[Math.max(1, shape.length)];
        if (shape.length == 0) {
            return at;
        }
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? 0 : flat / shape[d];
        }
        return at;
    }

    public static boolean allowNonFinite(LoadOption... options) {
        return Arrays.asList(options).contains(LoadOption.ALLOW_NON_FINITE);
    }
}
