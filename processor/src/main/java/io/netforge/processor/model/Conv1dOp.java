package io.netforge.processor.model;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code @Conv1d}: a 1-D convolution over a sequence's steps, a window every {@code stride} steps placed by {@code
 * padding} (a {@code Padding} constant's name): centred ({@code SAME}, odd kernel) or looking back ({@code CAUSAL}),
 * {@code ceil(steps / stride)} outputs; inside the sequence ({@code VALID}), {@code floor((steps - span) / stride) + 1}.
 */
public record Conv1dOp(int filters, int kernel, boolean bias, int dilation, int stride, String padding)
        implements OpSpec {
    /** Stride 1, centred: the length kept. */
    public Conv1dOp(int filters, int kernel, boolean bias, int dilation) {
        this(filters, kernel, bias, dilation, 1, "SAME");
    }

    /** Centred ({@code SAME}). */
    public Conv1dOp(int filters, int kernel, boolean bias, int dilation, int stride) {
        this(filters, kernel, bias, dilation, stride, "SAME");
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

    /** {@code ceil(steps / stride)}, or with {@code VALID} padding {@code floor((steps - span) / stride) + 1}. */
    private int outSteps(Shape.Sequence in) {
        return "VALID".equals(padding)
                ? (int) ((in.steps() - span()) / stride + 1)
                : (int) (((long) in.steps() + stride - 1) / stride);
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
