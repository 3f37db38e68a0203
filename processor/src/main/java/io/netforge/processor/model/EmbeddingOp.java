package io.netforge.processor.model;

import java.util.Optional;
import java.util.OptionalDouble;

/** {@code @Embedding}: the token input's ids to a {@code tokens×dimension} sequence through a learned table. */
public record EmbeddingOp(int dimension) implements OpSpec {
    @Override
    public String annotation() {
        return "@Embedding";
    }

    @Override
    public Role role() {
        return Role.LAYER;
    }

    @Override
    public boolean readsTokens() {
        return true;
    }

    /** The token input only; a table of more than {@code Integer.MAX_VALUE} values is refused. */
    @Override
    public Optional<ShapeProblem> problem(Shape in) {
        if (!(in instanceof Shape.Tokens tokens)) {
            return Optional.of(ShapeProblem.NEEDS_TOKENS);
        }
        if (weights(in) > Integer.MAX_VALUE) {
            return Optional.of(ShapeProblem.WEIGHTS_TOO_LARGE);
        }
        return (long) tokens.length() * dimension > Integer.MAX_VALUE
                ? Optional.of(ShapeProblem.TOO_LARGE)
                : Optional.empty();
    }

    @Override
    public Shape output(Shape in) {
        return new Shape.Sequence(((Shape.Tokens) in).length(), dimension);
    }

    /** The table, {@code vocabulary × dimension}. */
    @Override
    public long weights(Shape in) {
        return in instanceof Shape.Tokens tokens ? (long) tokens.vocabulary() * dimension : 0;
    }

    /** The table, as PyTorch's {@code nn.Embedding} counts it (the padding row included). */
    @Override
    public long parameters(Shape in) {
        return weights(in);
    }

    @Override
    public long buffers(Shape in) {
        return 0;
    }

    /** None: a lookup copies rows. */
    @Override
    public long flops(Shape in) {
        return 0;
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
        return visitor.embedding(this);
    }
}
