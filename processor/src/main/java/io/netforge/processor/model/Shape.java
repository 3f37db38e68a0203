package io.netforge.processor.model;

/**
 * The shape of one sample as it flows through a model, without the batch dimension: an image
 * ({@code channels×height×width}), a flat vector of features, the model's token ids, or a sequence of feature
 * vectors ({@code steps×features}).
 */
public sealed interface Shape permits Shape.Image, Shape.Flat, Shape.Tokens, Shape.Sequence {

    /** Number of values in one sample. */
    long size();

    /** How messages, comments and summaries print the shape: {@code 16×28×28} or {@code 100}. */
    String text();

    /** A {@code [channels, height, width]} sample, NCHW as in PyTorch. */
    record Image(int channels, int height, int width) implements Shape {
        // channels × height × width, or Long.MAX_VALUE when that is larger: three dimensions near Integer.MAX_VALUE
        // overflow a long, and any size above Integer.MAX_VALUE is refused anyway
        @Override
        public long size() {
            long plane = (long) height * width;
            return plane > Long.MAX_VALUE / Math.max(1, channels) ? Long.MAX_VALUE : channels * plane;
        }

        @Override
        public String text() {
            return channels + "×" + height + "×" + width;
        }

        /** The spatial part only, e.g. {@code 28×28}. */
        public String spatialText() {
            return height + "×" + width;
        }
    }

    /** A vector of {@code features} values. */
    record Flat(int features) implements Shape {
        @Override
        public long size() {
            return features;
        }

        @Override
        public String text() {
            return Integer.toString(features);
        }
    }

    /** The token input: {@code length} ids in {@code 0 .. vocabulary - 1}, 0 the padding. */
    record Tokens(int length, int vocabulary) implements Shape {
        @Override
        public long size() {
            return length;
        }

        @Override
        public String text() {
            return length + " token ids";
        }
    }

    /**
     * A sequence of {@code steps} vectors of {@code features} values: an embedding's (masked where the token was
     * padding) or the input's ({@code @Input(steps, features)}, every step real).
     */
    record Sequence(int steps, int features) implements Shape {
        @Override
        public long size() {
            return (long) steps * features;
        }

        @Override
        public String text() {
            return steps + "×" + features + " (steps×features)";
        }
    }
}
