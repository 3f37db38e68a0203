package io.netforge.plan;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.function.IntFunction;

/**
 * Evaluation plans shared by the threads that predict with one model: a plan is used by one thread at a time
 * ({@link #take} to {@link #give}), so concurrent predictions each run on a plan of their own instead of waiting
 * for one; a thread that finds no idle plan of its batch size makes one. Idle plans are kept up to
 * {@code maxIdle} in all, the least recently returned closed first. Thread-safe.
 */
public final class PlanPool implements AutoCloseable {
    private final IntFunction<Plan> factory;
    private final int maxIdle;
    /** Idle plans, the most recently returned first. */
    private final Deque<Plan> idle = new ArrayDeque<>();

    private boolean closed;

    /**
     * @param factory makes a plan for a batch size
     * @param maxIdle idle plans kept for later calls (at least 1)
     */
    public PlanPool(IntFunction<Plan> factory, int maxIdle) {
        if (maxIdle < 1) {
            throw new IllegalArgumentException("maxIdle must be at least 1, was " + maxIdle);
        }
        this.factory = factory;
        this.maxIdle = maxIdle;
    }

    /** An idle plan for batches of {@code n}, or a new one; the caller owns it until {@link #give}. */
    public Plan take(int n) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the plan pool is closed");
            }
            for (Iterator<Plan> it = idle.iterator(); it.hasNext(); ) {
                Plan p = it.next();
                if (p.batchSize() == n) {
                    it.remove();
                    return p;
                }
            }
        }
        return factory.apply(n); // outside the lock: making a plan allocates its arrays
    }

    /** Returns a plan from {@link #take}; closes the least recently used idle plan beyond {@code maxIdle}. */
    public void give(Plan p) {
        Plan evicted = null;
        synchronized (this) {
            if (closed) {
                evicted = p;
            } else {
                idle.addFirst(p);
                if (idle.size() > maxIdle) {
                    evicted = idle.removeLast();
                }
            }
        }
        if (evicted != null) {
            evicted.close();
        }
    }

    /** Idle plans now held. */
    public synchronized int idle() {
        return idle.size();
    }

    /** Bytes of the idle plans' arrays. */
    public synchronized long bytes() {
        long bytes = 0;
        for (Plan p : idle) {
            bytes += p.bytes();
        }
        return bytes;
    }

    /** Closes the idle plans; plans taken and not yet returned are closed when they are given back. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Plan p : idle) {
            p.close();
        }
        idle.clear();
    }
}
