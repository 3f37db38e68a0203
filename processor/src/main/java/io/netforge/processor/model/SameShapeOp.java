package io.netforge.processor.model;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An operation that keeps its input's shape and has no parameters: activations, softmax and dropouts. It writes one
 * value per input value (none for a dropout in evaluation: see each kind's {@link #activations}); each kind still
 * says its role, FLOPs and what it accepts when that is narrower than any shape.
 */
public sealed interface SameShapeOp extends OpSpec
        permits ReluOp, LeakyReluOp, SigmoidOp, TanhOp, GeluOp, SoftmaxOp, DropoutOp, SpatialDropoutOp {
    @Override
    default Optional<ShapeProblem> problem(Shape in) {
        return Optional.empty();
    }

    @Override
    default Shape output(Shape in) {
        return in;
    }

    @Override
    default long parameters(Shape in) {
        return 0;
    }

    @Override
    default long buffers(Shape in) {
        return 0;
    }

    @Override
    default long activations(Shape in) {
        return in.size();
    }

    @Override
    default OptionalDouble batchStatisticsMomentum() {
        return OptionalDouble.empty();
    }

    @Override
    default boolean projectionFollows() {
        return true;
    }
}
