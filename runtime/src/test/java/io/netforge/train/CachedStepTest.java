package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netforge.data.Batch;
import io.netforge.graph.GraphBuilder;
import io.netforge.train.engine.Engine;
import io.netforge.train.engine.GradientSums;
import io.netforge.train.engine.Targets;
import io.netforge.util.NdArrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The SameDiff engine runs SameDiff's gradient function with the session's array cache on, so a step's activations and
 * gradients live in arrays the previous step used. Each step must still compute exactly what SameDiff's own
 * {@code calculateGradientsAndOutputs} (cache off, fresh arrays) computes for the same weights and batch.
 */
class CachedStepTest {
    @Test
    void everyStepsGradientsEqualSameDiffsFreshComputation() {
        Trainer t = TinyModels.trainer(
                TrainConfig.builder()
                        .verbose(false)
                        .batchSize(32)
                        .engine(Engine.SAMEDIFF)
                        .build(),
                seed -> TinyModels.cnn(seed, 0)); // no dropout: both computations see the same graph
        SameDiff sd = t.graph().sameDiff();
        Iterator<Batch> batches =
                TinyModels.bars(32 * 6, 3).batches(32, true, 5).iterator();
        for (int step = 0; step < 6; step++) {
            Batch b = batches.next();
            GradientSums cached = t.manual().gradientSums(b); // through the cached session (changes no weight)

            Map<String, INDArray> feed = new HashMap<>();
            feed.put(GraphBuilder.INPUT, NdArrays.floats(b.features(), b.size(), 1, 8, 8));
            feed.put(GraphBuilder.LABELS, NdArrays.floats(Targets.smoothed(b.labels(), b.size(), 3, 0), b.size(), 3));
            Map<String, INDArray> fresh = sd.calculateGradientsAndOutputs(
                            feed,
                            java.util.List.of(GraphBuilder.LOSS),
                            t.graph().params().stream().map(p -> p.name()).toList())
                    .getGradients();
            for (Map.Entry<String, float[]> e : cached.gradients.entrySet()) {
                float[] expected = NdArrays.toFloats(fresh.get(e.getKey()));
                float[] actual = e.getValue();
                for (int i = 0; i < expected.length; i++) {
                    assertThat(actual[i] / b.size())
                            .as("step %d, %s[%d]", step, e.getKey(), i)
                            .isCloseTo(expected[i], within(1e-6f));
                }
            }
            t.manual()
                    .trainStep(b); // then a real update, so the next step starts from other weights with reused arrays
        }
    }
}
