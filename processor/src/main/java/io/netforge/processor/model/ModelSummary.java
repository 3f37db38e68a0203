package io.netforge.processor.model;

import java.util.List;
import java.util.Locale;

/** A plain-text table of a model's layers, shapes and parameter counts, printed with {@code -Anetforge.verbose=true}. */
public final class ModelSummary {
    private ModelSummary() {
    }

    public static String of(ModelSpec model) {
        StringBuilder sb = new StringBuilder();
        sb.append(model.simpleName()).append(": input ").append(model.input().text()).append('\n');
        List<Shape> shapes = model.shapes();
        Shape in = model.input();
        for (int i = 0; i < model.layers().size(); i++) {
            LayerSpec layer = model.layers().get(i);
            Shape out = shapes.get(i);
            StringBuilder ops = new StringBuilder();
            for (OpSpec op : layer.ops()) {
                ops.append(ops.length() == 0 ? "" : " ").append(op.annotation());
            }
            sb.append(String.format(Locale.ROOT, "  %s %s: %s -> %s, %,d parameters\n",
                    layer.name(), ops, in.text(), out.text(), ParameterCount.of(in, layer)));
            in = out;
        }
        sb.append(String.format(Locale.ROOT, "  %,d classes, %,d trainable parameters", model.classes(), model.parameterCount()));
        return sb.toString();
    }
}
