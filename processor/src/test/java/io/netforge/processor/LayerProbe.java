package io.netforge.processor;

import io.netforge.graph.Node;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects, while a probe copy of a generated graph is built ({@link RandomModelsTest}), the name of each
 * layer's output variable in the evaluation branch, so a forward pass can fetch every layer's output.
 * Public because the probe copies live in the generated models' package.
 */
public final class LayerProbe {
    private static Map<String, String> outputs;

    private LayerProbe() {}

    static synchronized void start() {
        outputs = new LinkedHashMap<>();
    }

    /** Called by the probe copy after the last operation of each layer. */
    public static synchronized void record(String layer, Node x) {
        if (outputs == null) {
            throw new IllegalStateException("LayerProbe.start() was not called");
        }
        outputs.put(layer, x.eval().name());
    }

    /** Layer name to its output variable, in layer order. */
    static synchronized Map<String, String> finish() {
        Map<String, String> result = outputs;
        outputs = null;
        return result;
    }
}
