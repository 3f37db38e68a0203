package io.netforge.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The embedding trap of SameDiff M2.1 (docs/samediff.md, fact 18): {@code gather}'s gradient overwrites where it must
 * add, so an id that occurs more than once in a batch (every common word) gets the gradient of one occurrence. Two
 * formulations that give the right sum are pinned beside it. When the first test fails, SameDiff's gather has been
 * fixed and an embedding could use it.
 */
class EmbeddingOpsFactsTest {
    private static final int[] IDS = {1, 1, 3, 1};
    /** dL/dW for L = sum(W[ids]) and W of 4×2: row 1 three times, row 3 once. */
    private static final float[][] RIGHT = {{0, 0}, {3, 3}, {0, 0}, {1, 1}};

    private static INDArray gradient(java.util.function.BiFunction<SameDiff, SDVariable, SDVariable> lookup) {
        SameDiff sd = SameDiff.create();
        SDVariable w = sd.var("W", Nd4j.linspace(DataType.FLOAT, 1, 8, 1).reshape(4, 2));
        SDVariable out = lookup.apply(sd, w);
        out.sum().markAsLoss();
        Map<String, INDArray> grads = sd.calculateGradients(Map.of(), "W");
        return grads.get("W");
    }

    @Test
    void gathersGradientOverwritesRepeatedIds() {
        INDArray g = gradient((sd, w) -> sd.gather(w, sd.constant(Nd4j.createFromArray(IDS)), 0));
        assertThat(g.getRow(1).toFloatVector())
                .as("gather's gradient for id 1, which occurs three times: %s", g)
                .containsExactly(1f, 1f);
        assertThat(g.getRow(3).toFloatVector()).containsExactly(1f, 1f);
    }

    @Test
    void aOneHotProductGivesTheSum() {
        INDArray g =
                gradient((sd, w) -> sd.oneHot(sd.constant(Nd4j.createFromArray(IDS)), 4, -1, 1.0, 0.0, DataType.FLOAT)
                        .mmul(w));
        assertThat(g.toFloatMatrix()).isDeepEqualTo(RIGHT);
    }

    @Test
    void unsortedSegmentSumOfTheOutputGradientGivesTheSum() {
        INDArray upstream = Nd4j.ones(DataType.FLOAT, 4, 2); // dL/dW[ids] for L = sum
        SameDiff sd = SameDiff.create();
        SDVariable sum = sd.unsortedSegmentSum(sd.constant(upstream), sd.constant(Nd4j.createFromArray(IDS)), 4);
        assertThat(sum.eval().toFloatMatrix()).isDeepEqualTo(RIGHT);
    }

    /**
     * docs/samediff.md, fact 22: a sum over a dimension of length 1 of a value computed from a placeholder throws;
     * when this test fails, the one-step special case in {@code SameDiffOps.sequenceMeanPool} can go.
     */
    @Test
    void aSumOverADimensionOfLengthOneThrows() {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, 1);
        SDVariable sum = sd.castTo(in.neq(0.0), DataType.FLOAT).sum(true, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        sum.eval(Map.of("in", Nd4j.createFromArray(new float[][] {{3}, {0}}))))
                .isInstanceOf(NullPointerException.class);
    }
}
