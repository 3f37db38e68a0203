package io.netforge.processor;

import io.netforge.graph.NetGraph;
import io.netforge.graph.Node;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects, while a probe copy of a generated graph is built ({@link RandomModelsTest}), each layer's output node,
 * so that a forward pass can fetch every layer's output (its evaluation-branch variable once the graph is built).
 * Public because the probe copies live in the generated models' package.
 */
public final class LayerProbe {
    private static Map<String, Node> outputs;

    private LayerProbe() {}

    static synchronized void start() {
        outputs = new LinkedHashMap<>();
    }

    /** Called by the probe copy after the last operation of each layer. */
    public static synchronized void record(String layer, Node x) {
        if (outputs == null) {
            throw new IllegalStateException("LayerProbe.start() was not called");
        }
        outputs.put(layer, x);
    }

    /** Layer name to its output variable in {@code graph}'s evaluation branch, in layer order. */
    static synchronized Map<String, String> finish(NetGraph graph) {
        Map<String, String> result = new LinkedHashMap<>();
        outputs.forEach((layer, node) -> result.put(layer, graph.variable(node, false)));
        outputs = null;
        return result;
    }
}
