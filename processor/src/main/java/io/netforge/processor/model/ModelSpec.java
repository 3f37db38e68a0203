package io.netforge.processor.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything the writers need to know about one valid {@code @Model} class; built only after validation
 * found no error, so every shape in it can be inferred.
 *
 * @param packageName the model's package ({@code ""} for the unnamed package)
 * @param simpleName the model class's simple name
 * @param input the shape of one input sample
 * @param layers one per {@code Layer} field, in source order
 * @param classes number of classes: the declared one, or the last layer's width when 0 was declared
 * @param train the {@code @Train} settings
 * @param optimizer the declared optimizer, or {@link AdamSpec#DEFAULT}
 * @param enclosingNames simple names of the classes enclosing a nested model, outermost first; empty for a
 *     top-level model
 * @param task {@code @Model(task)}'s constant: {@code CLASSIFICATION}, {@code REGRESSION} ({@code classes} are then
 *     outputs with float targets) or {@code CLASS_PER_STEP} (the last layer scores {@code classes} at every step)
 */
public record ModelSpec(
        String packageName,
        String simpleName,
        Shape input,
        List<LayerSpec> layers,
        int classes,
        TrainSpec train,
        OptimizerSpec optimizer,
        List<String> enclosingNames,
        String task) {

    public ModelSpec {
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(simpleName, "simpleName");
        Objects.requireNonNull(input, "input");
        layers = List.copyOf(layers);
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(optimizer, "optimizer");
        enclosingNames = List.copyOf(enclosingNames);
        Objects.requireNonNull(task, "task");
    }

    /** A classifier's spec. */
    public ModelSpec(
            String packageName,
            String simpleName,
            Shape input,
            List<LayerSpec> layers,
            int classes,
            TrainSpec train,
            OptimizerSpec optimizer,
            List<String> enclosingNames) {
        this(packageName, simpleName, input, layers, classes, train, optimizer, enclosingNames, "CLASSIFICATION");
    }

    /** Whether {@code @Model(task = REGRESSION)}. */
    public boolean regression() {
        return "REGRESSION".equals(task);
    }

    /** Whether {@code @Model(task = CLASS_PER_STEP)}: a class for every step of the output sequence. */
    public boolean perStep() {
        return "CLASS_PER_STEP".equals(task);
    }

    /**
     * The stem of the generated classes' names: the simple name, prefixed by the enclosing classes' names
     * joined with {@code _} for a nested model ({@code Outer.Net} gives {@code Outer_Net}).
     */
    public String generatedStem() {
        List<String> parts = new ArrayList<>(enclosingNames);
        parts.add(simpleName);
        return String.join("_", parts);
    }

    public String graphName() {
        return generatedStem() + "Graph";
    }

    public String trainerName() {
        return generatedStem() + "Trainer";
    }

    /** The output shape of each layer, in layer order. */
    public List<Shape> shapes() {
        return ShapeInference.outputs(input, layers);
    }

    public long parameterCount() {
        return ParameterCount.of(input, layers);
    }
}
