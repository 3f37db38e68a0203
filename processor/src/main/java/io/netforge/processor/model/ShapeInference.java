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

    /**
     * Why {@code op} cannot take {@code in}, if it cannot: token ids only for a kind that {@link OpSpec#readsTokens},
     * a sequence only for one that {@link OpSpec#takesSequences}, then the kind's own rule ({@link OpSpec#problem}).
     */
    public static Optional<ShapeProblem> problem(Shape in, OpSpec op) {
        if (in instanceof Shape.Tokens && !op.readsTokens()) {
            return Optional.of(ShapeProblem.NEEDS_EMBEDDING);
        }
        if (in instanceof Shape.Sequence && !op.takesSequences()) {
            return Optional.of(ShapeProblem.NEEDS_POOLING);
        }
        return op.problem(in);
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
        return op.output(in);
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

    static boolean fits(Shape.Image in, int kernel, int padding) {
        return kernel <= in.height() + 2L * padding && kernel <= in.width() + 2L * padding;
    }

    /** Whether a window's output (or its padded input) has more values per sample than an int can count. */
    static boolean tooLarge(int channels, Shape.Image in, int kernel, int stride, int padding) {
        long h = longSide(in.height(), kernel, stride, padding);
        long w = longSide(in.width(), kernel, stride, padding);
        return in.height() + 2L * padding > Integer.MAX_VALUE
                || in.width() + 2L * padding > Integer.MAX_VALUE
                || channels * h * w > Integer.MAX_VALUE;
    }
}
