package io.netforge.graph;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.annotations.LossFunction;
import io.netforge.data.Normalization;
import io.netforge.onnx.OnnxExportException;
import io.netforge.onnx.OnnxExporter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What ONNX export refuses at the graph level (docs/deploy.md, "Errors"): NetForge builds double-precision graphs
 * for its finite-difference gradient checks; the export writes float32 models only and says which array is not.
 */
class OnnxExporterTest {
    @Test
    void aDoublePrecisionGraphIsRefusedNamingTheArray() {
        GraphBuilder g = new GraphBuilder("Precise", 1, DataType.DOUBLE);
        Node x = g.flatInput(4);
        x = g.dense("fc", x, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
        NetGraph graph = g.build(x, 3, LossFunction.SOFTMAX_CROSS_ENTROPY);
        assertThatThrownBy(() -> OnnxExporter.model(graph, Normalization.none(), true, Map.of()))
                .isInstanceOf(OnnxExportException.class)
                .hasMessage("Precise: fc/W is DOUBLE; the ONNX export writes float32 models only");
    }
}
