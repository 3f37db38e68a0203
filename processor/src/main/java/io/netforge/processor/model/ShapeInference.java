package io.netforge.processor.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Output shapes with PyTorch's arithmetic: a convolution or pooling gives
 * {@code floor((in + 2 * padding - kernel) / stride) + 1} per spatial side (pooling stride 0 = the window),
 * flattening gives {@code C*H*W}. Pure functions, so the same rules serve validation, code comments,
 * summaries and tests.
 *
 * <p>Every operation's own values are assumed valid (positive sizes, non-negative padding); validation
 * checks them first.
 */
public final class ShapeInference {
    private ShapeInference() {}

    /** Why {@code op} cannot take {@code in}, if it cannot. */
    public static Optional<ShapeProblem> problem(Shape in, OpSpec op) {
        if (op instanceof DenseOp || op instanceof SoftmaxOp) {
            if (!(in instanceof Shape.Flat)) {
                return Optional.of(ShapeProblem.NEEDS_FLAT);
            }
            return op instanceof DenseOp d && in.size() * d.units() > Integer.MAX_VALUE
                    ? Optional.of(ShapeProblem.WEIGHTS_TOO_LARGE)
                    : Optional.empty();
        }
        if (op instanceof ResidualOp r) {
            if (r.blockInput() == null || !r.projects(in)) {
                return Optional.empty();
            }
            return in.equals(r.projection(in)) ? Optional.empty() : Optional.of(ShapeProblem.PATHS_DIFFER);
        }
        if (op instanceof GlobalAvgPoolOp) {
            return in instanceof Shape.Image ? Optional.empty() : Optional.of(ShapeProblem.NEEDS_IMAGE);
        }
        if (op instanceof ConvOp || op instanceof PoolOp || op instanceof SpatialDropoutOp) {
            if (!(in instanceof Shape.Image image)) {
                return Optional.of(ShapeProblem.NEEDS_IMAGE);
            }
            if ((op instanceof ConvOp c && !fits(image, c.kernel(), c.padding()))
                    || (op instanceof PoolOp p && !fits(image, p.kernel(), p.padding()))) {
                return Optional.of(ShapeProblem.WINDOW_TOO_LARGE);
            }
            if (op instanceof ConvOp c
                    && (long) c.kernel() * c.kernel() * image.channels() * c.filters() > Integer.MAX_VALUE) {
                return Optional.of(ShapeProblem.WEIGHTS_TOO_LARGE);
            }
            if ((op instanceof ConvOp c && tooLarge(c.filters(), image, c.kernel(), c.stride(), c.padding()))
                    || (op instanceof PoolOp p
                            && tooLarge(image.channels(), image, p.kernel(), p.effectiveStride(), p.padding()))) {
                return Optional.of(ShapeProblem.TOO_LARGE);
            }
        }
        if (op instanceof FlattenOp && in.size() > Integer.MAX_VALUE) {
            return Optional.of(ShapeProblem.TOO_LARGE);
        }
        return Optional.empty();
    }

    /**
     * The shape {@code op} produces from {@code in}.
     *
     * @throws IllegalArgumentException if {@link #problem} finds one
     */
    public static Shape output(Shape in, OpSpec op) {
        Optional<ShapeProblem> problem = problem(in, op);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(op.annotation() + " cannot take " + in.text() + ": " + problem.get());
        }
        if (op instanceof ConvOp c) {
            Shape.Image image = (Shape.Image) in;
            return new Shape.Image(
                    c.filters(),
                    side(image.height(), c.kernel(), c.stride(), c.padding()),
                    side(image.width(), c.kernel(), c.stride(), c.padding()));
        }
        if (op instanceof PoolOp p) {
            Shape.Image image = (Shape.Image) in;
            return new Shape.Image(
                    image.channels(),
                    side(image.height(), p.kernel(), p.effectiveStride(), p.padding()),
                    side(image.width(), p.kernel(), p.effectiveStride(), p.padding()));
        }
        if (op instanceof FlattenOp) {
            return new Shape.Flat(Math.toIntExact(in.size()));
        }
        if (op instanceof GlobalAvgPoolOp) {
            return new Shape.Flat(((Shape.Image) in).channels());
        }
        if (op instanceof DenseOp d) {
            return new Shape.Flat(d.units());
        }
        return in;
    }

    /** The shape a whole layer produces: its operations applied in order. */
    public static Shape output(Shape in, LayerSpec layer) {
        Shape shape = in;
        for (OpSpec op : layer.ops()) {
            shape = output(shape, op);
        }
        return shape;
    }

    /** The output shape of each layer, in order, starting from {@code input}. */
    public static List<Shape> outputs(Shape input, List<LayerSpec> layers) {
        List<Shape> shapes = new ArrayList<>(layers.size());
        Shape shape = input;
        for (LayerSpec layer : layers) {
            shape = output(shape, layer);
            shapes.add(shape);
        }
        return List.copyOf(shapes);
    }

    /** One spatial side after a window: {@code floor((in + 2p - k) / s) + 1}. */
    public static int side(int in, int kernel, int stride, int padding) {
        return Math.toIntExact(longSide(in, kernel, stride, padding));
    }

    private static long longSide(long in, int kernel, int stride, int padding) {
        long padded = in + 2L * padding;
        if (kernel > padded) {
            throw new IllegalArgumentException("window " + kernel + " is larger than its padded input " + padded);
        }
        return Math.floorDiv(padded - kernel, stride) + 1;
    }

    private static boolean fits(Shape.Image in, int kernel, int padding) {
        return kernel <= in.height() + 2L * padding && kernel <= in.width() + 2L * padding;
    }

    /**
     * Whether {@code op}, a convolution or pooling that gives a {@link ShapeProblem#TOO_LARGE} output on {@code in},
     * would not without its padding: the padding is the cause, not the input size or the stride.
     */
    public static boolean tooLargeOnlyByPadding(OpSpec op, Shape in) {
        if (!(in instanceof Shape.Image image)) {
            return false;
        }
        if (op instanceof ConvOp c) {
            return c.padding() > 0 && !tooLarge(c.filters(), image, c.kernel(), c.stride(), 0);
        }
        if (op instanceof PoolOp p) {
            return p.padding() > 0 && !tooLarge(image.channels(), image, p.kernel(), p.effectiveStride(), 0);
        }
        return false;
    }

    /** Whether a window's output (or its padded input) has more values per sample than an int can count. */
    private static boolean tooLarge(int channels, Shape.Image in, int kernel, int stride, int padding) {
        long h = longSide(in.height(), kernel, stride, padding);
        long w = longSide(in.width(), kernel, stride, padding);
        return in.height() + 2L * padding > Integer.MAX_VALUE
                || in.width() + 2L * padding > Integer.MAX_VALUE
                || channels * h * w > Integer.MAX_VALUE;
    }
}
