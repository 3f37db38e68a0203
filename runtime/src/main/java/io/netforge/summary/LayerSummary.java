package io.netforge.summary;

import io.netforge.annotations.Layer;
import java.util.List;
import java.util.Objects;

/**
 * One row of a model's {@link Summary}, computed at compile time; also what a model's layer fields hold.
 *
 * @param type the layer's operations joined with {@code +}, e.g. {@code Conv+BatchNorm+Relu}
 * @param outputShape one sample's shape after the layer
 * @param parameterCount trainable parameters
 * @param bufferCount non-trainable values (BatchNorm running mean and variance)
 * @param flops forward FLOPs per sample in evaluation (a multiply-add counts two)
 */
public record LayerSummary(
        String name, String type, List<Integer> outputShape, long parameterCount, long bufferCount, long flops)
        implements Layer {
    public LayerSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        outputShape = List.copyOf(outputShape);
    }
}
