package io.netforge.data;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Mini-batches over a {@link Dataset}, like PyTorch's {@code DataLoader}: optional shuffling (a new order
 * every epoch, drawn from one seeded stream), drop-last, the dataset's augmentation on training batches, an
 * optional per-batch normalization, and background prefetching. Each {@link #iterator()} is one epoch.
 *
 * <p>Every setter returns a new loader (whose epochs start again from the seed), so a configured loader
 * can be shared. Iterating one loader from two threads at once is allowed and gives each its own epoch.
 *
 * <p><b>Reproducibility.</b> An epoch's sample order and augmentation draws depend only on the seed and on
 * how many epochs this loader has started before; the random generator of batch {@code i} is split from
 * the epoch's generator in batch order by whichever thread produces the batches, so prefetching never
 * changes the result.
 *
 * <p><b>Prefetching.</b> With {@code prefetch(n)}, {@code n > 0}, one daemon thread builds up to {@code n}
 * batches ahead while the consumer trains on the current one, so the copying and augmentation overlap with
 * the training step. {@link BatchIterator#waitNanos()} tells how long the consumer actually waited; the
 * trainer reports it per epoch as the data time. An exception in the producer is rethrown by {@code next()}
 * on the consumer's thread; {@link BatchIterator#close()} stops the producer early.
 */
public final class Loader implements Iterable<Batch> {
    private static final Object END = new Object();

    private final Dataset data;
    private final int batchSize;
    private final Long seed;
    /** This instance's stream of epoch seeds; a loader derived by a setter starts its own from the seed. */
    private final SplittableRandom order;

    private final boolean dropLast;
    private final boolean augment;
    private final Normalization normalization;
    private final int prefetch;

    Loader(Dataset data, int batchSize) {
        this(data, batchSize, null, false, true, Normalization.none(), 0);
    }

    private Loader(
            Dataset data,
            int batchSize,
            Long seed,
            boolean dropLast,
            boolean augment,
            Normalization normalization,
            int prefetch) {
        if (batchSize < 1) {
            throw new IllegalArgumentException(
                    "dataset '" + data.name() + "': batch size must be at least 1, was " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
        this.order = seed == null ? null : new SplittableRandom(seed);
        this.dropLast = dropLast;
        this.augment = augment;
        this.normalization = normalization;
        this.prefetch = prefetch;
    }

    /** A new sample order every epoch, from a stream seeded with {@code seed}. */
    public Loader shuffle(long seed) {
        return new Loader(data, batchSize, seed, dropLast, augment, normalization, prefetch);
    }

    /** Dataset order (the default). */
    public Loader inOrder() {
        return new Loader(data, batchSize, null, dropLast, augment, normalization, prefetch);
    }

    /** Drops the last, incomplete batch of each epoch (PyTorch's {@code drop_last}); off by default. */
    public Loader dropLast(boolean dropLast) {
        return new Loader(data, batchSize, seed, dropLast, augment, normalization, prefetch);
    }

    /**
     * Whether to apply the dataset's {@link Dataset#augmentation() augmentation} (default {@code true});
     * evaluation turns it off. Without a shuffle seed the augmentation draws come from seed 0.
     */
    public Loader augment(boolean augment) {
        return new Loader(data, batchSize, seed, dropLast, augment, normalization, prefetch);
    }

    /**
     * Normalizes each batch on the way out, after augmentation: used to feed raw data to a model trained on
     * normalized data. The dataset itself must be raw.
     */
    public Loader normalize(Normalization normalization) {
        Objects.requireNonNull(normalization, "normalization");
        if (!normalization.isNone()) {
            if (!data.normalization().isNone()) {
                throw new IllegalArgumentException("dataset '" + data.name() + "' is already normalized ("
                        + data.normalization() + "); it cannot be normalized again with " + normalization);
            }
            normalization.checkChannels(Shapes.channels(data.sampleShape()));
        }
        return new Loader(data, batchSize, seed, dropLast, augment, normalization, prefetch);
    }

    /** Builds up to {@code batches} batches ahead on a background thread; 0 (the default) builds them on demand. */
    public Loader prefetch(int batches) {
        if (batches < 0) {
            throw new IllegalArgumentException(
                    "prefetch must be 0 (off) or a positive number of batches, was " + batches);
        }
        return new Loader(data, batchSize, seed, dropLast, augment, normalization, batches);
    }

    public Dataset dataset() {
        return data;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Batches per epoch: {@code floor(n / batchSize)} with drop-last, else {@code ceil(n / batchSize)}. */
    public int batchesPerEpoch() {
        int n = data.size();
        return n / batchSize + (dropLast || n % batchSize == 0 ? 0 : 1);
    }

    /** Samples per epoch after drop-last. */
    public int samplesPerEpoch() {
        return dropLast ? data.size() / batchSize * batchSize : data.size();
    }

    /** Starts an epoch. Close the iterator if you stop before its end, so a prefetching thread stops too. */
    @Override
    public BatchIterator iterator() {
        int[] indices;
        long augmentSeed;
        if (order == null) {
            indices = null;
            augmentSeed = 0;
        } else {
            synchronized (order) {
                indices = Permutation.of(data.size(), order);
                augmentSeed = order.nextLong();
            }
        }
        Epoch epoch = new Epoch(indices, augment ? data.augmentation() : null, new SplittableRandom(augmentSeed));
        return prefetch == 0 ? new Direct(epoch) : new Prefetching(epoch, prefetch);
    }

    /** An epoch's batches; {@link #close()} releases a prefetching thread. */
    public abstract static class BatchIterator implements Iterator<Batch>, AutoCloseable {
        /** Feature arrays of recycled batches, taken by later batches of the same size (at most {@link #SPARES}). */
        private final java.util.Queue<float[]> spares;

        long waitNanos;

        BatchIterator(java.util.Queue<float[]> spares) {
            this.spares = spares;
        }

        /**
         * Says that nothing reads {@code batch} any more, one of this iterator's: a later batch may take its feature
         * array instead of a new one. A batch of 256 Fashion-MNIST images is 800 KB, above G1's limit for ordinary
         * objects with a 2 GB heap, and allocating one per step set off a garbage collection every few steps
         * (docs/performance.md, "The MLP's step outside the plan"). Optional: a batch not recycled is collected.
         */
        public void recycle(Batch batch) {
            if (spares.size() < SPARES) {
                spares.offer(batch.features());
            }
        }

        /** Nanoseconds {@code next()} has spent building or waiting for batches so far. */
        public long waitNanos() {
            return waitNanos;
        }

        @Override
        public void close() {}
    }

    /** Recycled feature arrays an iterator keeps: the prefetch queue's and one being built. */
    private static final int SPARES = 8;

    /** Builds the batches of one epoch, in order; used by one thread at a time. */
    private final class Epoch {
        /** Shared with the epoch's iterator, which may run on another thread. */
        private final java.util.Queue<float[]> spares = new java.util.concurrent.ConcurrentLinkedQueue<>();

        private final int[] indices;
        private final Transform transform;
        private final SplittableRandom random;
        private final int[] sampleShape;
        private final int[] outShape;
        private final float[] fill;
        private final int batches = batchesPerEpoch();
        private int produced;

        Epoch(int[] indices, Transform transform, SplittableRandom random) {
            this.indices = indices;
            this.transform = transform;
            this.random = random;
            this.sampleShape = data.sampleShape();
            this.outShape = sampleShape;
            this.fill = transform == null ? null : data.normalization().zero(Shapes.channels(sampleShape));
        }

        boolean hasNext() {
            return produced < batches;
        }

        Batch next() {
            int start = produced * batchSize;
            int size = Math.min(batchSize, data.size() - start);
            int featureSize = data.featureSize();
            float[] features = spares.poll();
            if (features == null || features.length != size * featureSize) {
                features = new float[size * featureSize];
            }
            int steps = data.labelSteps();
            int[] labels = new int[size * Math.max(1, steps)];
            int width = data.targetWidth();
            float[] targets = width == 0 ? null : new float[size * width];
            SplittableRandom batchRandom = transform == null ? null : random.split();
            float[] sample = transform == null ? null : new float[featureSize];
            for (int k = 0; k < size; k++) {
                int i = indices == null ? start + k : indices[start + k];
                if (steps > 0) {
                    data.copyStepLabels(i, labels, k * steps);
                } else if (targets == null) {
                    labels[k] = data.label(i);
                } else {
                    data.copyTargets(i, targets, k * width);
                }
                if (transform == null) {
                    data.copyFeatures(i, features, k * featureSize);
                } else {
                    data.copyFeatures(i, sample, 0);
                    float[] out = transform.apply(sample, sampleShape, fill, batchRandom);
                    if (out.length != featureSize) {
                        throw new IllegalStateException(
                                transform + " returned " + out.length + " values for a sample of shape "
                                        + Arrays.toString(sampleShape) + ", expected " + featureSize);
                    }
                    System.arraycopy(out, 0, features, k * featureSize, featureSize);
                }
            }
            if (!normalization.isNone()) {
                normalization.applyInPlace(features, 0, size, featureSize / Shapes.channels(sampleShape));
            }
            produced++;
            return new Batch(features, labels, size, outShape.clone(), targets);
        }
    }

    private static final class Direct extends BatchIterator {
        private final Epoch epoch;

        Direct(Epoch epoch) {
            super(epoch.spares);
            this.epoch = epoch;
        }

        @Override
        public boolean hasNext() {
            return epoch.hasNext();
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the epoch is finished");
            }
            long t = System.nanoTime();
            Batch b = epoch.next();
            waitNanos += System.nanoTime() - t;
            return b;
        }
    }

    /** One producer thread, a bounded queue; {@code END} or a {@link Failure} closes the stream. */
    private static final class Prefetching extends BatchIterator {
        private final BlockingQueue<Object> queue;
        private final Thread producer;
        private volatile boolean closed;
        private Object head;

        Prefetching(Epoch epoch, int capacity) {
            super(epoch.spares);
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.producer = new Thread(() -> produce(epoch), "netforge-prefetch");
            producer.setDaemon(true);
            producer.start();
        }

        private void produce(Epoch epoch) {
            try {
                while (epoch.hasNext() && !closed) {
                    Object batch = epoch.next();
                    while (!closed && !queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                        // wait for room, checking for close
                    }
                }
                put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                put(new Failure(e));
            }
        }

        private void put(Object item) {
            try {
                while (!closed && !queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    // wait for room, checking for close
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public boolean hasNext() {
            return peek() != END;
        }

        @Override
        public Batch next() {
            Object item = peek();
            if (item == END) {
                throw new NoSuchElementException("the epoch is finished");
            }
            head = null;
            return (Batch) item;
        }

        private Object peek() {
            if (head == null) {
                if (closed) {
                    throw new IllegalStateException("the batch iterator is closed");
                }
                long t = System.nanoTime();
                try {
                    head = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new IllegalStateException("interrupted while waiting for the next batch", e);
                } finally {
                    waitNanos += System.nanoTime() - t;
                }
                if (head instanceof Failure f) {
                    head = END;
                    close();
                    if (f.error instanceof RuntimeException r) {
                        throw r;
                    }
                    throw (Error) f.error;
                }
            }
            return head;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                producer.interrupt();
                queue.clear();
            }
        }
    }

    private record Failure(Throwable error) {}
}
