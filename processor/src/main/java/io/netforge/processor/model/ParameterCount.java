package io.netforge.processor.model;

import java.util.List;

/**
 * Trainable parameters, counted as PyTorch does: a dense layer has {@code in*units} weights plus
 * {@code units} biases, a convolution {@code k*k*inC*filters} plus {@code filters}, a BatchNorm a scale
 * and a shift per channel (its running statistics are buffers, not parameters).
 */
public final class ParameterCount {
    private ParameterCount() {}

    public static long of(Shape input, List<LayerSpec> layers) {
        long total = 0;
        Shape shape = input;
        for (LayerSpec layer : layers) {
            total += of(shape, layer);
            shape = ShapeInference.output(shape, layer);
        }
        return total;
    }

    /** Parameters of one layer given the shape it receives. */
    public static long of(Shape in, LayerSpec layer) {
        long total = 0;
        Shape shape = in;
        for (OpSpec op : layer.ops()) {
            total += of(shape, op);
            shape = ShapeInference.output(shape, op);
        }
        return total;
    }

    /** Parameters of one operation given the shape it receives (the kind's {@link OpSpec#parameters}). */
    public static long of(Shape in, OpSpec op) {
        return op.parameters(in);
    }

    /**
     * Non-trainable values one operation keeps (PyTorch's buffers: a BatchNorm's running mean and variance, one
     * each per channel).
     */
    public static long buffers(Shape in, OpSpec op) {
        return op.buffers(in);
    }

    static long channels(Shape shape) {
        if (shape instanceof Shape.Image image) {
            return image.channels();
        }
        if (shape instanceof Shape.Sequence sequence) {
            return sequence.features();
        }
        return shape instanceof Shape.Flat flat ? flat.features() : 1;
    }
}
