package io.netforge.processor.model;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code @Conv1d}: a 1-D convolution over a sequence's steps (odd kernel, {@code dilation × (kernel / 2)} padding), every
 * {@code stride}-th step: {@code ceil(steps / stride)} outputs.
 */
public record Conv1dOp(int filters, int kernel, boolean bias, int dilation, int stride) implements OpSpec {
    /** Stride 1: the length kept. */
    public Conv1dOp(int filters, int kernel, boolean bias, int dilation) {
        this(filters, kernel, bias, dilation, 1);
    }

    /** Steps a kernel spans: {@code (kernel - 1) × dilation + 1}. */
    public long span() {
        return (long) (kernel - 1) * dilation + 1;
    }

    @Override
    public String annotation() {
        return "@Conv1d";
    }

    @Override
    public Role role() {
        return Role.LAYER;
    }

    @Override
    public boolean takesSequences() {
        return true;
    }

    /** A sequence at least {@code kernel} steps long, and weights and output that fit in arrays. */
    @Override
    public Optional<ShapeProblem> problem(Shape in) {
        if (!(in instanceof Shape.Sequence sequence)) {
            return Optional.of(ShapeProblem.NEEDS_SEQUENCE);
        }
        if (span() > sequence.steps()) {
            return Optional.of(ShapeProblem.KERNEL_TOO_LONG);
        }
        if (weights(in) > Integer.MAX_VALUE) {
            return Optional.of(ShapeProblem.WEIGHTS_TOO_LARGE);
        }
        return (long) outSteps(sequence) * filters > Integer.MAX_VALUE
                ? Optional.of(ShapeProblem.TOO_LARGE)
                : Optional.empty();
    }

    @Override
    public Shape output(Shape in) {
        return new Shape.Sequence(outSteps((Shape.Sequence) in), filters);
    }

    private int outSteps(Shape.Sequence in) {
        return (int) (((long) in.steps() + stride - 1) / stride);
    }

    /** {@code kernel × features × filters}, PyTorch's {@code weight} of {@code nn.Conv1d}. */
    @Override
    public long weights(Shape in) {
        return in instanceof Shape.Sequence sequence ? (long) kernel * sequence.features() * filters : 0;
    }

    @Override
    public long parameters(Shape in) {
        return weights(in) + (bias ? filters : 0);
    }

    @Override
    public long buffers(Shape in) {
        return 0;
    }

    /** A multiply-add per weight and output step, one per bias and step. */
    @Override
    public long flops(Shape in) {
        long steps = outSteps((Shape.Sequence) in);
        return steps * (2L * weights(in) + (bias ? filters : 0));
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
        return false;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.conv1d(this);
    }
}
