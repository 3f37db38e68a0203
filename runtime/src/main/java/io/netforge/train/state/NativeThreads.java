package io.netforge.train.state;

import io.netforge.graph.NetGraph;
import io.netforge.graph.Param;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many OpenMP threads the native kernels of one model's steps get. Measured on 2 cores (docs/performance.md):
 * convolutions (oneDNN) run 1.8x faster on 2 threads than on 1, but the matrix products of a small dense network
 * run 3x faster on 1: their OpenMP regions are too short to pay for waking and joining a second thread, which also
 * competes with the JVM's own threads. So a model with a convolution, or with a matrix product of at least
 * {@value #PARALLEL_MACS} multiply-adds per batch, uses every core; a small dense model uses one. The choice
 * depends only on the model and the batch size, never on timings, so a run stays reproducible (results differ in
 * the last bits between thread counts, docs/samediff.md, fact 10). {@code -Dnetforge.nativeThreads=N} overrides it.
 *
 * <p>The setting is OpenMP's, which holds it per OS thread (a thread that never set it gets every core: measured,
 * docs/performance.md, "Threads"); each trainer sets its own on the thread that runs a step or an evaluation batch.
 */
public final class NativeThreads {
    static final long PARALLEL_MACS = 1L << 27;
    /** The count last set on this thread, or -1: OpenMP keeps it per thread, so the cache must too. */
    private static final ThreadLocal<int[]> CURRENT = ThreadLocal.withInitial(() -> new int[] {-1});

    private NativeThreads() {}

    /** The thread count for training or evaluating {@code graph} in batches of {@code batchSize}. */
    public static int forModel(NetGraph graph, int batchSize) {
        Integer forced = Integer.getInteger("netforge.nativeThreads");
        int cores = Runtime.getRuntime().availableProcessors();
        if (forced != null && forced > 0) {
            return forced;
        }
        long largest = 0;
        for (Param p : graph.params()) {
            long[] s = p.shape();
            if (s.length == 4) {
                return cores; // a convolution
            }
            if (s.length == 2) {
                largest = Math.max(largest, (long) batchSize * s[0] * s[1]);
            }
        }
        return largest >= PARALLEL_MACS ? cores : 1;
    }

    /**
     * Makes {@code n} the OpenMP thread count of the native kernels called from this thread (a JNI call only when it
     * changes on this thread).
     */
    public static void use(int n) {
        int[] current = CURRENT.get();
        if (n != current[0]) {
            // NativeOpsHolder is nd4j-native-api's: the CPU and the CUDA backend both load their NativeOps through it
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
            current[0] = n;
        }
    }
}
