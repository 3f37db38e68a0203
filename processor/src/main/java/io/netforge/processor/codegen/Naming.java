package io.netforge.processor.codegen;

import com.palantir.javapoet.ClassName;
import io.netforge.processor.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The one naming scheme of generated classes: {@code com.example.MnistCnn} gives
 * {@code com.example.MnistCnnGraph} and {@code com.example.MnistCnnTrainer}; a nested
 * {@code Outer.Net} gives {@code Outer_NetGraph} and {@code Outer_NetTrainer}.
 */
final class Naming {
    private Naming() {}

    static ClassName model(ModelSpec model) {
        List<String> names = new ArrayList<>(model.enclosingNames());
        names.add(model.simpleName());
        return ClassName.get(
                model.packageName(),
                names.get(0),
                names.subList(1, names.size()).toArray(String[]::new));
    }

    static ClassName graph(ModelSpec model) {
        return ClassName.get(model.packageName(), model.graphName());
    }

    /** The model's subclass nested in the graph class, whose layer fields hold their summaries. */
    static ClassName layers(ModelSpec model) {
        return graph(model).nestedClass("Layers");
    }

    static ClassName trainer(ModelSpec model) {
        return ClassName.get(model.packageName(), model.trainerName());
    }
}
