package io.netforge.processor.model;

/**
 * What one operation costs per sample in the forward pass of evaluation, with the conventions of the
 * summary table: a multiply-add is two FLOPs (so a dense layer is {@code 2·in·units}, plus one per bias),
 * a convolution {@code 2·k²·inC} per output value plus its bias, a pooling window {@code k²} per output
 * value (average pooling one more for the division), BatchNorm four per value (subtract, divide, scale,
 * shift), ReLU, leaky ReLU, sigmoid and tanh one per value, softmax three (exponent, sum, divide), global
 * average pooling one per input value plus the division, a residual addition one per value (plus its ReLU,
 * and for a projection shortcut the 1×1 convolution and BatchNorm). Dropout and flattening cost nothing in
 * evaluation.
 */
public final class Cost {
    private Cost() {}

    /** Forward FLOPs per sample of {@code op} applied to {@code in}. */
    public static long flops(Shape in, OpSpec op) {
        Shape out = ShapeInference.output(in, op);
        long values = out.size();
        if (op instanceof DenseOp d) {
            return 2L * in.size() * d.units() + (d.bias() ? d.units() : 0);
        }
        if (op instanceof ConvOp c) {
            long perValue = 2L * c.kernel() * c.kernel() * ((Shape.Image) in).channels();
            return values * perValue + (c.bias() ? values : 0);
        }
        if (op instanceof MaxPoolOp p) {
            return values * p.kernel() * p.kernel();
        }
        if (op instanceof AvgPoolOp p) {
            return values * (p.kernel() * (long) p.kernel() + 1);
        }
        if (op instanceof BatchNormOp) {
            return 4 * values;
        }
        if (op instanceof ReluOp || op instanceof LeakyReluOp || op instanceof SigmoidOp || op instanceof TanhOp) {
            return values;
        }
        if (op instanceof SoftmaxOp) {
            return 3 * values;
        }
        if (op instanceof GlobalAvgPoolOp) {
            return in.size() + values;
        }
        if (op instanceof ResidualOp r) {
            // the addition, the ReLU, and a projection's 1×1 convolution (2·inC per value) and BatchNorm
            long projection = r.projects(in) ? values * (2L * ParameterCount.channels(r.blockInput()) + 4) : 0;
            return values + (r.relu() ? values : 0) + projection;
        }
        return 0;
    }

    /**
     * Values per sample the forward pass writes for {@code op}: its output, except for flattening (a view)
     * and dropout (identity in evaluation).
     */
    public static long activations(Shape in, OpSpec op) {
        if (op instanceof FlattenOp || op instanceof DropoutOp || op instanceof SpatialDropoutOp) {
            return 0;
        }
        if (op instanceof ResidualOp r && r.projects(in)) {
            return 3 * in.size(); // projection, its BatchNorm, the sum
        }
        return ShapeInference.output(in, op).size();
    }
}
