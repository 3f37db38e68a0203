package io.netforge.processor.model;

/** {@code @Conv}: a 2-D convolution with a square kernel. */
public record ConvOp(int filters, int kernel, int stride, int padding, boolean bias) implements OpSpec {
    @Override
    public String annotation() {
        return "@Conv";
    }

    @Override
    public boolean isMain() {
        return true;
    }
}
