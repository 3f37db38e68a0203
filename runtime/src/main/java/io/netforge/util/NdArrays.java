package io.netforge.util;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Java arrays in and out of ND4J with one bulk copy. {@code Nd4j.create(float[], …)} and {@code data().asFloat()}
 * copy element by element through the buffer's indexer ({@code BaseDataBuffer.setData} calls {@code put(i, v)}
 * per value): for a batch of 256 Fashion-MNIST images that was a visible share of a training step's Java time
 * (docs/performance.md). These go through the buffer's NIO view instead, and tell the backend which copy is
 * current, so they work on the CUDA backend too.
 */
public final class NdArrays {
    private NdArrays() {}

    /** A new FLOAT array of {@code shape} in 'c' order holding {@code values}. */
    public static INDArray floats(float[] values, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException(
                    values.length + " values do not fill shape " + java.util.Arrays.toString(shape));
        }
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        if (values.length > 0) {
            view(a).put(values, 0, values.length);
            Nd4j.getAffinityManager().tagLocation(a, AffinityManager.Location.HOST);
        }
        return a;
    }

    /** Writes {@code values} ('c' order) into the existing array {@code target} of as many elements. */
    public static void copy(float[] values, INDArray target) {
        if (target.length() != values.length) {
            throw new IllegalArgumentException(
                    values.length + " values do not fill shape " + java.util.Arrays.toString(target.shape()));
        }
        fill(target, buffer -> buffer.put(values, 0, values.length));
    }

    /**
     * Fills {@code target} ({@code length} values) through {@code writer}, which puts them into a buffer from its start:
     * straight into the array's host memory when it is a float32 array of its own in 'c' order, else through a copy.
     */
    public static void fill(INDArray target, java.util.function.Consumer<FloatBuffer> writer) {
        if (target.length() == 0) {
            return;
        }
        if (whole(target)) {
            Nd4j.getAffinityManager().ensureLocation(target, AffinityManager.Location.HOST);
            writer.accept(view(target));
            Nd4j.getAffinityManager().tagLocation(target, AffinityManager.Location.HOST);
            return;
        }
        FloatBuffer values = FloatBuffer.allocate(Math.toIntExact(target.length()));
        writer.accept(values);
        try (INDArray tmp = floats(values.array(), target.shape())) {
            target.assign(tmp);
        }
    }

    /** The values of {@code a} in 'c' order as floats (a copy). */
    public static float[] toFloats(INDArray a) {
        if (!whole(a)) {
            try (INDArray c = a.castTo(DataType.FLOAT).dup('c')) {
                return toFloats(c);
            }
        }
        float[] values = new float[Math.toIntExact(a.length())];
        if (values.length > 0) {
            Nd4j.getAffinityManager().ensureLocation(a, AffinityManager.Location.HOST);
            view(a).get(values, 0, values.length);
        }
        return values;
    }

    /**
     * Whether {@code a}'s strides are those of 'c' order for its shape (dimensions of size 1 aside). A permuted array
     * keeps its whole buffer and can report order 'c' without being laid out so.
     */
    public static boolean cContiguous(INDArray a) {
        if (a.isEmpty() || a.length() == 0) {
            return true;
        }
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /**
     * Whether {@code a} is a float32 array in 'c' order that fills its buffer exactly, so that the buffer's NIO view is
     * the array. A plan's arrays are views of shared buffers made this way ({@code isView()} is true for them), so
     * being a view is no reason for a copy.
     */
    private static boolean whole(INDArray a) {
        return a.dataType() == DataType.FLOAT
                && a.ordering() == 'c'
                && a.offset() == 0
                && a.data().length() == a.length()
                && cContiguous(a);
    }

    private static FloatBuffer view(INDArray a) {
        FloatBuffer b = a.data().asNioFloat();
        b.position(0);
        return b;
    }
}
