package io.netforge.processor.model;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code @MultiHeadAttention}: self-attention over a sequence's steps, the output of the input's shape.
 *
 * @param heads attention heads
 * @param keyDimension values per head of each query, key and value; 0 for the features divided by the heads
 * @param dropout probability of dropping an attention weight in training
 * @param causal whether a step attends only to itself and the steps before it
 */
public record AttentionOp(int heads, int keyDimension, double dropout, boolean causal) implements OpSpec {
    @Override
    public String annotation() {
        return "@MultiHeadAttention";
    }

    @Override
    public Role role() {
        return Role.LAYER;
    }

    @Override
    public boolean takesSequences() {
        return true;
    }

    /** Values per head on an input of {@code features} per step. */
    public long headSize(long features) {
        return keyDimension > 0 ? keyDimension : features / heads;
    }

    /** The heads' values side by side: {@code heads · headSize}. */
    private long inner(Shape.Sequence in) {
        return heads * headSize(in.features());
    }

    @Override
    public Optional<ShapeProblem> problem(Shape in) {
        if (!(in instanceof Shape.Sequence sequence)) {
            return Optional.of(ShapeProblem.NEEDS_SEQUENCE);
        }
        if (keyDimension == 0 && sequence.features() % heads != 0) {
            return Optional.of(ShapeProblem.HEADS_DIVIDE);
        }
        if (weights(in) > Integer.MAX_VALUE) {
            return Optional.of(ShapeProblem.WEIGHTS_TOO_LARGE);
        }
        return (long) heads * sequence.steps() * sequence.steps() > Integer.MAX_VALUE
                        || 3 * inner(sequence) * sequence.steps() > Integer.MAX_VALUE
                ? Optional.of(ShapeProblem.TOO_LARGE)
                : Optional.empty();
    }

    @Override
    public Shape output(Shape in) {
        return in;
    }

    /** PyTorch's {@code in_proj_weight} {@code [3·inner, features]} and {@code out_proj.weight} {@code [features, inner]}. */
    @Override
    public long weights(Shape in) {
        if (!(in instanceof Shape.Sequence sequence)) {
            return 0;
        }
        return 4 * inner(sequence) * sequence.features();
    }

    /** The weights, {@code in_proj_bias} ({@code 3·inner}) and {@code out_proj.bias} ({@code features}). */
    @Override
    public long parameters(Shape in) {
        if (!(in instanceof Shape.Sequence sequence)) {
            return 0;
        }
        return weights(in) + 3 * inner(sequence) + sequence.features();
    }

    @Override
    public long buffers(Shape in) {
        return 0;
    }

    /** The projections' multiply-adds, and per head the scores and the weighted sum ({@code 2·L²·d} each). */
    @Override
    public long flops(Shape in) {
        Shape.Sequence s = (Shape.Sequence) in;
        long steps = s.steps();
        return 2 * steps * weights(in) + 4L * heads * steps * steps * headSize(s.features());
    }

    /** Queries, keys, values, the attention weights, the heads' results and the output. */
    @Override
    public long activations(Shape in) {
        Shape.Sequence s = (Shape.Sequence) in;
        long steps = s.steps();
        return 4 * steps * inner(s) + (long) heads * steps * steps + steps * s.features();
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
        return visitor.attention(this);
    }
}
