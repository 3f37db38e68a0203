package io.netforge.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The arrays of one plan, assigned by liveness: every tensor (an activation, a gradient, a scratch array) declares
 * the steps of the plan at which it is used, and tensors whose step ranges do not overlap share one allocation of
 * the same length. An activation's allocation is thus taken over by a gradient as soon as the backward pass has
 * read it for the last time. Allocation happens once, when the plan is made; a step allocates nothing.
 */
final class Buffers implements AutoCloseable {
    /** An array of the plan with the range of steps in which it holds a live value. */
    static final class Tensor {
        final long[] shape;
        final long length;
        final String what;
        int first = Integer.MAX_VALUE;
        int last = Integer.MIN_VALUE;
        Tensor root;
        INDArray slot;
        boolean dedicated;

        Tensor(String what, long[] shape) {
            this.what = what;
            this.shape = shape.clone();
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            this.length = n;
        }

        Tensor root() {
            Tensor t = this;
            while (t.root != null) {
                t = t.root;
            }
            return t;
        }

        /** This tensor's array, in its own shape: a view of its allocation. Valid after {@link Buffers#allocate}. */
        INDArray array() {
            INDArray s = root().slot;
            if (s == null) {
                throw new IllegalStateException(what + " has no array (never used?)");
            }
            return s.reshape('c', shape);
        }

        /** This tensor viewed in another shape of the same length (a flatten). */
        INDArray array(long[] otherShape) {
            return root().slot.reshape('c', otherShape);
        }
    }

    private final DataType dataType;
    private final List<Tensor> tensors = new ArrayList<>();
    private final List<INDArray> slots = new ArrayList<>();
    private long bytes;

    Buffers(DataType dataType) {
        this.dataType = dataType;
    }

    Tensor tensor(String what, long... shape) {
        Tensor t = new Tensor(what, shape);
        tensors.add(t);
        return t;
    }

    /** A tensor with an allocation of its own for the plan's whole life (inputs, masks, results read by the caller). */
    Tensor dedicated(String what, long... shape) {
        Tensor t = tensor(what, shape);
        t.dedicated = true;
        return t;
    }

    /** Marks {@code t} as read or written at {@code step}. */
    static void use(Tensor t, int step) {
        Tensor r = t.root();
        r.first = Math.min(r.first, step);
        r.last = Math.max(r.last, step);
    }

    /** Makes {@code alias} share the allocation of {@code of} (same length): an in-place op or a reshape. */
    static void alias(Tensor alias, Tensor of) {
        if (alias.length != of.length) {
            throw new IllegalArgumentException(alias.what + " cannot alias " + of.what);
        }
        Tensor a = alias.root();
        Tensor b = of.root();
        if (a != b) {
            a.root = b;
            b.first = Math.min(b.first, a.first);
            b.last = Math.max(b.last, a.last);
            b.dedicated |= a.dedicated;
        }
    }

    /** Assigns allocations: interval scheduling with exact-length reuse. */
    void allocate() {
        List<Tensor> roots = new ArrayList<>();
        for (Tensor t : tensors) {
            if (t.root == null && (t.first <= t.last || t.dedicated)) {
                roots.add(t);
            }
        }
        roots.sort(Comparator.comparingInt((Tensor t) -> t.first));
        PriorityQueue<Tensor> live = new PriorityQueue<>(Comparator.comparingInt((Tensor t) -> t.last));
        Map<Long, Deque<INDArray>> free = new HashMap<>();
        for (Tensor t : roots) {
            while (!live.isEmpty() && live.peek().last < t.first) {
                Tensor done = live.poll();
                free.computeIfAbsent(done.length, k -> new ArrayDeque<>()).push(done.slot);
            }
            if (t.dedicated) {
                t.slot = newSlot(t.length);
                continue;
            }
            Deque<INDArray> candidates = free.get(t.length);
            t.slot = candidates == null || candidates.isEmpty() ? newSlot(t.length) : candidates.pop();
            live.add(t);
        }
    }

    private INDArray newSlot(long length) {
        INDArray a = Nd4j.createUninitialized(dataType, new long[] {length}, 'c');
        slots.add(a);
        bytes += length * dataType.width();
        return a;
    }

    DataType dataType() {
        return dataType;
    }

    /** Bytes allocated for this plan. */
    long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        for (INDArray a : slots) {
            if (a.closeable()) {
                a.close();
            }
        }
        slots.clear();
    }
}
