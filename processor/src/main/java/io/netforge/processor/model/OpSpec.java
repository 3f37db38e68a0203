package io.netforge.processor.model;

/**
 * One operation of a layer, from one annotation on its field; a field's operations run in the order the
 * annotations are written.
 */
public sealed interface OpSpec
        permits ConvOp,
                PoolOp,
                FlattenOp,
                DenseOp,
                ReluOp,
                LeakyReluOp,
                SigmoidOp,
                TanhOp,
                SoftmaxOp,
                BatchNormOp,
                DropoutOp,
                SpatialDropoutOp,
                GlobalAvgPoolOp,
                ResidualOp {

    /** The annotation the operation comes from, as written in source: {@code @Conv}. */
    String annotation();

    /**
     * Whether this operation is the layer proper (convolution, pooling, flattening, dense) rather than an
     * activation, normalization or dropout applied to it; a field holds at most one.
     */
    default boolean isMain() {
        return false;
    }
}
