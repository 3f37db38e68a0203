package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.data.Dataset;
import io.netforge.plan.Plan;
import io.netforge.plan.PlanPool;
import io.netforge.train.engine.Engine;
import io.netforge.train.inference.Predictor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Predictions on the planned engine run concurrently, each on an evaluation plan of its own, and give exactly what
 * one thread computes; the SameDiff engine keeps them serialized on the model's lock.
 */
class ConcurrentPredictionTest {
    private static final PlannedEngineTest.Case CNN = PlannedEngineTest.cases().get(1);

    private static Trainer trained(Engine engine) {
        Trainer t = TinyModels.trainer(
                TrainConfig.builder()
                        .verbose(false)
                        .batchSize(16)
                        .seed(3)
                        .engine(engine)
                        .build(),
                CNN.graph());
        Dataset data = PlannedEngineTest.data(CNN, 64, 3);
        data.batches(16, true, 1).forEach(b -> t.manual().trainStep(b));
        return t;
    }

    @Test
    void concurrentPredictionsEqualSerialOnes() throws Exception {
        Trainer t = trained(Engine.PLANNED);
        Predictor predictor = t.predictor();
        Dataset data = PlannedEngineTest.data(CNN, 40, 3);
        float[][] samples = new float[data.size()][];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = data.features(i);
        }
        float[][] serialBatch = predictor.probabilities(samples);
        float[][] serialOne = new float[samples.length][];
        for (int i = 0; i < samples.length; i++) {
            serialOne[i] = predictor.probabilities(samples[i]);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int id = thread;
                results.add(pool.submit(() -> {
                    for (int rep = 0; rep < 15; rep++) {
                        if ((rep + id) % 2 == 0) {
                            assertThat(predictor.probabilities(samples)).isDeepEqualTo(serialBatch);
                        } else {
                            int i = (rep * 7 + id) % samples.length;
                            assertThat(predictor.probabilities(samples[i])).containsExactly(serialOne[i]);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : results) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A dense model's evaluation runs several batches of a dataset at once (one native thread each); what each sample
     * gets, and the evaluation's loss and accuracy, are what batches run one after another give.
     */
    @Test
    void batchesEvaluatedSideBySideEqualOneAfterAnother() {
        PlannedEngineTest.Case mlp = PlannedEngineTest.cases().get(0);
        Trainer t = TinyModels.trainer(
                TrainConfig.builder().verbose(false).batchSize(16).seed(3).build(), mlp.graph());
        PlannedEngineTest.data(mlp, 64, 3)
                .batches(16, true, 1)
                .forEach(b -> t.manual().trainStep(b));
        Dataset data = PlannedEngineTest.data(mlp, 256 * 9 + 17, 4); // ten batches: more than one wave
        float[][] samples = new float[data.size()][];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = data.features(i);
        }
        float[][] oneAfterAnother = t.predictor().probabilities(samples);
        assertThat(t.predictor().probabilities(data)).isDeepEqualTo(oneAfterAnother);
        int[] labels = new int[data.size()];
        double loss = 0;
        long correct = 0;
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.label(i);
            loss -= Math.log(oneAfterAnother[i][labels[i]]);
            int predicted = 0;
            for (int j = 1; j < oneAfterAnother[i].length; j++) {
                predicted = oneAfterAnother[i][j] > oneAfterAnother[i][predicted] ? j : predicted;
            }
            correct += predicted == labels[i] ? 1 : 0;
        }
        io.netforge.train.inference.Evaluation e = t.evaluate(data);
        assertThat(e.correct()).isEqualTo(correct);
        assertThat(e.loss()).isCloseTo(loss / data.size(), org.assertj.core.api.Assertions.within(1e-4));
    }

    /** Weights loaded while other threads predict: every prediction is wholly the old model's or the new one's. */
    @Test
    void predictionsDuringLoadWeightsSeeOneModelOrTheOther(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Trainer t = trained(Engine.PLANNED);
        java.nio.file.Path before = dir.resolve("before.nfw");
        java.nio.file.Path after = dir.resolve("after.nfw");
        t.saveWeights(before);
        Dataset data = PlannedEngineTest.data(CNN, 64, 3);
        data.batches(16, true, 2).forEach(b -> t.manual().trainStep(b));
        data.batches(16, true, 3).forEach(b -> t.manual().trainStep(b));
        t.saveWeights(after);
        float[][] samples = new float[16][];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = data.features(i);
        }
        Predictor predictor = t.predictor();
        t.loadWeights(before);
        float[][] old = predictor.probabilities(samples);
        t.loadWeights(after);
        float[][] current = predictor.probabilities(samples);
        assertThat(maxDifference(old, current)).as("the two models differ").isGreaterThan(1e-3);
        java.util.concurrent.atomic.AtomicBoolean loading = new java.util.concurrent.atomic.AtomicBoolean(true);
        AtomicInteger seenOld = new AtomicInteger();
        AtomicInteger seenNew = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> loader = pool.submit(() -> {
                try {
                    // at least 20 loads, and on until the predicting threads have made 50 predictions between them
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                    for (int i = 0;
                            (i < 20 || seenOld.get() + seenNew.get() < 50) && System.nanoTime() < deadline;
                            i++) {
                        t.loadWeights(i % 2 == 0 ? before : after);
                    }
                } finally {
                    loading.set(false);
                }
                return null;
            });
            List<Future<?>> predictors = new ArrayList<>();
            for (int thread = 0; thread < 2; thread++) {
                predictors.add(pool.submit(() -> {
                    while (loading.get()) {
                        float[][] p = predictor.probabilities(samples);
                        if (maxDifference(p, old) < 1e-6) {
                            seenOld.incrementAndGet();
                        } else {
                            assertThat(maxDifference(p, current))
                                    .as("a prediction mixing two models' weights")
                                    .isLessThan(1e-6);
                            seenNew.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            loader.get(300, TimeUnit.SECONDS);
            for (Future<?> f : predictors) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seenOld.get() + seenNew.get())
                .as("predictions made while loading")
                .isGreaterThanOrEqualTo(50);
    }

    private static double maxDifference(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }

    @Test
    void plannedPredictionsOnlyShareTheModelsLock() throws Exception {
        Trainer planned = trained(Engine.PLANNED);
        Trainer reference = trained(Engine.SAMEDIFF);
        float[] sample = PlannedEngineTest.data(CNN, 1, 3).features(0);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            planned.modelState().readLock().lock();
            try {
                // another prediction holds the read lock: a planned prediction still runs
                Future<Integer> p = pool.submit(() -> planned.predictor().predict(sample));
                assertThat(p.get(60, TimeUnit.SECONDS)).isBetween(0, 2);
            } finally {
                planned.modelState().readLock().unlock();
            }
            reference.modelState().lock().lock();
            Future<Integer> r;
            try {
                // the SameDiff engine's session is not thread-safe: its predictions wait for the model's lock
                r = pool.submit(() -> reference.predictor().predict(sample));
                Thread.sleep(300);
                assertThat(r.isDone()).isFalse();
            } finally {
                reference.modelState().lock().unlock();
            }
            assertThat(r.get(60, TimeUnit.SECONDS)).isBetween(0, 2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPoolHandsEachThreadItsOwnPlanAndKeepsTheRecentOnes() {
        AtomicInteger made = new AtomicInteger();
        Trainer t = trained(Engine.PLANNED);
        try (PlanPool pool = new PlanPool(
                n -> {
                    made.incrementAndGet();
                    return Plan.inference(t.graph(), n);
                },
                2)) {
            Plan a = pool.take(4);
            Plan b = pool.take(4);
            assertThat(b).isNotSameAs(a);
            pool.give(a);
            assertThat(pool.take(4)).isSameAs(a);
            Plan c = pool.take(3);
            assertThat(c.batchSize()).isEqualTo(3);
            pool.give(a);
            pool.give(b);
            pool.give(c); // a, the least recently returned, is closed
            assertThat(pool.idle()).isEqualTo(2);
            assertThat(pool.take(3)).isSameAs(c);
            assertThat(pool.take(4)).isSameAs(b);
            assertThat(pool.take(4)).isNotSameAs(a);
            assertThat(made.get()).isEqualTo(4);
        }
    }
}
