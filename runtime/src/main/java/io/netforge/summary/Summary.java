package io.netforge.summary;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A model's torchsummary-like table, computed by the processor at compile time, as data and as text: the
 * generated {@code <Model>Graph.SUMMARY}, returned by the trainer's {@code summary()} and written beside the
 * model's class as {@code <Model>.summary.txt}. Values are float32 (4 bytes).
 *
 * @param inputShape one sample's input shape
 * @param layers one row per layer field, in order
 * @param activationValues values one sample's forward pass writes, over all operations
 * @param table the table as text, exactly as the processor rendered it
 */
public record Summary(
        String modelName,
        List<Integer> inputShape,
        int classes,
        List<LayerSummary> layers,
        long activationValues,
        String table) {
    public static final int BYTES_PER_VALUE = 4;

    public Summary {
        Objects.requireNonNull(modelName, "modelName");
        inputShape = List.copyOf(inputShape);
        layers = List.copyOf(layers);
        Objects.requireNonNull(table, "table");
    }

    /** Trainable parameters, as PyTorch counts them ({@code sum(p.numel() for p in model.parameters())}). */
    public long trainableParameters() {
        return layers.stream().mapToLong(LayerSummary::parameterCount).sum();
    }

    /** Non-trainable values: BatchNorm running means and variances. */
    public long nonTrainableParameters() {
        return layers.stream().mapToLong(LayerSummary::bufferCount).sum();
    }

    /** Memory of all parameters and buffers, in bytes. */
    public long parameterBytes() {
        return (trainableParameters() + nonTrainableParameters()) * BYTES_PER_VALUE;
    }

    /** Memory of one sample's forward activations, in bytes. */
    public long activationBytesPerSample() {
        return activationValues * BYTES_PER_VALUE;
    }

    /** Forward FLOPs per sample. */
    public long flopsPerSample() {
        return layers.stream().mapToLong(LayerSummary::flops).sum();
    }

    /**
     * The layers a {@code @Blocks} field expands to ({@code layer2.0.conv1} … {@code layer2.1}) as one: type
     * {@code Blocks}, the last one's output shape, their parameters, buffers and FLOPs summed.
     *
     * @throws IllegalArgumentException if no layer belongs to {@code field}
     */
    public LayerSummary group(String field) {
        List<LayerSummary> members =
                layers.stream().filter(l -> l.name().startsWith(field + ".")).toList();
        if (members.isEmpty()) {
            throw new IllegalArgumentException(modelName + " has no layers of a @Blocks field " + field);
        }
        return new LayerSummary(
                field,
                "Blocks",
                members.get(members.size() - 1).outputShape(),
                members.stream().mapToLong(LayerSummary::parameterCount).sum(),
                members.stream().mapToLong(LayerSummary::bufferCount).sum(),
                members.stream().mapToLong(LayerSummary::flops).sum());
    }

    /** The row of the layer (field) {@code name}. */
    public LayerSummary layer(String name) {
        return layers.stream()
                .filter(l -> l.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException(modelName + " has no layer named " + name));
    }

    @Override
    public String toString() {
        return table;
    }
}
