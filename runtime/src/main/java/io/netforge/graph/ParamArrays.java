package io.netforge.graph;

import java.util.Arrays;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The off-heap arrays of a model's parameters, allocated so that a failure says which array, how large and why: a
 * zeroed FLOAT array (no Java array of its size). On the CPU the size is checked against the machine's available
 * memory first: libnd4j does not report a failed allocation of that size, it crashes the JVM (SIGSEGV, measured with a
 * 2^30 × 2^30 matrix).
 */
final class ParamArrays {
    private ParamArrays() {}

    /**
     * A new zeroed FLOAT array of {@code shape} for parameter {@code name} of model {@code modelName}.
     *
     * @throws OutOfMemoryError naming the model, the array, its shape, its size and why it cannot be allocated
     */
    static INDArray allocate(String modelName, String name, long[] shape) {
        long n = Sizes.product(shape);
        long bytes = n > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : n * 4;
        long available = Nd4j.getEnvironment().isCPU() ? Pointer.availablePhysicalBytes() : Long.MAX_VALUE;
        if (bytes > available) {
            throw cannotAllocate(
                    modelName,
                    name,
                    shape,
                    n,
                    "the machine has " + Pointer.formatBytes(available) + " of memory available",
                    null);
        }
        try {
            return Nd4j.create(DataType.FLOAT, shape, 'c');
        } catch (OutOfMemoryError | RuntimeException e) {
            throw cannotAllocate(
                    modelName,
                    name,
                    shape,
                    n,
                    e.getMessage()
                            + "; ND4J's off-heap limit is -Dorg.bytedeco.javacpp.maxbytes (default: the -Xmx heap size)",
                    e);
        }
    }

    /** The error for a parameter array that cannot be allocated: model, array, shape, floats, GiB, and why. */
    private static OutOfMemoryError cannotAllocate(
            String modelName, String name, long[] shape, long n, String why, Throwable cause) {
        OutOfMemoryError named = new OutOfMemoryError(modelName + ": cannot allocate " + name + " "
                + Arrays.toString(shape) + ", " + String.format(Locale.ROOT, "%,d", n) + " floats ("
                + String.format(Locale.ROOT, "%.1f", n * 4.0 / (1L << 30)) + " GiB) off-heap: " + why);
        if (cause != null) {
            named.initCause(cause);
        }
        return named;
    }
}
