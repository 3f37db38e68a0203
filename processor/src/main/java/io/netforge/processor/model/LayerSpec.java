package io.netforge.processor.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code Layer} field of a model.
 *
 * @param name the field's name, which names the layer's graph variables ({@code fc1/W})
 * @param ops the field's annotations in the order written
 * @param init the {@code @Init} that applies (field over model); empty means PyTorch's default
 * @param penalty the {@code @Regularize} that applies (field over model)
 */
public record LayerSpec(String name, List<OpSpec> ops, Optional<InitSpec> init, PenaltySpec penalty) {
    public LayerSpec {
        Objects.requireNonNull(name, "name");
        ops = List.copyOf(ops);
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(penalty, "penalty");
    }

    /** A layer with PyTorch's default initialization and no penalty. */
    public static LayerSpec of(String name, OpSpec... ops) {
        return new LayerSpec(name, List.of(ops), Optional.empty(), PenaltySpec.NONE);
    }
}
