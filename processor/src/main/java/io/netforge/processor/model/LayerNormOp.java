package io.netforge.processor.model;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code @LayerNorm}: each sample (each step of a sequence) normalized over its features, then scaled and shifted per
 * feature.
 */
public record LayerNormOp(double eps) implements OpSpec {
    @Override
    public String annotation() {
        return "@LayerNorm";
    }

    @Override
    public Role role() {
        return Role.NORMALIZATION;
    }

    /** Each step of a sequence over its features (PyTorch's {@code nn.LayerNorm(features)} on {@code [N, L, F]}). */
    @Override
    public boolean takesSequences() {
        return true;
    }

    /** A flat input, or a sequence, of at least two features: one feature always normalizes to 0. */
    @Override
    public Optional<ShapeProblem> problem(Shape in) {
        if (!(in instanceof Shape.Flat) && !(in instanceof Shape.Sequence)) {
            return Optional.of(ShapeProblem.NEEDS_FLAT);
        }
        return features(in) < 2 ? Optional.of(ShapeProblem.ONE_FEATURE) : Optional.empty();
    }

    private static long features(Shape in) {
        return in instanceof Shape.Sequence sequence ? sequence.features() : in.size();
    }

    @Override
    public Shape output(Shape in) {
        return in;
    }

    /** A scale and a shift per feature, as PyTorch's {@code nn.LayerNorm(features)}. */
    @Override
    public long parameters(Shape in) {
        return 2L * features(in);
    }

    /** None: the statistics are each sample's own. */
    @Override
    public long buffers(Shape in) {
        return 0;
    }

    /** Mean, subtract, square, variance, divide, scale, shift. */
    @Override
    public long flops(Shape in) {
        return 7 * in.size();
    }

    @Override
    public long activations(Shape in) {
        return in.size();
    }

    /** None: it never uses the batch's statistics. */
    @Override
    public OptionalDouble batchStatisticsMomentum() {
        return OptionalDouble.empty();
    }

    @Override
    public boolean projectionFollows() {
        return true;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.layerNorm(this);
    }
}
