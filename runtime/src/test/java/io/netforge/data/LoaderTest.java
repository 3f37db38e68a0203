package io.netforge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class LoaderTest {
    /** Sample i is a 1×1×2 image {i, 100 + i} with label i % 4. */
    static Dataset numbered(int n) {
        float[] features = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            features[2 * i] = i;
            features[2 * i + 1] = 100 + i;
            labels[i] = i % 4;
        }
        return new Dataset("numbered", features, labels, new int[] {1, 1, 2}, 4);
    }

    /** Adds a random integer in [0, 1000) to every value: reveals which draws a sample got. */
    static class AddNoise implements Transform {
        @Override
        public int[] outputShape(int[] inputShape) {
            return inputShape.clone();
        }

        @Override
        public float[] apply(float[] sample, int[] shape, float[] fill, RandomGenerator random) {
            float[] out = sample.clone();
            int noise = random.nextInt(1000);
            for (int k = 0; k < out.length; k++) {
                out[k] += noise * 1000;
            }
            return out;
        }

        @Override
        public boolean isRandom() {
            return true;
        }
    }

    private static List<float[]> epoch(Iterable<Batch> loader) {
        List<float[]> out = new ArrayList<>();
        for (Batch b : loader) {
            out.add(b.features());
        }
        return out;
    }

    private static List<Integer> ids(Iterable<Batch> loader) {
        List<Integer> ids = new ArrayList<>();
        for (Batch b : loader) {
            for (int k = 0; k < b.size(); k++) {
                ids.add((int) b.features()[2 * k] % 1000);
            }
        }
        return ids;
    }

    @Test
    void dropLastDropsOnlyTheIncompleteBatch() {
        Loader keep = numbered(10).loader(4);
        Loader drop = keep.dropLast(true);
        assertThat(keep.batchesPerEpoch()).isEqualTo(3);
        assertThat(drop.batchesPerEpoch()).isEqualTo(2);
        assertThat(drop.samplesPerEpoch()).isEqualTo(8);
        List<Integer> sizes = new ArrayList<>();
        for (Batch b : drop) {
            sizes.add(b.size());
        }
        assertThat(sizes).containsExactly(4, 4);
        assertThat(ids(drop)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(numbered(8).loader(4).dropLast(true).batchesPerEpoch()).isEqualTo(2);
        assertThat(numbered(3).loader(4).dropLast(true)).isEmpty();
        // shuffled with drop-last: 8 distinct samples each epoch, a different 2 left out over epochs
        Loader shuffled = numbered(10).loader(4).dropLast(true).shuffle(3);
        List<Integer> first = ids(shuffled);
        List<Integer> second = ids(shuffled);
        assertThat(first).hasSize(8).doesNotHaveDuplicates();
        assertThat(second).hasSize(8).doesNotHaveDuplicates().isNotEqualTo(first);
    }

    @Test
    void shuffleDrawsANewOrderEachEpochReproducibly() {
        Loader a = numbered(50).loader(8).shuffle(11);
        Loader b = numbered(50).loader(8).shuffle(11);
        List<Integer> a1 = ids(a);
        List<Integer> a2 = ids(a);
        assertThat(a1).isNotEqualTo(a2).containsExactlyInAnyOrderElementsOf(a2);
        assertThat(ids(b)).isEqualTo(a1);
        assertThat(ids(b)).isEqualTo(a2);
        assertThat(ids(numbered(50).loader(8))).isSorted();
    }

    @Test
    void prefetchingGivesExactlyTheSameBatchesAsBuildingOnDemand() {
        Dataset augmented = numbered(100).augment(new AddNoise());
        for (int prefetch : new int[] {1, 2, 7}) {
            Loader direct = augmented.loader(16).shuffle(5).dropLast(true);
            Loader ahead = direct.prefetch(prefetch);
            for (int epoch = 0; epoch < 3; epoch++) {
                List<float[]> x = epoch(direct);
                List<float[]> y = epoch(ahead);
                assertThat(y).hasSameSizeAs(x);
                for (int i = 0; i < x.size(); i++) {
                    assertThat(y.get(i)).containsExactly(x.get(i));
                }
            }
        }
    }

    /** Recycled batches lend their arrays to later ones (prefetching or not) and change no batch's values. */
    @Test
    void recycledArraysCarryLaterBatchesUnchanged() {
        Dataset data = numbered(100);
        for (int prefetch : new int[] {0, 2}) {
            Loader loader = data.loader(16).shuffle(5).prefetch(prefetch);
            List<float[]> expected = epoch(data.loader(16).shuffle(5));
            java.util.Set<float[]> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            int reused = 0;
            try (Loader.BatchIterator it = loader.iterator()) {
                for (int i = 0; it.hasNext(); i++) {
                    Batch b = it.next();
                    assertThat(b.features()).as("batch %d", i).containsExactly(expected.get(i));
                    reused += seen.add(b.features()) ? 0 : 1;
                    it.recycle(b);
                }
            }
            assertThat(reused).as("prefetch %d", prefetch).isPositive();
        }
    }

    @Test
    void augmentationIsDrawnAnewEachEpochAndOnlyWhenAsked() {
        Dataset d = numbered(20).augment(new AddNoise());
        Loader loader = d.loader(20).shuffle(1);
        float[] e1 = epoch(loader).get(0);
        float[] e2 = epoch(loader).get(0);
        assertThat(e1).isNotEqualTo(e2);
        // the labels and base values survive the augmentation
        for (Batch b : d.loader(20)) {
            for (int k = 0; k < b.size(); k++) {
                int id = (int) b.features()[2 * k] % 1000;
                assertThat(b.features()[2 * k + 1] % 1000).isEqualTo(100 + id);
                assertThat(b.labels()[k]).isEqualTo(id % 4);
            }
        }
        for (Batch b : d.loader(20).augment(false)) {
            assertThat(b.features()[0]).isEqualTo(0f);
            assertThat(b.features()[2 * 19]).isEqualTo(19f);
        }
        // the draws of one sample differ between samples of the same batch
        float[] batch = epoch(d.loader(20)).get(0);
        assertThat(new java.util.HashSet<>(List.of(batch[0] - 0, batch[2] - 1, batch[4] - 2)).size())
                .isGreaterThan(1);
    }

    @Test
    void perBatchNormalizationEqualsNormalizingTheDataset() {
        Dataset raw = numbered(9);
        Normalization n = Normalization.standardize(new float[] {3f}, new float[] {2f});
        List<float[]> eager = epoch(raw.normalize(n).loader(4));
        List<float[]> lazy = epoch(raw.loader(4).normalize(n).prefetch(2));
        for (int i = 0; i < eager.size(); i++) {
            assertThat(lazy.get(i)).containsExactly(eager.get(i));
        }
        assertThat(eager.get(0)[0]).isEqualTo(-1.5f);
        assertThatThrownBy(() -> raw.normalize(n).loader(4).normalize(n))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already normalized");
        assertThatThrownBy(() ->
                        raw.loader(4).normalize(Normalization.standardize(new float[] {0, 0}, new float[] {1, 1})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 channel(s), the data has 1");
    }

    @Test
    void aFailureInTheProducerReachesTheConsumerAsItIs() {
        Transform failing = new AddNoise() {
            @Override
            public float[] apply(float[] sample, int[] shape, float[] fill, RandomGenerator random) {
                if (sample[0] == 37) {
                    throw new IllegalStateException("sample-37.png: broken");
                }
                return sample.clone();
            }
        };
        Loader loader = numbered(100).augment(failing).loader(10).prefetch(2);
        List<Integer> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
                    for (Batch b : loader) {
                        seen.add(b.size());
                    }
                })
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sample-37.png: broken");
        assertThat(seen).containsExactly(10, 10, 10);
    }

    @Test
    void closingStopsTheProducerThread() throws InterruptedException {
        Loader loader = numbered(10_000).loader(10).prefetch(3);
        try (Loader.BatchIterator it = loader.iterator()) {
            it.next();
            assertThat(producers()).isPositive();
        }
        for (int i = 0; i < 100 && producers() > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(producers()).isZero();
        Loader.BatchIterator finished = numbered(5).loader(2).prefetch(1).iterator();
        assertThat(ids(() -> finished)).hasSize(5);
        assertThatThrownBy(finished::next).isInstanceOf(java.util.NoSuchElementException.class);
    }

    private static long producers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("netforge-prefetch") && t.isAlive())
                .count();
    }

    @Test
    void waitTimeIsMeasured() {
        Loader.BatchIterator it =
                numbered(1000).augment(new AddNoise()).loader(10).iterator();
        while (it.hasNext()) {
            it.next();
        }
        assertThat(it.waitNanos()).isPositive();
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> numbered(3).loader(0)).hasMessageContaining("batch size must be at least 1, was 0");
        assertThatThrownBy(() -> numbered(3).loader(2).prefetch(-1)).hasMessageContaining("prefetch must be 0 (off)");
        assertThat(Arrays.asList(numbered(3).loader(2).dropLast(true).batchesPerEpoch()))
                .containsExactly(1);
    }
}
