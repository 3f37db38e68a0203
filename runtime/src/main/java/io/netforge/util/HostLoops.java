package io.netforge.util;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Element-wise loops in Java over ND4J arrays that live in host memory: a chunk at a time is copied in bulk from
 * the arrays' NIO views into small Java arrays, where the JIT vectorizes the loop, and copied back. For the
 * optimizer step this is 2-3x faster than libnd4j's fused {@code adam_updater} at the sizes of a small model
 * (docs/performance.md, "Kernels, and why each"). Only on the CPU backend: callers keep an ND4J-op path for
 * every other array ({@link #onHost}).
 */
public final class HostLoops {
    /**
     * Elements per chunk: four chunks (16 KB) stay in a core's L1 cache between the bulk copy in, the loop and the
     * copy out. Against 8,192 (128 KB, L2): Adam over the MLP's 101,770 parameters 283 → 233 µs per step inside
     * training, 115 → 75 µs in a loop of updates alone (docs/performance.md, "The MLP's step outside the plan").
     */
    public static final int CHUNK = 1024;

    private static final boolean CPU = Nd4j.getEnvironment().isCPU();
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][CHUNK]);
    private static final ThreadLocal<int[]> INT_SCRATCH = ThreadLocal.withInitial(() -> new int[CHUNK]);

    private HostLoops() {}

    /**
     * Whether a Java loop may work on {@code arrays} through {@link #view}: the CPU backend, and each array FLOAT,
     * in 'c' order, not a view, filling its buffer from offset 0.
     */
    public static boolean onHost(INDArray... arrays) {
        if (!CPU) {
            return false;
        }
        for (INDArray a : arrays) {
            if (a.dataType() != DataType.FLOAT
                    || a.ordering() != 'c'
                    || a.isView()
                    || a.offset() != 0
                    || !NdArrays.cContiguous(a)
                    || a.data().length() != a.length()
                    || a.length() > Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    /** The host memory of {@code a} (which must be {@link #onHost}), as a buffer at position 0. */
    public static FloatBuffer view(INDArray a) {
        FloatBuffer b = a.data().asNioFloat();
        b.position(0);
        return b;
    }

    /**
     * Elements from which {@link #forEachChunk} shares the work with the common fork-join pool: below, handing
     * chunks to a parked worker cost more than it saved (MLP's Adam 233 µs alone, 251 µs shared).
     */
    static final int PARALLEL_ELEMENTS = 1 << 18;

    /** What to do with elements {@code [from, from + length)}, with four chunk-sized arrays of the running thread. */
    @FunctionalInterface
    public interface ChunkAction {
        void run(int from, int length, float[][] scratch);
    }

    /**
     * Runs {@code action} over {@code n} elements chunk by chunk: on the calling thread for fewer than
     * {@value #PARALLEL_ELEMENTS} elements, else spread over the common fork-join pool (every core is idle between
     * the native kernels of a step). Chunks are independent, so the result does not depend on the thread count.
     */
    public static void forEachChunk(long n, ChunkAction action) {
        int size = Math.toIntExact(n);
        int chunks = (size + CHUNK - 1) / CHUNK;
        if (size < PARALLEL_ELEMENTS || Runtime.getRuntime().availableProcessors() < 2) {
            for (int c = 0; c < chunks; c++) {
                action.run(c * CHUNK, Math.min(CHUNK, size - c * CHUNK), scratch());
            }
            return;
        }
        IntStream.range(0, chunks)
                .parallel()
                .forEach(c -> action.run(c * CHUNK, Math.min(CHUNK, size - c * CHUNK), scratch()));
    }

    /** Four arrays of {@link #CHUNK} floats owned by the calling thread, for one loop at a time. */
    public static float[][] scratch() {
        return SCRATCH.get();
    }

    /**
     * ReLU's backward pass from its output, {@code target = y > 0 ? dy : 0} (libnd4j's {@code relu_bp}, PyTorch's
     * {@code threshold_backward}: a NaN output passes no gradient, a NaN gradient where the output is not positive
     * becomes 0), on the bits of the values: {@code 0 < bits(y) <= bits(+∞)} exactly for the positive outputs, so the
     * loop is integer arithmetic the JIT vectorizes. {@code target} may be {@code dy} itself. Returns false, having
     * done nothing, when an array is not one contiguous run of host floats or the lengths differ; for {@code relu_bp} on 32 × 256 × 64
     * values (a text CNN's step) libnd4j took about 5 ms (docs/performance.md, "Text models").
     */
    public static boolean reluBackward(INDArray y, INDArray dy, INDArray target) {
        ByteBuffer yv = contiguousBytes(y);
        ByteBuffer gv = contiguousBytes(dy);
        ByteBuffer tv = contiguousBytes(target);
        if (yv == null || gv == null || tv == null || y.length() != dy.length() || y.length() != target.length()) {
            return false;
        }
        IntBuffer yb = yv.asIntBuffer();
        IntBuffer gb = gv.asIntBuffer();
        IntBuffer tb = tv.asIntBuffer();
        int[] ys = INT_SCRATCH.get();
        int[] gs = INT_SCRATCH_2.get();
        int n = (int) y.length();
        for (int from = 0; from < n; from += CHUNK) {
            int len = Math.min(CHUNK, n - from);
            yb.get(from, ys, 0, len);
            gb.get(from, gs, 0, len);
            for (int i = 0; i < len; i++) {
                int b = ys[i];
                int keep = (((0x7f800000 - b) | (b - 1)) >>> 31) ^ 1;
                gs[i] &= -keep;
            }
            tb.put(from, gs, 0, len);
        }
        return true;
    }

    private static final ThreadLocal<int[]> INT_SCRATCH_2 = ThreadLocal.withInitial(() -> new int[CHUNK]);

    /**
     * The host memory of {@code a} as floats, index 0 its first value, when it is float32 in 'c' order and one
     * contiguous run — a view at an offset into a larger buffer included (the planned engine's arrays share buffers by
     * liveness, so {@link #onHost} refuses them); null otherwise.
     */
    public static FloatBuffer contiguousFloats(INDArray a) {
        ByteBuffer bytes = contiguousBytes(a);
        return bytes == null ? null : bytes.asFloatBuffer();
    }

    /** {@link #contiguousFloats}'s bytes, in native order, starting at the array's first value; or null. */
    private static ByteBuffer contiguousBytes(INDArray a) {
        if (!CPU || a.dataType() != DataType.FLOAT || a.ordering() != 'c' || !NdArrays.cContiguous(a)) {
            return null;
        }
        ByteBuffer whole = a.data().asNio(); // a view's data starts at the base buffer's start: add its offset
        long from = a.offset() * Float.BYTES;
        long to = from + a.length() * Float.BYTES;
        if (to > whole.capacity()) {
            return null;
        }
        ByteBuffer run = whole.position((int) from).limit((int) to).slice();
        return run.order(ByteOrder.nativeOrder());
    }

    /**
     * A value of {@code a} that is NaN or infinite, or 0 when every value is finite. One pass over the bits of the
     * values: an exponent of all ones marks a float that is not finite, and adding one to it carries into the sign
     * bit, so an OR over the chunk (which the JIT vectorizes) tells whether the chunk has one.
     */
    public static double nonFinite(INDArray a) {
        if (!onHost(a)) {
            double sum = a.sumNumber().doubleValue();
            return Double.isFinite(sum) ? 0 : sum;
        }
        ByteBuffer bytes = a.data().asNio();
        bytes.order(ByteOrder.nativeOrder()).position(0);
        IntBuffer b = bytes.asIntBuffer();
        int[] chunk = INT_SCRATCH.get();
        int n = (int) a.length();
        for (int from = 0; from < n; from += CHUNK) {
            int len = Math.min(CHUNK, n - from);
            b.get(from, chunk, 0, len);
            int carry = 0;
            for (int i = 0; i < len; i++) {
                carry |= (chunk[i] & 0x7f800000) + 0x00800000;
            }
            if (carry < 0) {
                for (int i = 0; i < len; i++) {
                    float f = Float.intBitsToFloat(chunk[i]);
                    if (!Float.isFinite(f)) {
                        return f;
                    }
                }
            }
        }
        return 0;
    }
}
