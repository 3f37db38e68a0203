package io.netforge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.netforge.datasets.FashionMnist;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetTest {

    /** Sample i has features {i, 10 + i} and label i % 3, so every sample is recognisable from its features. */
    private static Dataset numbered(int n) {
        float[] features = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            features[2 * i] = i;
            features[2 * i + 1] = 10 + i;
            labels[i] = i % 3;
        }
        return new Dataset("numbered", features, labels, new int[] {2}, 3);
    }

    private static List<Integer> ids(Dataset d) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            ids.add((int) d.features(i)[0]);
        }
        return ids;
    }

    private static List<Integer> ids(Batch b) {
        List<Integer> ids = new ArrayList<>();
        for (int k = 0; k < b.size(); k++) {
            ids.add((int) b.features()[2 * k]);
        }
        return ids;
    }

    @Test
    void rejectsFeatureCountThatDoesNotMatchLabelsTimesShape() {
        assertThatThrownBy(() -> new Dataset("toy", new float[5], new int[2], new int[] {1, 2, 1}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("toy")
                .hasMessageContaining("5");
    }

    @Test
    void rejectsLabelsOutsideTheClassRange() {
        assertThatThrownBy(() -> new Dataset("toy", new float[3], new int[] {0, 2, 1}, new int[] {1}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("toy")
                .hasMessageContaining("label 2");
        assertThatThrownBy(() -> new Dataset("toy", new float[1], new int[] {-1}, new int[] {1}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("toy");
    }

    @Test
    void rejectsNonPositiveShapesAndClassCounts() {
        assertThatThrownBy(() -> new Dataset("toy", new float[0], new int[0], new int[] {0}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("toy");
        assertThatThrownBy(() -> new Dataset("toy", new float[0], new int[0], new int[0], 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("toy");
        assertThatThrownBy(() -> new Dataset("toy", new float[0], new int[0], new int[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("toy");
    }

    @Test
    void copiesItsInputsAndHandsOutCopies() {
        float[] features = {1, 2};
        int[] labels = {1};
        int[] shape = {2};
        Dataset d = new Dataset("toy", features, labels, shape, 2);
        features[0] = 99;
        labels[0] = 0;
        shape[0] = 1;
        d.sampleShape()[0] = 7;
        d.features(0)[1] = 42;

        assertThat(d.features(0)).containsExactly(1, 2);
        assertThat(d.label(0)).isEqualTo(1);
        assertThat(d.sampleShape()).containsExactly(2);
        assertThat(d.featureSize()).isEqualTo(2);
    }

    @Test
    void copyFeaturesWritesAtTheOffset() {
        Dataset d = numbered(4);
        float[] dst = new float[5];
        d.copyFeatures(3, dst, 2);
        assertThat(dst).containsExactly(0, 0, 3, 13, 0);
        assertThatThrownBy(() -> d.copyFeatures(0, dst, 4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> d.copyFeatures(4, dst, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void subsetTakesTheIndexedSamplesInOrder() {
        Dataset sub = numbered(5).subset(new int[] {4, 1, 1}, "sub");
        assertThat(sub.name()).isEqualTo("sub");
        assertThat(ids(sub)).containsExactly(4, 1, 1);
        assertThat(sub.label(0)).isEqualTo(1);
        assertThat(sub.features(0)).containsExactly(4, 14);
    }

    @Test
    void splitSizesFollowTheRoundedFractionAndPartsAreDisjoint() {
        Dataset d = numbered(10);
        Split split = d.split(0.75, 7);
        assertThat(split.first().size()).isEqualTo(8); // round(7.5)
        assertThat(split.second().size()).isEqualTo(2);

        Set<Integer> all = new HashSet<>(ids(split.first()));
        all.addAll(ids(split.second()));
        assertThat(all).hasSize(10);
        for (int i = 0; i < split.first().size(); i++) {
            int id = (int) split.first().features(i)[0];
            assertThat(split.first().label(i)).isEqualTo(id % 3);
        }
    }

    @Test
    void splitIsDeterministicBySeedAndDiffersAcrossSeeds() {
        Dataset d = numbered(100);
        assertThat(ids(d.split(0.3, 1).first())).isEqualTo(ids(d.split(0.3, 1).first()));
        assertThat(ids(d.split(0.3, 1).first()))
                .isNotEqualTo(ids(d.split(0.3, 2).first()));
        assertThat(ids(d.split(0.3, 1).first())).isNotEqualTo(ids(d).subList(0, 30));
    }

    @Test
    void splitRejectsFractionsOutsideTheUnitInterval() {
        assertThatThrownBy(() -> numbered(3).split(1.5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> numbered(3).split(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void batchesCoverEverySampleOnceAndKeepTheSmallerLastBatch() {
        Dataset d = numbered(10);
        for (boolean shuffle : new boolean[] {false, true}) {
            List<Integer> seen = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            for (Batch b : d.batches(4, shuffle, 3)) {
                sizes.add(b.size());
                assertThat(b.labels()).hasSize(b.size());
                assertThat(b.sampleShape()).containsExactly(2);
                for (int k = 0; k < b.size(); k++) {
                    int id = (int) b.features()[2 * k];
                    assertThat(b.features()[2 * k + 1]).isEqualTo(10 + id);
                    assertThat(b.labels()[k]).isEqualTo(id % 3);
                }
                seen.addAll(ids(b));
            }
            assertThat(sizes).containsExactly(4, 4, 2);
            assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            if (!shuffle) {
                assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            }
        }
    }

    @Test
    void eachIteratorIsAFullEpoch() {
        Iterable<Batch> epochs = numbered(7).batches(3, true, 5);
        for (int epoch = 0; epoch < 3; epoch++) {
            List<Integer> seen = new ArrayList<>();
            epochs.forEach(b -> seen.addAll(ids(b)));
            assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6);
        }
    }

    @Test
    void shuffleIsSeededAndDiffersPerSeed() {
        Dataset d = numbered(50);
        List<Integer> a = epochOrder(d.batches(8, true, 11));
        List<Integer> again = epochOrder(d.batches(8, true, 11));
        List<Integer> other = epochOrder(d.batches(8, true, 12));
        assertThat(a).isEqualTo(again);
        assertThat(a).isNotEqualTo(other);
        assertThat(a).isNotEqualTo(epochOrder(d.batches(8, false, 11)));
    }

    @Test
    void reusedShufflingIterableReshufflesEachEpochReproducibly() {
        Dataset d = numbered(50);
        Iterable<Batch> first = d.batches(8, true, 4);
        Iterable<Batch> second = d.batches(8, true, 4);
        List<Integer> epoch1 = epochOrder(first);
        List<Integer> epoch2 = epochOrder(first);
        assertThat(epoch1).isNotEqualTo(epoch2);
        assertThat(epochOrder(second)).isEqualTo(epoch1);
        assertThat(epochOrder(second)).isEqualTo(epoch2);
    }

    private static List<Integer> epochOrder(Iterable<Batch> batches) {
        List<Integer> order = new ArrayList<>();
        batches.forEach(b -> order.addAll(ids(b)));
        return order;
    }

    @Test
    void batchSizeMustBePositive() {
        assertThatThrownBy(() -> numbered(3).batches(0, false, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Two samples of shape {2, 1, 2} (2 channels of 1x2 pixels). Channel 0 holds 1, 2, 3, 4: mean 2.5,
     * population variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25. Channel 1 holds 10, 10, 20, 20: mean 15,
     * variance 25, std 5.
     */
    private static Dataset twoChannels() {
        float[] features = {1, 2, 10, 10, /* sample 1 */ 3, 4, 20, 20};
        return new Dataset("img", features, new int[] {0, 1}, new int[] {2, 1, 2}, 2);
    }

    @Test
    void statisticsArePerChannelPopulationMeanAndStd() {
        Statistics stats = twoChannels().statistics();
        assertThat(stats.mean()).containsExactly(new float[] {2.5f, 15f}, within(1e-6f));
        assertThat(stats.std()).containsExactly(new float[] {(float) Math.sqrt(1.25), 5f}, within(1e-6f));
    }

    @Test
    void flatDataIsOneChannel() {
        Dataset flat = new Dataset("flat", new float[] {1, 3, 5, 7}, new int[] {0, 1}, new int[] {2}, 2);
        Statistics stats = flat.statistics();
        assertThat(stats.mean()).containsExactly(4f);
        assertThat(stats.std()).containsExactly(new float[] {(float) Math.sqrt(5)}, within(1e-6f));
        assertThatThrownBy(() -> flat.standardize(new float[] {0, 0}, new float[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("flat");
    }

    @Test
    void statisticsKeepPrecisionOnLargeOffsets() {
        int n = 1_000_000;
        float[] features = new float[n];
        for (int i = 0; i < n; i++) {
            features[i] = i % 2 == 0 ? 1000.5f : 1001.5f;
        }
        Statistics stats = new Dataset("big", features, new int[n], new int[] {1}, 1).statistics();
        assertThat(stats.mean()[0]).isEqualTo(1001f);
        assertThat(stats.std()[0]).isCloseTo(0.5f, within(1e-6f));
    }

    @Test
    void standardizePerChannel() {
        Dataset d = twoChannels();
        Dataset s = d.standardize(new float[] {2.5f, 15f}, new float[] {0.5f, 5f});
        assertThat(s.features(0)).containsExactly(new float[] {-3, -1, -1, -1}, within(1e-6f));
        assertThat(s.features(1)).containsExactly(new float[] {1, 3, 1, 1}, within(1e-6f));
        assertThat(d.features(0)).containsExactly(1, 2, 10, 10);
        assertThat(s.name()).isEqualTo("img");
        assertThat(s.label(1)).isEqualTo(1);
    }

    @Test
    void standardizeWithScalarConstants() {
        Dataset s = twoChannels().standardize(2f, 4f);
        assertThat(s.features(0)).containsExactly(-0.25f, 0f, 2f, 2f);
    }

    @Test
    void standardizedDataHasZeroMeanAndUnitStd() {
        Dataset d = twoChannels();
        Statistics stats = d.statistics();
        Statistics after = d.standardize(stats.mean(), stats.std()).statistics();
        assertThat(after.mean()).containsExactly(new float[] {0, 0}, within(1e-6f));
        assertThat(after.std()).containsExactly(new float[] {1, 1}, within(1e-6f));
    }

    @Test
    void standardizeRejectsZeroStd() {
        assertThatThrownBy(() -> twoChannels().standardize(0f, 0f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("img");
        assertThatThrownBy(() -> twoChannels().standardize(new float[] {0, 0}, new float[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channel 1");
    }

    @Test
    void statisticsOfAnEmptyDatasetAreRefused() {
        Dataset empty = new Dataset("none", new float[0], new int[0], new int[] {3}, 2);
        assertThat(empty.size()).isZero();
        assertThat(empty.batches(4, true, 1)).isEmpty();
        assertThatThrownBy(empty::statistics)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("none");
    }

    @Test
    void batchRejectsInconsistentArrays() {
        assertThatThrownBy(() -> new Batch(new float[3], new int[2], 2, new int[] {2}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Arrays.toString(new Batch(new float[4], new int[2], 2, new int[] {2}).sampleShape()))
                .isEqualTo("[2]");
    }

    @Test
    void takeSampleAndOfClassesPickSamplesWithoutFractionArithmetic() throws java.io.IOException {
        Dataset train = FashionMnist.load().train();
        Dataset first = train.take(6000);
        assertThat(first.size()).isEqualTo(6000);
        assertThat(first.features(5999)).containsExactly(train.features(5999));
        assertThat(first.label(17)).isEqualTo(train.label(17));
        assertThat(train.take(0).size()).isZero();
        assertThat(train.take(1_000_000).size()).isEqualTo(train.size());

        Dataset random = train.sample(500, 7);
        assertThat(random.size()).isEqualTo(500);
        assertThat(train.sample(500, 7).features(123)).containsExactly(random.features(123));
        assertThat(train.sample(500, 8).features(123)).isNotEqualTo(random.features(123));
        long distinctClasses = java.util.stream.IntStream.range(0, 500)
                .map(random::label)
                .distinct()
                .count();
        assertThat(distinctClasses).as("a random draw covers the classes").isEqualTo(10);

        Dataset shirtsAndTrousers = train.take(1000).ofClasses(0, 1);
        assertThat(shirtsAndTrousers.classes())
                .as("the class count stays the model's")
                .isEqualTo(10);
        assertThat(java.util.stream.IntStream.range(0, shirtsAndTrousers.size())
                        .map(shirtsAndTrousers::label)
                        .distinct()
                        .sorted()
                        .toArray())
                .containsExactly(0, 1);
        long expected = java.util.stream.IntStream.range(0, 1000)
                .map(train::label)
                .filter(l -> l <= 1)
                .count();
        assertThat(shirtsAndTrousers.size()).isEqualTo(expected);
        assertThatThrownBy(() -> train.ofClasses(10)).hasMessageContaining("has classes 0..9, not 10");
        assertThatThrownBy(() -> train.take(-1)).hasMessageContaining("Received: n=-1");
        assertThatThrownBy(() -> train.ofClasses()).hasMessageContaining("needs at least one class");
    }

    /** The check runs over blocks in parallel, but the message names the first bad value, not the first found. */
    @Test
    void theFirstNonFiniteValueIsNamedAcrossBlocks() {
        int features = 1000;
        int samples = 3_000;
        float[] x = new float[samples * features];
        x[2_900 * features + 7] = Float.NaN;
        x[1_100 * features + 3] = Float.NEGATIVE_INFINITY;
        Dataset d = new Dataset("blocks", x, new int[samples], new int[] {features}, 2);
        assertThatThrownBy(d::requireFinite)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample 1100 holds -Infinity at feature 3");
        x[1_100 * features + 3] = 0;
        x[2_900 * features + 7] = 0;
        Dataset fine = new Dataset("fine", x, new int[samples], new int[] {features}, 2);
        assertThat(fine.requireFinite()).isSameAs(fine);
    }
}
