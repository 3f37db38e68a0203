package io.netforge.processor.model;

/**
 * The shape of one sample as it flows through a model, without the batch dimension: an image
 * ({@code channels×height×width}) or a flat vector of features.
 */
public sealed interface Shape permits Shape.Image, Shape.Flat {

    /** Number of values in one sample. */
    long size();

    /** How messages, comments and summaries print the shape: {@code 16×28×28} or {@code 100}. */
    String text();

    /** A {@code [channels, height, width]} sample, NCHW as in PyTorch. */
    record Image(int channels, int height, int width) implements Shape {
        @Override
        public long size() {
            return (long) channels * height * width;
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
}
