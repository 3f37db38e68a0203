package io.netforge.graph;

import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * One layer output in both graph branches. The training branch (batch statistics, dropout masks) and the
 * evaluation branch (running statistics, no dropout) share their variables and stay the same
 * {@link SDVariable} until the first mode-dependent layer, so models without BatchNorm or Dropout build
 * each op once.
 *
 * @param train output in the training branch
 * @param eval output in the evaluation branch
 * @param shape shape of one sample (no batch dimension): {@code [C, H, W]} or {@code [features]}
 */
@SuppressWarnings("ArrayRecordComponent") // a shape of the graph, never compared or changed after the graph is built
public record Node(SDVariable train, SDVariable eval, long[] shape) {
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

    @SuppressWarnings("ReferenceEquality") // the question is whether both branches are the same variable object
    public boolean branchesShared() {
        return train == eval;
    }

    /** Number of values in one sample. */
    public long size() {
        return Sizes.product(shape);
    }

    @Override
    public String toString() {
        return "Node" + Arrays.toString(shape);
    }
}
