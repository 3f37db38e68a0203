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
 * @param group the {@code @Blocks} field this layer was expanded from ({@code layer2} for {@code layer2.0.conv1}),
 *     or {@code null} for a layer declared by a field of its own
 */
public record LayerSpec(String name, List<OpSpec> ops, Optional<InitSpec> init, PenaltySpec penalty, String group) {
    public LayerSpec {
        Objects.requireNonNull(name, "name");
        ops = List.copyOf(ops);
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(penalty, "penalty");
    }

    /** A layer declared by its own field. */
    public LayerSpec(String name, List<OpSpec> ops, Optional<InitSpec> init, PenaltySpec penalty) {
        this(name, ops, init, penalty, null);
    }

    /** A layer with PyTorch's default initialization and no penalty. */
    public static LayerSpec of(String name, OpSpec... ops) {
        return new LayerSpec(name, List.of(ops), Optional.empty(), PenaltySpec.NONE);
    }

    /** The same layer with other operations. */
    public LayerSpec withOps(List<OpSpec> newOps) {
        return new LayerSpec(name, newOps, init, penalty, group);
    }
}
