package io.netforge.summary;

import java.util.Locale;

/**
 * The compile-time summary plus what the model's arrays actually occupy now, as the runtime allocated them
 * ({@code trainer.runtimeSummary()}).
 *
 * @param summary        the compile-time table (layers, shapes, parameters, FLOPs)
 * @param parameterBytes bytes of the trainable parameter arrays
 * @param bufferBytes    bytes of the BatchNorm running statistics
 * @param dataType       the arrays' data type, e.g. {@code FLOAT}
 */
public record RuntimeSummary(Summary summary, long parameterBytes, long bufferBytes, String dataType) {
    /** The table, then the arrays in memory. */
    @Override
    public String toString() {
        return summary.toString()
                + String.format(
                        Locale.ROOT,
                        "Arrays in memory (%s): parameters %s, BatchNorm buffers %s, total %s%n",
                        dataType.toLowerCase(Locale.ROOT),
                        mib(parameterBytes),
                        mib(bufferBytes),
                        mib(parameterBytes + bufferBytes));
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.2f MiB (%,d bytes)", bytes / (1024.0 * 1024), bytes);
    }
}
