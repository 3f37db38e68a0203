package io.netforge.graph;

/**
 * A trainable variable of the graph.
 *
 * @param name variable name, {@code <layer>/<kind>} ({@code fc1/W}, {@code fc1/b}, {@code conv2/gamma})
 * @param shape its shape
 * @param penalty the layer's weight penalty; {@link Penalty#NONE} for biases and BatchNorm parameters
 */
@SuppressWarnings("ArrayRecordComponent") // a shape of the graph, never compared or changed after the graph is built
public record Param(String name, long[] shape, Penalty penalty) {
    public Param {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long size() {
        return Sizes.product(shape);
    }
}
