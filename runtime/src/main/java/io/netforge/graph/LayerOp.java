package io.netforge.graph;

/**
 * One operation of a model as {@link GraphBuilder} recorded it next to the SameDiff graph: what it computes, on
 * which values, with which parameters. Values are numbered in the order the builder made them; value 0 is the
 * input. The list of a model's operations ({@link NetGraph#ops()}) is what the planned engine
 * ({@code io.netforge.plan}) executes; the SameDiff graph built from the same calls is the reference it is tested
 * against (docs/performance.md, "The planned engine").
 */
public sealed interface LayerOp {
    /** The layer (field) this operation belongs to. */
    String layer();

    /** The values this operation reads, in order. */
    int[] inputs();

    /** The value it produces. */
    int output();

    /** {@code x W + b}; {@code bias} null without a bias. */
    record Dense(String layer, int input, int output, String weight, String bias) implements LayerOp {
        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }

    /** 2-D convolution, NCHW, weights {@code [k, k, in, filters]}; {@code bias} null without a bias. */
    record Conv(String layer, int input, int output, String weight, String bias, int kernel, int stride, int padding)
            implements LayerOp {
        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }

    /** Max or average pooling (average counts padded zeros). */
    record Pool(String layer, int input, int output, boolean max, int kernel, int stride, int padding)
            implements LayerOp {
        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }

    /** The mean of each channel: {@code [C, H, W]} to {@code [C]}. */
    record GlobalAvgPool(String layer, int input, int output) implements LayerOp {
        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }

    /** Element-wise sum of two values of one shape. */
    record Add(String layer, int left, int right, int output) implements LayerOp {
        @Override
        public int[] inputs() {
            return new int[] {left, right};
        }
    }

    /** {@code [C, H, W]} to {@code [C*H*W]}, the same values. */
    record Flatten(String layer, int input, int output) implements LayerOp {
        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }

    /** An element-wise activation, or softmax over the features; {@code alpha} is LeakyReLU's slope. */
    record Activation(String layer, int input, int output, Kind kind, double alpha) implements LayerOp {
        public enum Kind {
            RELU,
            LEAKY_RELU,
            SIGMOID,
            TANH,
            SOFTMAX
        }

        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }

    /** BatchNorm with batch statistics in training and running statistics in evaluation. */
    record BatchNorm(String layer, int input, int output, String gamma, String beta, BatchNormState state, double eps)
            implements LayerOp {
        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }

    /** Inverted dropout with a mask the trainer draws; whole channels when {@code spatial}; identity in evaluation. */
    record Dropout(String layer, int input, int output, DropoutMask mask, boolean spatial) implements LayerOp {
        @Override
        public int[] inputs() {
            return new int[] {input};
        }
    }
}
