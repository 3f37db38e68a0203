package io.netforge.processor.model;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code @TransformerEncoder}: {@code repeat} encoder layers of self-attention and a feed-forward network, each half
 * with dropout, a residual connection and a layer norm; the output has the input's shape.
 */
public record TransformerOp(
        int heads, int feedForward, double dropout, boolean gelu, boolean normFirst, boolean causal, int repeat)
        implements OpSpec {
    @Override
    public String annotation() {
        return "@TransformerEncoder";
    }

    @Override
    public Role role() {
        return Role.LAYER;
    }

    @Override
    public boolean takesSequences() {
        return true;
    }

    /** One layer's attention: PyTorch's head size, the features divided by the heads. */
    private AttentionOp attention() {
        return new AttentionOp(heads, 0, dropout, causal);
    }

    @Override
    public Optional<ShapeProblem> problem(Shape in) {
        Optional<ShapeProblem> p = attention().problem(in);
        if (p.isPresent()) {
            // its heads always split the features: no key dimension to give instead
            return p.get() == ShapeProblem.HEADS_DIVIDE ? Optional.of(ShapeProblem.HEADS_SPLIT_FEATURES) : p;
        }
        Shape.Sequence s = (Shape.Sequence) in;
        if (s.features() < 2) {
            return Optional.of(ShapeProblem.ONE_FEATURE);
        }
        if (weights(in) > Integer.MAX_VALUE || (long) s.steps() * feedForward > Integer.MAX_VALUE) {
            return Optional.of(ShapeProblem.WEIGHTS_TOO_LARGE);
        }
        return Optional.empty();
    }

    @Override
    public Shape output(Shape in) {
        return in;
    }

    /** Per layer: the attention's, {@code linear1} {@code [feedForward, features]} and {@code linear2}. */
    @Override
    public long weights(Shape in) {
        if (!(in instanceof Shape.Sequence s)) {
            return 0;
        }
        return repeat * (attention().weights(in) + 2L * feedForward * s.features());
    }

    /** Per layer, as PyTorch counts: the attention's, both linears' with biases, two layer norms' scale and shift. */
    @Override
    public long parameters(Shape in) {
        if (!(in instanceof Shape.Sequence s)) {
            return 0;
        }
        long f = s.features();
        return repeat * (attention().parameters(in) + 2L * feedForward * f + feedForward + f + 4 * f);
    }

    @Override
    public long buffers(Shape in) {
        return 0;
    }

    @Override
    public long flops(Shape in) {
        Shape.Sequence s = (Shape.Sequence) in;
        return repeat * (attention().flops(in) + 4L * s.steps() * feedForward * s.features() + 20 * in.size());
    }

    @Override
    public long activations(Shape in) {
        Shape.Sequence s = (Shape.Sequence) in;
        return repeat * (attention().activations(in) + 2L * s.steps() * feedForward + 6 * in.size());
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
        return visitor.transformer(this);
    }
}
