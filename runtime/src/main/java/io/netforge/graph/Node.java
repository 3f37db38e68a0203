package io.netforge.graph;

import java.util.Arrays;

/**
 * A value of the model being built: the output of a layer, numbered in the order {@link GraphBuilder} made it
 * (value 0 is the input), with the shape of one sample.
 *
 * @param id the value's number, what {@link LayerOp}s refer to
 * @param shape shape of one sample (no batch dimension): {@code [C, H, W]} or {@code [features]}
 */
@SuppressWarnings("ArrayRecordComponent") // a shape of the graph, never compared or changed after the graph is built
public record Node(int id, long[] shape) {
    public Node {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public boolean isImage() {
        return shape.length == 3;
    }

    /** Number of values in one sample. */
    public long size() {
        return Sizes.product(shape);
    }

    @Override
    public String toString() {
        return "Node" + id + Arrays.toString(shape);
    }
}
