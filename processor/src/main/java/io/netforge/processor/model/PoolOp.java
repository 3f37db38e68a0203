package io.netforge.processor.model;

import java.util.Optional;
import java.util.OptionalDouble;

/** What max and average pooling share: a square window, a stride (0 = the window) and zero padding. */
public sealed interface PoolOp extends OpSpec, Windowed permits MaxPoolOp, AvgPoolOp {
    @Override
    int kernel();

    int stride();

    @Override
    int padding();

    /** The stride actually used: the declared one, or the window size when 0 was declared (as in PyTorch). */
    default int effectiveStride() {
        return stride() == 0 ? kernel() : stride();
    }

    @Override
    default Role role() {
        return Role.LAYER;
    }

    /** On a sequence: pooling over time, windows one after another. */
    @Override
    default boolean takesSequences() {
        return true;
    }

    @Override
    default Optional<ShapeProblem> problem(Shape in) {
        if (in instanceof Shape.Sequence sequence) {
            if ((stride() != 0 && stride() != kernel()) || padding() != 0) {
                return Optional.of(ShapeProblem.TIME_POOL_STRIDE);
            }
            return kernel() > sequence.steps() ? Optional.of(ShapeProblem.TIME_WINDOW_TOO_LONG) : Optional.empty();
        }
        if (!(in instanceof Shape.Image image)) {
            return Optional.of(ShapeProblem.NEEDS_IMAGE);
        }
        if (!ShapeInference.fits(image, kernel(), padding())) {
            return Optional.of(ShapeProblem.WINDOW_TOO_LARGE);
        }
        if (ShapeInference.tooLarge(image.channels(), image, kernel(), effectiveStride(), padding())) {
            return Optional.of(ShapeProblem.TOO_LARGE);
        }
        return Optional.empty();
    }

    @Override
    default Shape output(Shape in) {
        if (in instanceof Shape.Sequence sequence) {
            return new Shape.Sequence((sequence.steps() + kernel() - 1) / kernel(), sequence.features());
        }
        Shape.Image image = (Shape.Image) in;
        return new Shape.Image(
                image.channels(),
                ShapeInference.side(image.height(), kernel(), effectiveStride(), padding()),
                ShapeInference.side(image.width(), kernel(), effectiveStride(), padding()));
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
        return output(in).size();
    }

    @Override
    default OptionalDouble batchStatisticsMomentum() {
        return OptionalDouble.empty();
    }

    /** Pooling inside a block's main path changes the size in a way no 1×1 projection follows. */
    @Override
    default boolean projectionFollows() {
        return false;
    }

    @Override
    default String windowAttribute() {
        return "value";
    }

    @Override
    default String windowName() {
        return "window";
    }

    @Override
    default boolean tooLargeOnlyByPadding(Shape in) {
        return in instanceof Shape.Image image
                && padding() > 0
                && !ShapeInference.tooLarge(image.channels(), image, kernel(), effectiveStride(), 0);
    }
}
