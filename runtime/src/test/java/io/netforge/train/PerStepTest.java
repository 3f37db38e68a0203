package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.netforge.annotations.Bidirectional;
import io.netforge.annotations.LossFunction;
import io.netforge.annotations.Task;
import io.netforge.data.Batch;
import io.netforge.data.Dataset;
import io.netforge.graph.GraphBuilder;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Node;
import io.netforge.graph.ParamInit;
import io.netforge.graph.Penalty;
import io.netforge.train.engine.Engine;
import io.netforge.train.engine.Losses;
import io.netforge.train.engine.Targets;
import io.netforge.train.inference.Evaluation;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A class at every step ({@code Task.CLASS_PER_STEP}): the loss is the mean cross-entropy over the steps that have a
 * target (PyTorch's {@code CrossEntropyLoss(ignore_index=-1)}), its gradient that mean's, padding changes nothing,
 * and a small next-token model learns.
 */
class PerStepTest {
    static final int LENGTH = 10;
    static final int VOCABULARY = 7;

    /** Embedding, LSTM over every step, a dense layer on each step. */
    static NetGraph model(long seed) {
        GraphBuilder g = new GraphBuilder("NextToken", seed);
        Node x = g.tokenInput(LENGTH, VOCABULARY);
        x = g.embedding("embed", x, 8);
        x = g.lstm("rnn", x, 16, true, Bidirectional.NONE, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.dense("next", x, VOCABULARY, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, VOCABULARY, LossFunction.SOFTMAX_CROSS_ENTROPY, Task.CLASS_PER_STEP);
    }

    /**
     * Sequences counting up modulo 6 from a random start (ids 1..6), a random number of them padding at the end: each
     * step's label is the next id, -1 where there is none. The rule is learnable exactly.
     */
    static Dataset counting(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * LENGTH];
        int[] y = new int[n * LENGTH];
        java.util.Arrays.fill(y, -1);
        for (int i = 0; i < n; i++) {
            int used = 2 + r.nextInt(LENGTH - 1);
            int id = 1 + r.nextInt(6);
            for (int j = 0; j < used; j++) {
                x[i * LENGTH + j] = id;
                id = id % 6 + 1;
                if (j + 1 < used) {
                    y[i * LENGTH + j] = id;
                }
            }
        }
        return Dataset.perStep("counting", x, new int[] {LENGTH}, y, LENGTH, VOCABULARY);
    }

    static Trainer trainer(Engine engine) {
        return TinyModels.trainer(
                TrainConfig.builder()
                        .engine(engine)
                        .verbose(false)
                        .batchSize(16)
                        .epochs(30)
                        .learningRate(0.01)
                        .seed(3)
                        .build(),
                PerStepTest::model);
    }

    @Test
    void theLossIsTheMeanCrossEntropyOverTheStepsWithATarget() {
        Trainer t = trainer(Engine.PLANNED);
        Dataset data = counting(5, 1);
        Batch b = data.batches(5, false, 0).iterator().next();
        float[] logits = t.engine().logits(b);
        double sum = 0;
        int counted = 0;
        for (int r = 0; r < b.labels().length; r++) {
            if (b.labels()[r] >= 0) {
                sum += logSumExp(logits, r * VOCABULARY, VOCABULARY) - logits[r * VOCABULARY + b.labels()[r]];
                counted++;
            }
        }
        assertThat(counted).isLessThan(5 * LENGTH); // some steps have no target
        Evaluation e = t.evaluate(data);
        assertThat(e.count()).isEqualTo(counted);
        assertThat(e.loss()).isCloseTo(sum / counted, within(1e-5));
        for (Engine engine : Engine.values()) { // the training loss (no dropout here) is the same mean
            Trainer other = trainer(engine);
            var sums = other.manual().gradientSums(b); // a data-parallel shard's sums count its steps with a target
            assertThat(sums.count()).isEqualTo(counted);
            assertThat(sums.lossSum / sums.count()).as("%s", engine).isCloseTo(sum / counted, within(1e-5));
        }
    }

    @Test
    void theScaledTargetsGiveTheGradientOfTheMeanOverCountedSteps() {
        // Finite differences in double of L(z) = mean over rows with a target of CE(z_row, label)
        int rows = 6;
        int k = 4;
        int[] labels = {2, -1, 0, 3, -1, 1};
        Random r = new Random(5);
        float[] z = new float[rows * k];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) r.nextGaussian();
        }
        float[] target = Targets.perStep(labels, k, 0.1);
        float[] grad = new float[z.length];
        double loss = Losses.meanLossAndGradient(LossFunction.SOFTMAX_CROSS_ENTROPY, z, target, rows, k, grad);
        float[] smooth = Targets.smoothed(new int[] {2, 0, 3, 1}, k, 0.1);
        assertThat(loss).isCloseTo(meanOverCounted(z, labels, smooth, k), within(1e-6));
        double h = 1e-3;
        for (int i = 0; i < z.length; i++) {
            float[] plus = z.clone();
            float[] minus = z.clone();
            plus[i] += (float) h;
            minus[i] -= (float) h;
            double fd = (meanOverCounted(plus, labels, smooth, k) - meanOverCounted(minus, labels, smooth, k))
                    / (plus[i] - minus[i]);
            assertThat(grad[i]).as("d/dz[%d]", i).isCloseTo((float) fd, within(2e-4f));
        }
        for (int j = 0; j < k; j++) { // the rows without a target get no gradient
            assertThat(grad[k + j]).isZero();
            assertThat(grad[4 * k + j]).isZero();
        }
    }

    /** {@code log Σ exp z_j} over {@code z[offset .. offset + k)}, in double. */
    private static double logSumExp(float[] z, int offset, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, z[offset + j]);
        }
        double s = 0;
        for (int j = 0; j < k; j++) {
            s += Math.exp(z[offset + j] - max);
        }
        return Math.log(s) + max;
    }

    /** Smoothed cross-entropy in double, averaged over the rows whose label is not -1. */
    private static double meanOverCounted(float[] z, int[] labels, float[] smoothTargets, int k) {
        double sum = 0;
        int counted = 0;
        for (int row = 0; row < labels.length; row++) {
            if (labels[row] < 0) {
                continue;
            }
            double lse = logSumExp(z, row * k, k);
            for (int j = 0; j < k; j++) {
                sum += smoothTargets[counted * k + j] * (lse - z[row * k + j]);
            }
            counted++;
        }
        return sum / counted;
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void learnsTheNextIdAndPaddingChangesNoStepBeforeIt(Engine engine) {
        Trainer t = trainer(engine);
        Dataset train = counting(256, 1);
        Dataset test = counting(64, 2);
        double before = t.evaluate(test).loss();
        t.fit(train, null);
        Evaluation after = t.evaluate(test);
        assertThat(before).isGreaterThan(1.5); // about log 7 untrained
        // the first step of a sequence cannot be known (its start is random); every later one can
        assertThat(after.accuracy()).as("%s", after).isGreaterThan(0.95);
        assertThat(after.loss()).isLessThan(0.2);
        // the logits of the real steps do not depend on what follows them
        float[] sample = test.features(0);
        int used = 0;
        while (used < LENGTH && sample[used] != 0) {
            used++;
        }
        float[] other = sample.clone();
        for (int j = used; j < LENGTH; j++) {
            other[j] = 0;
        }
        float[] a = t.predictor().logits(new float[][] {sample})[0];
        float[] b = t.predictor().logits(new float[][] {other})[0];
        assertThat(a).hasSize(LENGTH * VOCABULARY);
        for (int i = 0; i < used * VOCABULARY; i++) {
            assertThat(b[i]).isCloseTo(a[i], within(1e-6f));
        }
    }

    @Test
    void aPerStepModelRefusesOneLabelPerSampleAndTheReverse() {
        Trainer t = trainer(Engine.PLANNED);
        Dataset perSample = new Dataset("one-label", new float[LENGTH], new int[] {1}, new int[] {LENGTH}, 2);
        assertThatThrownBy(() -> t.fit(perSample, null))
                .hasMessageContaining("NextToken scores classes at each of its 10 steps but dataset 'one-label' has"
                        + " one label per sample; build it with Dataset.perStep(...)");
        Trainer classifier =
                TinyModels.trainer(TrainConfig.builder().verbose(false).build(), TextModelTest.model(LENGTH));
        assertThatThrownBy(() -> classifier.fit(counting(4, 1), null))
                .hasMessageContaining("has one class per sample but dataset 'counting' has a label per step; a label"
                        + " per step needs @Model(task = CLASS_PER_STEP)");
    }

    @Test
    void perStepDatasetsCheckTheirLabelsAndKeepThemThroughSubsets() {
        assertThatThrownBy(() -> Dataset.perStep("d", new float[4], new int[] {2}, new int[] {0, 1, 5}, 2, 3))
                .hasMessageContaining("dataset 'd': 3 step labels are not a whole number of samples of 2 steps");
        assertThatThrownBy(() -> Dataset.perStep("d", new float[4], new int[] {2}, new int[] {0, 1, 2, 3}, 2, 3))
                .hasMessageContaining("dataset 'd': label 3 at step 1 of sample 1 is outside [0, 3) and not -1");
        assertThatThrownBy(() -> Dataset.perStep("d", new float[6], new int[] {2}, new int[] {0, 1, 2, -1}, 2, 3))
                .hasMessageContaining("2 samples of step labels need 4 feature values");
        Dataset d = Dataset.perStep(
                "d", new float[] {1, 2, 3, 4, 5, 6}, new int[] {2}, new int[] {0, 1, 2, -1, 1, 1}, 2, 3);
        assertThat(d.labelSteps()).isEqualTo(2);
        assertThat(d.toString()).contains("3 classes per step");
        Dataset back = d.subset(new int[] {1, 0}, "back");
        int[] labels = new int[4];
        back.copyStepLabels(0, labels, 0);
        back.copyStepLabels(1, labels, 2);
        assertThat(labels).containsExactly(2, -1, 0, 1);
        Batch b = back.batches(2, false, 0).iterator().next();
        assertThat(b.labels()).containsExactly(2, -1, 0, 1);
        assertThat(b.labelsPerSample()).isEqualTo(2);
        assertThatThrownBy(() -> d.label(0)).hasMessageContaining("has a label per step");
        assertThatThrownBy(() -> d.ofClasses(1)).hasMessageContaining("needs one label per sample");
    }

    @Test
    void generatesTheRuleGreedilyAndTheCacheGivesTheSameTokensAsTheWindow() {
        Trainer t = trainer(Engine.PLANNED);
        t.fit(counting(256, 1), null);
        var p = t.predictor();
        assertThat(p.generate(new int[] {3}, 8, 0, 0, 1)).containsExactly(4, 5, 6, 1, 2, 3, 4, 5);
        assertThat(p.generateWithoutCache(new int[] {3}, 8, 0, 0, 1)).containsExactly(4, 5, 6, 1, 2, 3, 4, 5);
        for (long seed = 0; seed < 5; seed++) { // sampled: the same draws, the same scores to within float rounding
            int[] cached = p.generate(new int[] {6, 1}, 8, 2.0, 4, seed);
            assertThat(p.generateWithoutCache(new int[] {6, 1}, 8, 2.0, 4, seed))
                    .as("seed %d", seed)
                    .containsExactly(cached);
            assertThat(p.generate(new int[] {6, 1}, 8, 2.0, 4, seed)).containsExactly(cached);
            assertThat(java.util.Arrays.stream(cached).allMatch(id -> id >= 1 && id < VOCABULARY))
                    .isTrue();
        }
        // a hot temperature over all ids draws ids the rule would not: different seeds, different tokens
        assertThat(p.generate(new int[] {1}, 30, 5.0, 0, 1)).isNotEqualTo(p.generate(new int[] {1}, 30, 5.0, 0, 2));
        // beyond the window the cache keeps the state and the window forgets: both still follow the rule
        assertThat(p.generate(new int[] {2}, 25, 0, 0, 1)).containsSequence(3, 4, 5, 6, 1, 2, 3);
    }

    /** Embedding, learned positions, two causal pre-norm GELU encoder layers, layer norm, dense on each step. */
    static NetGraph transformer(long seed) {
        GraphBuilder g = new GraphBuilder("NextTokenTransformer", seed);
        Node x = g.tokenInput(LENGTH, VOCABULARY);
        x = g.embedding("embed", x, 16);
        x = g.positionEmbedding("positions", x, 0, false);
        x = g.transformerEncoder(
                "blocks", x, 2, 32, 0.0, true, true, true, 2, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.layerNorm("norm", x, 1e-5);
        x = g.dense("next", x, VOCABULARY, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, VOCABULARY, LossFunction.SOFTMAX_CROSS_ENTROPY, Task.CLASS_PER_STEP);
    }

    @Test
    void aCausalTransformerGeneratesWithItsKeysAndValuesCachedAsWithTheWindow() {
        Trainer t = TinyModels.trainer(
                TrainConfig.builder()
                        .verbose(false)
                        .batchSize(16)
                        .epochs(30)
                        .learningRate(0.005)
                        .seed(3)
                        .build(),
                PerStepTest::transformer);
        t.fit(counting(256, 1), null);
        Evaluation e = t.evaluate(counting(64, 2));
        assertThat(e.accuracy()).as("%s", e).isGreaterThan(0.95);
        var p = t.predictor();
        assertThat(p.generate(new int[] {3}, 8, 0, 0, 1)).containsExactly(4, 5, 6, 1, 2, 3, 4, 5);
        for (long seed = 0; seed < 5; seed++) { // the cache: one step a token; the window: the whole prefix again
            int[] cached = p.generate(new int[] {6, 1}, 8, 2.0, 0, seed);
            assertThat(p.generateWithoutCache(new int[] {6, 1}, 8, 2.0, 0, seed))
                    .as("seed %d", seed)
                    .containsExactly(cached);
        }
        // past the 10 positions the cache cannot go: the window takes over and still follows the rule
        assertThat(p.generate(new int[] {2}, 25, 0, 0, 1)).containsSequence(3, 4, 5, 6, 1, 2, 3);
    }

    @Test
    void generationRefusesWhatItCannotDo() {
        Trainer t = trainer(Engine.PLANNED);
        var p = t.predictor();
        assertThatThrownBy(() -> p.generate(new int[0], 3, 0, 0, 1)).hasMessageContaining("a prompt of at least one");
        assertThatThrownBy(() -> p.generate(new int[] {0}, 3, 0, 0, 1))
                .hasMessageContaining("prompt token 0 has id 0, not in [1, 7)");
        assertThatThrownBy(() -> p.generate(new int[] {1}, 3, -1, 0, 1))
                .hasMessageContaining("Expected a finite number >= 0 (0: greedy). Received: temperature=-1.0");
        assertThatThrownBy(() -> p.generate(new int[] {1}, -1, 0, 0, 1)).hasMessageContaining("steps=-1");
        assertThatThrownBy(() -> p.generate(new int[] {1}, 1, 1, -2, 1)).hasMessageContaining("topK=-2");
        assertThatThrownBy(() -> p.probabilities(new float[LENGTH]))
                .hasMessageContaining("NextToken scores classes at each of its 10 steps; it has no class"
                        + " probabilities per sample");
        Trainer classifier =
                TinyModels.trainer(TrainConfig.builder().verbose(false).build(), TextModelTest.model(LENGTH));
        assertThatThrownBy(() -> classifier.predictor().generate(new int[] {1}, 3, 0, 0, 1))
                .hasMessageContaining("generate needs a CLASS_PER_STEP model over @Input(tokens = …)");
    }

    @Test
    void theCharactersTravelWithTheWeightsAndTextComesOutOfText(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Trainer t = trainer(Engine.PLANNED);
        t.fit(counting(256, 1), null);
        assertThatThrownBy(() -> t.predictor().generate("c", 3, 0, 0, 1))
                .hasMessageContaining("NextToken carries no character vocabulary");
        io.netforge.text.Characters abc = io.netforge.text.Characters.of("abcdef");
        assertThatThrownBy(() -> t.characters(io.netforge.text.Characters.of("abc")))
                .hasMessageContaining("NextToken cannot carry a vocabulary of 4 ids (3 characters and the padding): it"
                        + " scores 7 classes at each step");
        t.characters(abc);
        assertThat(t.predictor().generate("c", 8, 0, 0, 1)).isEqualTo("defabcde"); // ids count up modulo 6
        assertThatThrownBy(() -> t.predictor().generate("x", 3, 0, 0, 1))
                .hasMessageContaining("character 'x' at 0 is not in the vocabulary of 6 characters");
        java.nio.file.Path weights = dir.resolve("next.nfw");
        t.saveWeights(weights);
        Trainer fresh = trainer(Engine.PLANNED);
        fresh.loadWeights(weights);
        assertThat(fresh.characters()).isEqualTo(abc);
        assertThat(fresh.predictor().generate("c", 8, 0, 0, 1)).isEqualTo("defabcde");
        java.nio.file.Path checkpoint = dir.resolve("next.ckpt");
        t.saveCheckpoint(checkpoint);
        Trainer resumed = trainer(Engine.PLANNED);
        resumed.loadCheckpoint(checkpoint);
        assertThat(resumed.characters()).isEqualTo(abc);
        // a weights file whose characters are not this model's: refused before anything changes
        Trainer other = TinyModels.trainer(TrainConfig.builder().verbose(false).build(), seed -> {
            GraphBuilder g = new GraphBuilder("NextToken", seed);
            Node x = g.tokenInput(LENGTH, 5);
            x = g.embedding("embed", x, 8);
            x = g.lstm("rnn", x, 16, true, Bidirectional.NONE, ParamInit.pytorchDefault(), Penalty.NONE);
            x = g.dense("next", x, 5, true, ParamInit.pytorchDefault(), Penalty.NONE);
            return g.build(x, 5, LossFunction.SOFTMAX_CROSS_ENTROPY, Task.CLASS_PER_STEP);
        });
        var before = other.weights();
        assertThatThrownBy(() -> other.loadWeights(weights))
                .hasMessageContaining(weights.toString())
                .hasMessageContaining("cannot carry a vocabulary of 7 ids");
        assertThat(other.weights().get("next/W")).containsExactly(before.get("next/W"));
    }
}
