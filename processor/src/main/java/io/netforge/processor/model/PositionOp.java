package io.netforge.processor.model;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code @PositionEmbedding}: each step's position vector added to a sequence, learned or sinusoidal.
 *
 * @param length positions in the table; 0 for the sequence's steps
 * @param sinusoidal whether the positions are fixed sinusoids (no parameters)
 */
public record PositionOp(int length, boolean sinusoidal) implements OpSpec {
    @Override
    public String annotation() {
        return "@PositionEmbedding";
    }

    @Override
    public Role role() {
        return Role.LAYER;
    }

    @Override
    public boolean takesSequences() {
        return true;
    }

    /** The table's positions on {@code in}: {@link #length}, or its steps. */
    public long positions(Shape.Sequence in) {
        return length > 0 ? length : in.steps();
    }

    @Override
    public Optional<ShapeProblem> problem(Shape in) {
        if (!(in instanceof Shape.Sequence sequence)) {
            return Optional.of(ShapeProblem.NEEDS_SEQUENCE);
        }
        if (length > 0 && length < sequence.steps()) {
            return Optional.of(ShapeProblem.POSITIONS_TOO_SHORT);
        }
        return positions(sequence) * sequence.features() > Integer.MAX_VALUE
                ? Optional.of(ShapeProblem.WEIGHTS_TOO_LARGE)
                : Optional.empty();
    }

    @Override
    public Shape output(Shape in) {
        return in;
    }

    /** A learned table of {@code positions × features}; none for the sinusoids. */
    @Override
    public long weights(Shape in) {
        return !sinusoidal && in instanceof Shape.Sequence sequence ? positions(sequence) * sequence.features() : 0;
    }

    @Override
    public long parameters(Shape in) {
        return weights(in);
    }

    @Override
    public long buffers(Shape in) {
        return 0;
    }

    /** One add per value. */
    @Override
    public long flops(Shape in) {
        return in.size();
    }

    @Override
    public long activations(Shape in) {
        return in.size();
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
        return visitor.position(this);
    }
}
