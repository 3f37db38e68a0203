package io.netforge.processor.model;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code @Lstm} or {@code @Gru}: a recurrent layer over a sequence's steps, one or two directions, every step's output
 * or the last state.
 *
 * @param gru whether the cell is a GRU (3 gate blocks r, z, n) rather than an LSTM (4: i, f, g, o)
 * @param bidirectional the constant of {@code Bidirectional}: {@code NONE}, {@code CONCAT} or {@code SUM}
 */
public record RecurrentOp(boolean gru, int units, boolean sequences, String bidirectional) implements OpSpec {
    @Override
    public String annotation() {
        return gru ? "@Gru" : "@Lstm";
    }

    /** Gate blocks of {@code units} values: 4 for an LSTM, 3 for a GRU. */
    public int gates() {
        return gru ? 3 : 4;
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
        return (long) sequence.steps() * (long) gates() * units * directions() > Integer.MAX_VALUE
                ? Optional.of(ShapeProblem.TOO_LARGE)
                : Optional.empty();
    }

    @Override
    public Shape output(Shape in) {
        return sequences ? new Shape.Sequence(((Shape.Sequence) in).steps(), width()) : new Shape.Flat(width());
    }

    /** {@code weight_ih} {@code [gates·units, features]} and {@code weight_hh} {@code [gates·units, units]} per direction. */
    @Override
    public long weights(Shape in) {
        return in instanceof Shape.Sequence sequence
                ? (long) gates() * units * ((long) sequence.features() + units) * directions()
                : 0;
    }

    /** The weights and PyTorch's two biases {@code bias_ih}, {@code bias_hh} of {@code gates·units} per direction. */
    @Override
    public long parameters(Shape in) {
        return weights(in) + 2L * gates() * units * directions();
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

    /**
     * Each step's gates and state per direction, and what the cell keeps for the backward pass: an LSTM's cell ({@code
     * units}), a GRU's recurrent product ({@code 3·units}).
     */
    @Override
    public long activations(Shape in) {
        long kept = gru ? 3L * units : units;
        return ((Shape.Sequence) in).steps() * ((long) gates() * units + units + kept) * directions();
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
        return visitor.recurrent(this);
    }
}
