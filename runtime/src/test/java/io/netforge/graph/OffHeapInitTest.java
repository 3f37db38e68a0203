package io.netforge.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.annotations.LossFunction;
import org.junit.jupiter.api.Test;

/**
 * Issue 22: initial weights are drawn straight into ND4J's off-heap arrays, so a model whose weights do not fit the
 * Java heap still starts. Runs in the surefire execution {@code small-heap} (runtime/pom.xml) with a 256 MB heap:
 * drawing the 314 MB layer into a Java array first, as before, fails there with an OutOfMemoryError.
 */
class OffHeapInitTest {
    @Test
    void aLayerLargerThanTheHeapIsInitializedOffHeap() {
        assertThat(Runtime.getRuntime().maxMemory())
                .as("this test needs the small-heap execution")
                .isLessThan(400L << 20);
        GraphBuilder g = new GraphBuilder("Wide", 1);
        Node x = g.flatInput(784);
        x = g.dense("wide", x, 100_000, true, ParamInit.pytorchDefault(), Penalty.NONE); // 78.4 M weights, 314 MB
        x = g.dense("out", x, 10, true, ParamInit.pytorchDefault(), Penalty.NONE);
        NetGraph graph = g.build(x, 10, LossFunction.SOFTMAX_CROSS_ENTROPY);
        assertThat(graph.array("wide/W").length()).isEqualTo(784L * 100_000);
        double bound = 1.0 / Math.sqrt(784);
        assertThat(graph.array("wide/W").amaxNumber().doubleValue())
                .isGreaterThan(0.99 * bound)
                .isLessThanOrEqualTo((double) (float) bound);
    }

    /**
     * An array larger than the machine's memory is refused before libnd4j tries it (which crashes the JVM: SIGSEGV
     * for this 2^30 × 2^30 matrix), with the model, the array, its shape and its size.
     */
    @Test
    void anArrayLargerThanTheMachineIsRefusedByName() {
        GraphBuilder g = new GraphBuilder("Huge", 1);
        Node x = g.flatInput(1 << 30);
        assertThatThrownBy(() -> g.dense("wide", x, 1 << 30, false, ParamInit.pytorchDefault(), Penalty.NONE))
                .isInstanceOf(OutOfMemoryError.class)
                .hasMessageStartingWith(
                        "Huge: cannot allocate wide/W [1073741824, 1073741824], 1,152,921,504,606,846,976 floats"
                                + " (4294967296.0 GiB) off-heap: the machine has ")
                .hasMessageEndingWith(" of memory available");
    }
}
