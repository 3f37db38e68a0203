package io.netforge.processor.model;

/**
 * What one operation costs per sample in the forward pass of evaluation, with the conventions of the
 * summary table: a multiply-add is two FLOPs (so a dense layer is {@code 2·in·units}, plus one per bias),
 * a convolution {@code 2·k²·inC} per output value plus its bias, a pooling window {@code k²} per output
 * value (average pooling one more for the division), BatchNorm four per value (subtract, divide, scale,
 * shift), ReLU, leaky ReLU, sigmoid, tanh and GELU one per value, softmax three (exponent, sum, divide), global
 * average pooling one per input value plus the division, a residual addition one per value (plus its ReLU,
 * and for a projection shortcut the 1×1 convolution and BatchNorm). Dropout and flattening cost nothing in
 * evaluation.
 */
public final class Cost {
    private Cost() {}

    /** Forward FLOPs per sample of {@code op} applied to {@code in} (the kind's {@link OpSpec#flops}). */
    public static long flops(Shape in, OpSpec op) {
        ShapeInference.output(in, op); // refuses an input the operation cannot take
        return op.flops(in);
    }

    /**
     * Values per sample the forward pass writes for {@code op}: its output, except for flattening (a view)
     * and dropout (identity in evaluation).
     */
    public static long activations(Shape in, OpSpec op) {
        return op.activations(in);
    }
}
