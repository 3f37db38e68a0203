package io.netforge.processor.model;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code @Lstm}: an LSTM over a sequence's steps, one or two directions, every step's output or the last state.
 *
 * @param bidirectional the constant of {@code Lstm.Bidirectional}: {@code NONE}, {@code CONCAT} or {@code SUM}
 */
public record LstmOp(int units, boolean sequences, String bidirectional) implements OpSpec {
    @Override
    public String annotation() {
        return "@Lstm";
    }

    @Override
    public Role role() {
        return Role.LAYER;
    }

    @Override
    public boolean takesSequences() {
        return true;
    }

    /** Directions: 2 when bidirectional. */
    public int directions() {
        return bidirectional.equals("NONE") ? 1 : 2;
    }

    /** Output features per step (or of the last state): both directions' side by side when concatenated. */
    public int width() {
        return bidirectional.equals("CONCAT") ? 2 * units : units;
    }

    @Override
    public Optional<ShapeProblem> problem(Shape in) {
        if (!(in instanceof Shape.Sequence sequence)) {
            return Optional.of(ShapeProblem.NEEDS_SEQUENCE);
        }
        if (weights(in) > Integer.MAX_VALUE) {
            return Optional.of(ShapeProblem.WEIGHTS_TOO_LARGE);
        }
        return (long) sequence.steps() * 4L * units * directions() > Integer.MAX_VALUE
                ? Optional.of(ShapeProblem.TOO_LARGE)
                : Optional.empty();
    }

    @Override
    public Shape output(Shape in) {
        return sequences ? new Shape.Sequence(((Shape.Sequence) in).steps(), width()) : new Shape.Flat(width());
    }

    /** {@code weight_ih} {@code [4·units, features]} and {@code weight_hh} {@code [4·units, units]} per direction. */
    @Override
    public long weights(Shape in) {
        return in instanceof Shape.Sequence sequence
                ? 4L * units * ((long) sequence.features() + units) * directions()
                : 0;
    }

    /** The weights and PyTorch's two biases {@code bias_ih}, {@code bias_hh} of {@code 4·units} per direction. */
    @Override
    public long parameters(Shape in) {
        return weights(in) + 8L * units * directions();
    }

    @Override
    public long buffers(Shape in) {
        return 0;
    }

    /** A multiply-add per weight and step, and about ten operations per unit and step for the gates and the cell. */
    @Override
    public long flops(Shape in) {
        long steps = ((Shape.Sequence) in).steps();
        return steps * (2L * weights(in) + 10L * units * directions());
    }

    /** Each step's four gates, cell and output per direction, kept for the backward pass. */
    @Override
    public long activations(Shape in) {
        return ((Shape.Sequence) in).steps() * 6L * units * directions();
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
        return visitor.lstm(this);
    }
}
