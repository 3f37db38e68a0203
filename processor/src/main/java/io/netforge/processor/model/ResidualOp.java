package io.netforge.processor.model;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The end of one residual block, written by the processor for each repetition of a {@code @Blocks} field: the
 * main path (the {@code span} layers before this one) plus the shortcut, then ReLU if the block says so. The
 * shortcut is the block's input itself when the main path keeps its shape, else a 1×1 convolution with
 * {@code stride} and BatchNorm (PyTorch's {@code downsample}), which must produce the main path's shape.
 *
 * @param block       the block class's simple name, for messages and the summary
 * @param span        how many layers before this one form the main path
 * @param stride      the projection's stride: the {@code @Blocks} stride in the first repetition, else 1
 * @param relu        ReLU after the addition
 * @param blockInput  the shape entering the block; {@code null} until shape checking has resolved it
 */
public record ResidualOp(String block, int span, int stride, boolean relu, Shape blockInput) implements OpSpec {
    @Override
    public String annotation() {
        return "@Blocks";
    }

    @Override
    public Role role() {
        return Role.BLOCK_END;
    }

    /** The projection must produce what the main path produces, or the two cannot be added. */
    @Override
    public Optional<ShapeProblem> problem(Shape in) {
        if (blockInput == null || !projects(in)) {
            return Optional.empty();
        }
        return in.equals(projection(in)) ? Optional.empty() : Optional.of(ShapeProblem.PATHS_DIFFER);
    }

    @Override
    public Shape output(Shape in) {
        return in;
    }

    /** A projection's 1×1 convolution (no bias) and its BatchNorm's scale and shift. */
    @Override
    public long parameters(Shape in) {
        if (!projects(in)) {
            return 0;
        }
        long outC = ParameterCount.channels(in);
        return ParameterCount.channels(blockInput) * outC + 2 * outC;
    }

    /** A projection's BatchNorm statistics. */
    @Override
    public long buffers(Shape in) {
        return projects(in) ? 2L * ParameterCount.channels(in) : 0;
    }

    /** The addition, the ReLU, and a projection's 1×1 convolution (2·inC per value) and BatchNorm. */
    @Override
    public long flops(Shape in) {
        long values = in.size();
        long projection = projects(in) ? values * (2L * ParameterCount.channels(blockInput) + 4) : 0;
        return values + (relu ? values : 0) + projection;
    }

    /** The sum; with a projection also the projection and its BatchNorm. */
    @Override
    public long activations(Shape in) {
        return projects(in) ? 3 * in.size() : in.size();
    }

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
        return visitor.residual(this);
    }

    /** The same op with its input shape known. */
    public ResidualOp resolve(Shape input) {
        return new ResidualOp(block, span, stride, relu, input);
    }

    /** Whether the shortcut needs the projection, given what the main path produces. */
    public boolean projects(Shape mainOutput) {
        return !mainOutput.equals(blockInput);
    }

    /** What the projection makes of the block's input: {@code C×ceil(H/s)×ceil(W/s)}, or null if it cannot apply. */
    public Shape projection(Shape mainOutput) {
        if (!(blockInput instanceof Shape.Image in) || !(mainOutput instanceof Shape.Image out)) {
            return null;
        }
        return new Shape.Image(
                out.channels(),
                ShapeInference.side(in.height(), 1, stride, 0),
                ShapeInference.side(in.width(), 1, stride, 0));
    }

    /** For the summary's type column: {@code BasicBlock: Downsample+Add+Relu}. */
    public String label(Shape mainOutput) {
        return block + ": " + (projects(mainOutput) ? "Downsample+" : "") + "Add" + (relu ? "+Relu" : "");
    }
}
