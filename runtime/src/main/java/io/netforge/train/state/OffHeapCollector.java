package io.netforge.train.state;

/**
 * Runs the garbage collector at step boundaries now and then. ND4J releases an off-heap buffer only when
 * the GC collects its Java handle (docs/samediff.md, fact 16); SameDiff's per-op objects make little heap garbage but
 * pin native memory, so without a collection now and then the resident set of a long run grew by
 * gigabytes (MemoryTest: 1.4 to 9 GB in 240 small-CNN steps) before the heap asked for one. The window
 * adapts so collections take at most about 2% of the wall time, however large the live heap. A built-in callback
 * of every {@code fit}, after the user's: collecting the garbage is part of the trainer's job (docs/training.md).
 */
public final class OffHeapCollector {
    private static final long MIN_WINDOW_NANOS = 1_000_000_000L;
    private static final int WORK_PER_PAUSE = 50;

    /** {@code -Dnetforge.offHeapCollection=false} turns the collections off (docs/api.md, "Global side effects"). */
    private final boolean enabled = !"false".equals(System.getProperty("netforge.offHeapCollection"));

    private long window = MIN_WINDOW_NANOS;
    private long last = System.nanoTime();

    /** Collects if the window has passed since the last collection. */
    public void maybeCollect() {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - last >= window) {
            System.gc();
            long end = System.nanoTime();
            window = Math.max(MIN_WINDOW_NANOS, WORK_PER_PAUSE * (end - now));
            last = end;
        }
    }
}
