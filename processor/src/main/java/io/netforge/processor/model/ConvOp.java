package io.netforge.processor.model;

import java.util.Optional;
import java.util.OptionalDouble;

/** {@code @Conv}: a 2-D convolution with a square kernel. */
public record ConvOp(int filters, int kernel, int stride, int padding, boolean bias) implements OpSpec, Windowed {
    @Override
    public String annotation() {
        return "@Conv";
    }

    @Override
    public Role role() {
        return Role.LAYER;
    }

    @Override
    public Optional<ShapeProblem> problem(Shape in) {
        if (!(in instanceof Shape.Image image)) {
            return Optional.of(ShapeProblem.NEEDS_IMAGE);
        }
        if (!ShapeInference.fits(image, kernel, padding)) {
            return Optional.of(ShapeProblem.WINDOW_TOO_LARGE);
        }
        if (weights(in) > Integer.MAX_VALUE) {
            return Optional.of(ShapeProblem.WEIGHTS_TOO_LARGE);
        }
        if (ShapeInference.tooLarge(filters, image, kernel, stride, padding)) {
            return Optional.of(ShapeProblem.TOO_LARGE);
        }
        return Optional.empty();
    }

    @Override
    public Shape output(Shape in) {
        Shape.Image image = (Shape.Image) in;
        return new Shape.Image(
                filters,
                ShapeInference.side(image.height(), kernel, stride, padding),
                ShapeInference.side(image.width(), kernel, stride, padding));
    }

    @Override
    public long weights(Shape in) {
        return (long) kernel * kernel * ((Shape.Image) in).channels() * filters;
    }

    @Override
    public long parameters(Shape in) {
        return weights(in) + (bias ? filters : 0);
    }

    @Override
    public long buffers(Shape in) {
        return 0;
    }

    /** {@code 2·k²·inC} per output value, plus its bias. */
    @Override
    public long flops(Shape in) {
        long values = output(in).size();
        return values * 2L * kernel * kernel * ((Shape.Image) in).channels() + (bias ? values : 0);
    }

    @Override
    public long activations(Shape in) {
        return output(in).size();
    }

    @Override
    public OptionalDouble batchStatisticsMomentum() {
        return OptionalDouble.empty();
    }

    @Override
    public boolean projectionFollows() {
        return true;
    }

    @Override
    public OpSpec inBlock(int width, int blockStride) {
        if (filters != -1 && stride != -1) {
            return this;
        }
        return new ConvOp(filters == -1 ? width : filters, kernel, stride == -1 ? blockStride : stride, padding, bias);
    }

    @Override
    public boolean usesBlockWidth() {
        return filters == -1;
    }

    @Override
    public String windowAttribute() {
        return "kernel";
    }

    @Override
    public String windowName() {
        return "kernel";
    }

    @Override
    public boolean tooLargeOnlyByPadding(Shape in) {
        return in instanceof Shape.Image image
                && padding > 0
                && !ShapeInference.tooLarge(filters, image, kernel, stride, 0);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.conv(this);
    }
}
