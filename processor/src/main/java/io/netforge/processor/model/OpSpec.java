package io.netforge.processor.model;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One operation of a layer, from one annotation on its field; a field's operations run in the order the annotations
 * are written. Each kind carries its own rules — what it accepts, the shape it makes, its parameters, buffers, FLOPs
 * and activation memory, and how a residual block's settings apply to it — and a {@link Visitor} dispatches what
 * lives outside this package (code generation): a kind that lacks a rule, or a visitor that lacks a kind, does not
 * compile (docs/extending.md).
 */
public sealed interface OpSpec
        permits AttentionOp,
                TransformerOp,
                PositionOp,
                ConvOp,
                PoolOp,
                FlattenOp,
                DenseOp,
                GlobalAvgPoolOp,
                BatchNormOp,
                LayerNormOp,
                ResidualOp,
                SameShapeOp,
                EmbeddingOp,
                Conv1dOp,
                GlobalMaxPoolOp,
                RecurrentOp {
    /** What an operation is to its layer, for the checks of order and placement. */
    enum Role {
        /** The layer proper: convolution, pooling, flattening, dense; a field holds at most one. */
        LAYER,
        /** An elementwise activation (ReLU, leaky ReLU, sigmoid, tanh, GELU). */
        ACTIVATION,
        /** Softmax: turns scores into probabilities (a loss that applies it itself must not get it twice). */
        PROBABILITIES,
        /** A normalization (BatchNorm, LayerNorm). */
        NORMALIZATION,
        /** A dropout, active in training only. */
        DROPOUT,
        /** The end of a residual block: its shortcut is added ({@link ResidualOp}). */
        BLOCK_END
    }

    /** The annotation the operation comes from, as written in source: {@code @Conv}. */
    String annotation();

    /** What the operation is to its layer. */
    Role role();

    /** Whether this operation is the layer proper rather than an activation, normalization or dropout applied to it. */
    default boolean isMain() {
        return role() == Role.LAYER;
    }

    /** Why the operation cannot take {@code in}, if it cannot (its own values are assumed valid). */
    Optional<ShapeProblem> problem(Shape in);

    /** Whether it reads the model's token ids ({@code @Embedding} only): every other kind is refused them. */
    default boolean readsTokens() {
        return false;
    }

    /**
     * Whether it takes a sequence ({@code steps×features}): pooling over the steps, dropout and element-wise
     * activations; every other kind is refused one, with the advice to pool it first.
     */
    default boolean takesSequences() {
        return false;
    }

    /** The shape it makes of {@code in}, for an {@code in} without a {@link #problem}. */
    Shape output(Shape in);

    /**
     * The shape it makes of any input, when that does not depend on the input (a dense layer's), so that the checks
     * after an error go on from it; empty for most kinds.
     */
    default Optional<Shape> outputOfAnyInput() {
        return Optional.empty();
    }

    /**
     * Its weights given {@code in} (without biases): what {@link ShapeProblem#WEIGHTS_TOO_LARGE} counts, so a kind
     * whose {@link #problem} can report that must say it; 0 for the others.
     */
    default long weights(Shape in) {
        return 0;
    }

    /** Trainable parameters given {@code in}, counted as PyTorch counts them. */
    long parameters(Shape in);

    /** Non-trainable values kept across steps given {@code in} (PyTorch's buffers: running statistics). */
    long buffers(Shape in);

    /** Forward FLOPs per sample in evaluation, with the conventions of {@link Cost}. */
    long flops(Shape in);

    /** Values per sample the forward pass writes (0 for a view or an identity in evaluation). */
    long activations(Shape in);

    /**
     * The momentum of its running statistics when it normalizes with the statistics of the batch (so that a batch of
     * one breaks it, and a dropout before it shifts them); empty for any other kind.
     */
    OptionalDouble batchStatisticsMomentum();

    /**
     * Whether a residual block's 1×1 projection can follow the shape change it makes inside the block's main path
     * (true for an operation that keeps the shape or scales it like a convolution).
     */
    boolean projectionFollows();

    /**
     * This operation in a repetition of a residual block: {@code Block.WIDTH}/{@code Block.STRIDE} (-1) replaced; a
     * kind whose annotation accepts them (only {@code @Conv}'s) overrides this.
     */
    default OpSpec inBlock(int width, int stride) {
        return this;
    }

    /** Whether it uses {@code Block.WIDTH}, so that {@code @Blocks} must set a width (only {@code @Conv} can). */
    default boolean usesBlockWidth() {
        return false;
    }

    /** Calls the visitor's method for this kind. */
    <R> R accept(Visitor<R> visitor);

    /** One method per kind: what a backend does with each (the generated builder call, for one). */
    interface Visitor<R> {
        R conv(ConvOp op);

        R maxPool(MaxPoolOp op);

        R avgPool(AvgPoolOp op);

        R flatten(FlattenOp op);

        R globalAvgPool(GlobalAvgPoolOp op);

        R dense(DenseOp op);

        R relu(ReluOp op);

        R leakyRelu(LeakyReluOp op);

        R sigmoid(SigmoidOp op);

        R tanh(TanhOp op);

        R gelu(GeluOp op);

        R softmax(SoftmaxOp op);

        R batchNorm(BatchNormOp op);

        R layerNorm(LayerNormOp op);

        R dropout(DropoutOp op);

        R spatialDropout(SpatialDropoutOp op);

        R residual(ResidualOp op);

        R embedding(EmbeddingOp op);

        R conv1d(Conv1dOp op);

        R globalMaxPool(GlobalMaxPoolOp op);

        R recurrent(RecurrentOp op);

        R attention(AttentionOp op);

        R position(PositionOp op);

        R transformer(TransformerOp op);
    }
}
