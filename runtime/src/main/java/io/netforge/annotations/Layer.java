package io.netforge.annotations;

/**
 * The type of every layer field of a {@link Model}. The field's name names the layer: its parameters are
 * {@code <field>/W}, {@code <field>/b}, {@code <field>/gamma}, … in the graph.
 */
public interface Layer {
}
