package io.netforge.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The iterable behind {@link Dataset#batches}. A shuffling instance draws each epoch's permutation from
 * one seeded stream, so reusing it across epochs reshuffles while staying reproducible.
 */
final class EpochBatches implements Iterable<Batch> {
    private final Dataset data;
    private final int batchSize;
    private final SplittableRandom random;

    /** {@code random} is null for dataset order. */
    EpochBatches(Dataset data, int batchSize, SplittableRandom random) {
        this.data = data;
        this.batchSize = batchSize;
        this.random = random;
    }

    @Override
    public Iterator<Batch> iterator() {
        int[] order;
        if (random == null) {
            order = null;
        } else {
            synchronized (random) {
                order = Permutation.of(data.size(), random);
            }
        }
        return new Epoch(order);
    }

    private final class Epoch implements Iterator<Batch> {
        private final int[] order;
        private final int[] sampleShape = data.sampleShape();
        private int next;

        Epoch(int[] order) {
            this.order = order;
        }

        @Override
        public boolean hasNext() {
            return next < data.size();
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("epoch over " + data.name() + " is finished");
            }
            int size = Math.min(batchSize, data.size() - next);
            int featureSize = data.featureSize();
            float[] features = new float[size * featureSize];
            int[] labels = new int[size];
            for (int k = 0; k < size; k++) {
                int i = order == null ? next + k : order[next + k];
                data.copyFeatures(i, features, k * featureSize);
                labels[k] = data.label(i);
            }
            next += size;
            return new Batch(features, labels, size, sampleShape.clone());
        }
    }
}
