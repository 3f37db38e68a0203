package io.netforge.annotations;

import java.util.List;

/**
 * The type of every layer field of a {@link Model}. The field's name names the layer: its parameters are
 * {@code <field>/W}, {@code <field>/b}, {@code <field>/gamma}, … in the graph.
 *
 * <p>Users never create layers: the generated trainer's {@code model()} returns an instance of the model
 * class whose layer fields describe the layers as the processor inferred them.
 */
public interface Layer {
    /** The field's name. */
    String name();

    /** The shape of one sample after this layer: {@code [channels, height, width]} or {@code [features]}. */
    List<Integer> outputShape();

    /** Trainable parameters, counted as PyTorch counts them. */
    long parameterCount();
}
