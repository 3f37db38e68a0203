package io.netforge.data;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * torchvision's image transforms for channels-first float samples: flips, padding, random and center crops,
 * bilinear resizing, rotation by multiples of 90° and by any angle, and {@link #compose}. Use deterministic
 * ones with {@link Dataset#map} (all splits, once) and random ones with {@link Dataset#augment} (training
 * batches, drawn anew every epoch).
 *
 * <p>Each transform's {@code toString()} reads like its torchvision counterpart, e.g.
 * {@code Compose(RandomHorizontalFlip(p=0.5), RandomCrop(size=(28, 28), padding=2))}.
 */
public final class Transforms {
    /** How a rotation samples the source image. */
    public enum Interpolation {
        /** The nearest source pixel (torchvision's default for rotation). */
        NEAREST,
        /** Bilinear between the four neighbouring source pixels; outside pixels count as the fill value. */
        BILINEAR
    }

    private Transforms() {}

    /** Applies {@code steps} in order, like {@code transforms.Compose}. */
    public static Transform compose(Transform... steps) {
        if (steps == null || steps.length == 0) {
            throw new IllegalArgumentException("compose needs at least one transform");
        }
        return compose(Arrays.asList(steps));
    }

    /** Applies {@code steps} in order. */
    public static Transform compose(List<Transform> steps) {
        if (steps == null || steps.isEmpty()) {
            throw new IllegalArgumentException("compose needs at least one transform");
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) == null) {
                throw new IllegalArgumentException("compose: transform " + i + " is null");
            }
        }
        return new Compose(List.copyOf(steps));
    }

    /**
     * torchvision's {@code Grayscale(num_output_channels)}: a colour image becomes its luminance
     * {@code 0.2989 R + 0.587 G + 0.114 B}; a grey image is kept. With 3 output channels the grey value is
     * repeated in R, G and B: Fashion-MNIST fed to a network made for CIFAR's 3 channels.
     */
    public static Transform grayscale(int outputChannels) {
        if (outputChannels != 1 && outputChannels != 3) {
            throw new IllegalArgumentException("grayscale makes 1 or 3 channels, was " + outputChannels);
        }
        return new Grayscale(outputChannels);
    }

    /**
     * A one-channel image {@code [1, H, W]} as a sequence of its {@code H} rows of {@code W} values ({@code [H, W]}),
     * for {@code @Input(steps = H, features = W)}: PyTorch's {@code images.reshape(-1, 28, 28)} before an LSTM.
     */
    public static Transform rowsAsSequence() {
        return new RowsAsSequence();
    }

    /** Mirrors every image left to right. */
    public static Transform horizontalFlip() {
        return new Flip(true, 1.0, false);
    }

    /** Mirrors an image left to right with probability 0.5. */
    public static Transform randomHorizontalFlip() {
        return randomHorizontalFlip(0.5);
    }

    /** Mirrors an image left to right with probability {@code p}. */
    public static Transform randomHorizontalFlip(double p) {
        return new Flip(true, checkProbability(p), true);
    }

    /** Mirrors an image top to bottom with probability {@code p}. */
    public static Transform randomVerticalFlip(double p) {
        return new Flip(false, checkProbability(p), true);
    }

    /** Pads every side by {@code padding} pixels of the fill value (black). */
    public static Transform pad(int padding) {
        return pad(padding, padding, padding, padding);
    }

    /** Pads each side by its own number of pixels. */
    public static Transform pad(int top, int bottom, int left, int right) {
        for (int v : new int[] {top, bottom, left, right}) {
            checkNonNegative("padding", v);
        }
        return new Pad(top, bottom, left, right);
    }

    /** A {@code size}×{@code size} crop at a random position. */
    public static Transform randomCrop(int size) {
        return randomCrop(size, size, 0);
    }

    /** Pads every side by {@code padding}, then takes a random {@code size}×{@code size} crop (torchvision's {@code RandomCrop(size, padding)}). */
    public static Transform randomCrop(int size, int padding) {
        return randomCrop(size, size, padding);
    }

    /** Pads every side by {@code padding}, then takes a random {@code height}×{@code width} crop. */
    public static Transform randomCrop(int height, int width, int padding) {
        checkPositive("crop height", height);
        checkPositive("crop width", width);
        checkNonNegative("padding", padding);
        return new RandomCrop(height, width, padding);
    }

    /** The central {@code size}×{@code size} region; pads (with the fill value) if the image is smaller. */
    public static Transform centerCrop(int size) {
        return centerCrop(size, size);
    }

    /** The central {@code height}×{@code width} region, with torchvision's offsets. */
    public static Transform centerCrop(int height, int width) {
        checkPositive("crop height", height);
        checkPositive("crop width", width);
        return new CenterCrop(height, width);
    }

    /**
     * Resizes the smaller edge to {@code size}, keeping the aspect ratio (torchvision's {@code Resize(int)}):
     * the longer edge becomes {@code (int) (size * long / short)}.
     */
    public static Transform resize(int size) {
        checkPositive("size", size);
        return new Resize(size, 0, true);
    }

    /**
     * Resizes to exactly {@code height}×{@code width}, bilinearly, as PyTorch's
     * {@code F.interpolate(mode="bilinear", align_corners=False)} without antialiasing: shrinking by a large
     * factor aliases, as it does there.
     */
    public static Transform resize(int height, int width) {
        checkPositive("height", height);
        checkPositive("width", width);
        return new Resize(height, width, false);
    }

    /** Rotates counter-clockwise by {@code k} × 90° ({@code torch.rot90(x, k, dims=[1, 2])}); odd {@code k} swaps height and width. */
    public static Transform rotate90(int k) {
        return new Rotate90(Math.floorMod(k, 4), false);
    }

    /** Rotates square images by 0°, 90°, 180° or 270°, each with probability 1/4. */
    public static Transform randomRotate90() {
        return new Rotate90(0, true);
    }

    /** Rotates counter-clockwise by {@code degrees} about the centre, nearest-neighbour, corners filled (torchvision's {@code F.rotate}). */
    public static Transform rotate(double degrees) {
        return rotate(degrees, Interpolation.NEAREST);
    }

    /** Rotates counter-clockwise by {@code degrees} about the centre. */
    public static Transform rotate(double degrees, Interpolation interpolation) {
        if (!Double.isFinite(degrees)) {
            throw new IllegalArgumentException("rotation angle must be finite, was " + degrees);
        }
        return new Rotation(degrees, 0, Objects.requireNonNull(interpolation, "interpolation"));
    }

    /** Rotates by an angle drawn uniformly from [−degrees, degrees] (torchvision's {@code RandomRotation(degrees)}). */
    public static Transform randomRotation(double degrees) {
        return randomRotation(degrees, Interpolation.NEAREST);
    }

    /** Rotates by an angle drawn uniformly from [−degrees, degrees]. */
    public static Transform randomRotation(double degrees, Interpolation interpolation) {
        if (!(degrees >= 0) || Double.isInfinite(degrees)) {
            throw new IllegalArgumentException(
                    "RandomRotation needs a finite, non-negative range of degrees, was " + degrees);
        }
        return new Rotation(0, degrees, Objects.requireNonNull(interpolation, "interpolation"));
    }

    // -------------------------------------------------------------------------------------------------------------

    private static double checkProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], was " + p);
        }
        return p;
    }

    private static void checkPositive(String what, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(what + " must be positive, was " + v);
        }
    }

    private static void checkNonNegative(String what, int v) {
        if (v < 0) {
            throw new IllegalArgumentException(what + " must not be negative, was " + v);
        }
    }

    /** Checks an image shape and returns it; every image transform starts here. */
    static int[] image(Transform t, int[] shape) {
        if (shape == null || shape.length != 3 || shape[0] < 1 || shape[1] < 1 || shape[2] < 1) {
            throw new IllegalArgumentException(
                    t + " needs {channels, height, width} images, got sample shape " + Arrays.toString(shape));
        }
        return shape;
    }

    private static void checkSample(Transform t, float[] sample, int[] shape, float[] fill) {
        image(t, shape);
        if (sample.length != shape[0] * shape[1] * shape[2]) {
            throw new IllegalArgumentException(t + ": a sample of shape " + Arrays.toString(shape) + " has "
                    + shape[0] * shape[1] * shape[2] + " values, got " + sample.length);
        }
        if (fill.length != shape[0]) {
            throw new IllegalArgumentException(
                    t + ": one fill value per channel expected (" + shape[0] + "), got " + fill.length);
        }
    }

    /** Copies the window at (top, left) of size h×w from the image; positions outside get the channel's fill. */
    static float[] window(float[] src, int[] shape, int top, int left, int h, int w, float[] fill) {
        int channels = shape[0];
        int height = shape[1];
        int width = shape[2];
        float[] out = new float[channels * h * w];
        int k = 0;
        for (int c = 0; c < channels; c++) {
            int plane = c * height * width;
            for (int y = 0; y < h; y++) {
                int sy = top + y;
                boolean rowInside = sy >= 0 && sy < height;
                for (int x = 0; x < w; x++) {
                    int sx = left + x;
                    out[k++] = rowInside && sx >= 0 && sx < width ? src[plane + sy * width + sx] : fill[c];
                }
            }
        }
        return out;
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) + ".0" : String.valueOf(v);
    }

    // -------------------------------------------------------------------------------------------------------------

    private record Compose(List<Transform> steps) implements Transform {
        @Override
        public int[] outputShape(int[] inputShape) {
            int[] shape = inputShape;
            for (Transform t : steps) {
                shape = t.outputShape(shape);
            }
            return shape;
        }

        @Override
        public float[] apply(float[] sample, int[] shape, float[] fill, RandomGenerator random) {
            float[] x = sample;
            int[] s = shape;
            for (Transform t : steps) {
                x = t.apply(x, s, fill, random);
                s = t.outputShape(s);
            }
            return x == sample ? sample.clone() : x;
        }

        @Override
        public boolean isRandom() {
            return steps.stream().anyMatch(Transform::isRandom);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("Compose(");
            for (int i = 0; i < steps.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(steps.get(i));
            }
            return sb.append(')').toString();
        }
    }

    private record Grayscale(int outputChannels) implements Transform {
        @Override
        public int[] outputShape(int[] inputShape) {
            int[] s = image(this, inputShape);
            if (s[0] != 1 && s[0] != 3) {
                throw new IllegalArgumentException(this + " needs 1 (grey) or 3 (RGB) channels, got " + s[0]);
            }
            return new int[] {outputChannels, s[1], s[2]};
        }

        @Override
        public float[] apply(float[] sample, int[] shape, float[] fill, RandomGenerator random) {
            checkSample(this, sample, shape, fill);
            outputShape(shape);
            int plane = shape[1] * shape[2];
            float[] grey;
            if (shape[0] == 1) {
                grey = sample;
            } else {
                grey = new float[plane];
                for (int p = 0; p < plane; p++) {
                    grey[p] = 0.2989f * sample[p] + 0.587f * sample[plane + p] + 0.114f * sample[2 * plane + p];
                }
            }
            float[] out = new float[outputChannels * plane];
            for (int c = 0; c < outputChannels; c++) {
                System.arraycopy(grey, 0, out, c * plane, plane);
            }
            return out;
        }

        @Override
        public String toString() {
            return "Grayscale(num_output_channels=" + outputChannels + ")";
        }
    }

    private record Flip(boolean horizontal, double p, boolean random) implements Transform {
        @Override
        public int[] outputShape(int[] inputShape) {
            return image(this, inputShape).clone();
        }

        @Override
        public float[] apply(float[] sample, int[] shape, float[] fill, RandomGenerator rng) {
            checkSample(this, sample, shape, fill);
            if (random && !(rng.nextDouble() < p)) {
                return sample.clone();
            }
            int channels = shape[0];
            int height = shape[1];
            int width = shape[2];
            float[] out = new float[sample.length];
            for (int c = 0; c < channels; c++) {
                int plane = c * height * width;
                for (int y = 0; y < height; y++) {
                    int row = plane + y * width;
                    int srcRow = horizontal ? row : plane + (height - 1 - y) * width;
                    for (int x = 0; x < width; x++) {
                        out[row + x] = sample[srcRow + (horizontal ? width - 1 - x : x)];
                    }
                }
            }
            return out;
        }

        @Override
        public boolean isRandom() {
            return random;
        }

        @Override
        public String toString() {
            String name = horizontal ? "HorizontalFlip" : "VerticalFlip";
            return random ? "Random" + name + "(p=" + p + ")" : name + "()";
        }
    }

    private record Pad(int top, int bottom, int left, int right) implements Transform {
        @Override
        public int[] outputShape(int[] inputShape) {
            int[] s = image(this, inputShape);
            return new int[] {s[0], Math.addExact(s[1], top + bottom), Math.addExact(s[2], left + right)};
        }

        @Override
        public float[] apply(float[] sample, int[] shape, float[] fill, RandomGenerator random) {
            checkSample(this, sample, shape, fill);
            int[] out = outputShape(shape);
            return window(sample, shape, -top, -left, out[1], out[2], fill);
        }

        @Override
        public String toString() {
            return top == bottom && top == left && top == right
                    ? "Pad(padding=" + top + ")"
                    : "Pad(padding=(" + left + ", " + top + ", " + right + ", " + bottom + "))";
        }
    }

    private record RandomCrop(int height, int width, int padding) implements Transform {
        @Override
        public int[] outputShape(int[] inputShape) {
            int[] s = image(this, inputShape);
            if (height > s[1] + 2 * padding || width > s[2] + 2 * padding) {
                throw new IllegalArgumentException(this + ": the crop is larger than the padded image ("
                        + (s[1] + 2 * padding) + "x" + (s[2] + 2 * padding) + ")");
            }
            return new int[] {s[0], height, width};
        }

        @Override
        public float[] apply(float[] sample, int[] shape, float[] fill, RandomGenerator random) {
            checkSample(this, sample, shape, fill);
            outputShape(shape);
            int top = random.nextInt(shape[1] + 2 * padding - height + 1);
            int left = random.nextInt(shape[2] + 2 * padding - width + 1);
            return window(sample, shape, top - padding, left - padding, height, width, fill);
        }

        @Override
        public boolean isRandom() {
            return true;
        }

        @Override
        public String toString() {
            return "RandomCrop(size=(" + height + ", " + width + "), padding=" + padding + ")";
        }
    }

    private record CenterCrop(int height, int width) implements Transform {
        @Override
        public int[] outputShape(int[] inputShape) {
            int[] s = image(this, inputShape);
            return new int[] {s[0], height, width};
        }

        @Override
        public float[] apply(float[] sample, int[] shape, float[] fill, RandomGenerator random) {
            checkSample(this, sample, shape, fill);
            // torchvision pads a too-small image first: left/top get the floor of half the difference
            int padTop = height > shape[1] ? (height - shape[1]) / 2 : 0;
            int padLeft = width > shape[2] ? (width - shape[2]) / 2 : 0;
            int paddedHeight = Math.max(shape[1], height);
            int paddedWidth = Math.max(shape[2], width);
            int top = (int) Math.rint((paddedHeight - height) / 2.0); // Python's round(): half to even
            int left = (int) Math.rint((paddedWidth - width) / 2.0);
            return window(sample, shape, top - padTop, left - padLeft, height, width, fill);
        }

        @Override
        public String toString() {
            return "CenterCrop(size=(" + height + ", " + width + "))";
        }
    }

    private record Resize(int height, int width, boolean smallerEdge) implements Transform {
        @Override
        public int[] outputShape(int[] inputShape) {
            int[] s = image(this, inputShape);
            if (!smallerEdge) {
                return new int[] {s[0], height, width};
            }
            int size = height;
            if (s[1] <= s[2]) {
                return new int[] {s[0], size, (int) ((long) size * s[2] / s[1])};
            }
            return new int[] {s[0], (int) ((long) size * s[1] / s[2]), size};
        }

        @Override
        public float[] apply(float[] sample, int[] shape, float[] fill, RandomGenerator random) {
            checkSample(this, sample, shape, fill);
            int[] out = outputShape(shape);
            int channels = shape[0];
            int inH = shape[1];
            int inW = shape[2];
            int outH = out[1];
            int outW = out[2];
            // source coordinate per output row / column, PyTorch's align_corners=False rule
            int[] y0 = new int[outH];
            int[] y1 = new int[outH];
            float[] wy = new float[outH];
            axis(inH, outH, y0, y1, wy);
            int[] x0 = new int[outW];
            int[] x1 = new int[outW];
            float[] wx = new float[outW];
            axis(inW, outW, x0, x1, wx);
            float[] result = new float[channels * outH * outW];
            int k = 0;
            for (int c = 0; c < channels; c++) {
                int plane = c * inH * inW;
                for (int y = 0; y < outH; y++) {
                    int r0 = plane + y0[y] * inW;
                    int r1 = plane + y1[y] * inW;
                    float fy = wy[y];
                    for (int x = 0; x < outW; x++) {
                        float fx = wx[x];
                        float top = sample[r0 + x0[x]] * (1 - fx) + sample[r0 + x1[x]] * fx;
                        float bottom = sample[r1 + x0[x]] * (1 - fx) + sample[r1 + x1[x]] * fx;
                        result[k++] = top * (1 - fy) + bottom * fy;
                    }
                }
            }
            return result;
        }

        private static void axis(int in, int out, int[] i0, int[] i1, float[] w) {
            double scale = (double) in / out;
            for (int d = 0; d < out; d++) {
                double src = Math.max((d + 0.5) * scale - 0.5, 0);
                int lo = Math.min((int) src, in - 1);
                i0[d] = lo;
                i1[d] = Math.min(lo + 1, in - 1);
                w[d] = (float) (src - lo);
            }
        }

        @Override
        public String toString() {
            return smallerEdge
                    ? "Resize(size=" + height + ", interpolation=bilinear)"
                    : "Resize(size=(" + height + ", " + width + "), interpolation=bilinear)";
        }
    }

    private record Rotate90(int k, boolean random) implements Transform {
        @Override
        public int[] outputShape(int[] inputShape) {
            int[] s = image(this, inputShape);
            if (random && s[1] != s[2]) {
                throw new IllegalArgumentException(this
                        + " needs square images (a quarter turn swaps height and width), got " + s[1] + "x" + s[2]);
            }
            return k % 2 == 0 ? s.clone() : new int[] {s[0], s[2], s[1]};
        }

        @Override
        public float[] apply(float[] sample, int[] shape, float[] fill, RandomGenerator rng) {
            checkSample(this, sample, shape, fill);
            outputShape(shape);
            int turns = random ? rng.nextInt(4) : k;
            int channels = shape[0];
            int h = shape[1];
            int w = shape[2];
            int outH = turns % 2 == 0 ? h : w;
            int outW = turns % 2 == 0 ? w : h;
            float[] out = new float[sample.length];
            int idx = 0;
            for (int c = 0; c < channels; c++) {
                int plane = c * h * w;
                for (int y = 0; y < outH; y++) {
                    for (int x = 0; x < outW; x++) {
                        // torch.rot90 counter-clockwise: out[y][x] = in[x][w-1-y] for one turn
                        int sy;
                        int sx;
                        switch (turns) {
                            case 0 -> {
                                sy = y;
                                sx = x;
                            }
                            case 1 -> {
                                sy = x;
                                sx = w - 1 - y;
                            }
                            case 2 -> {
                                sy = h - 1 - y;
                                sx = w - 1 - x;
                            }
                            default -> {
                                sy = h - 1 - x;
                                sx = y;
                            }
                        }
                        out[idx++] = sample[plane + sy * w + sx];
                    }
                }
            }
            return out;
        }

        @Override
        public boolean isRandom() {
            return random;
        }

        @Override
        public String toString() {
            return random ? "RandomRotate90()" : "Rotate90(k=" + k + ")";
        }
    }

    /**
     * Rotation about the image centre {@code ((W - 1) / 2, (H - 1) / 2)} in pixel coordinates, counter-clockwise
     * for positive angles as torchvision's {@code F.rotate}; each output pixel takes the source position
     * obtained by rotating it back.
     */
    private record Rotation(double degrees, double range, Interpolation interpolation) implements Transform {
        @Override
        public int[] outputShape(int[] inputShape) {
            return image(this, inputShape).clone();
        }

        @Override
        public float[] apply(float[] sample, int[] shape, float[] fill, RandomGenerator random) {
            checkSample(this, sample, shape, fill);
            double angle = range > 0 ? (random.nextDouble() * 2 - 1) * range : degrees;
            int channels = shape[0];
            int h = shape[1];
            int w = shape[2];
            double rad = Math.toRadians(angle);
            double cos = Math.cos(rad);
            double sin = Math.sin(rad);
            // exact quarter turns, so rotate(90) is a lossless rot90
            if (Math.abs(cos) < 1e-12) {
                cos = 0;
            }
            if (Math.abs(sin) < 1e-12) {
                sin = 0;
            }
            double cx = (w - 1) / 2.0;
            double cy = (h - 1) / 2.0;
            float[] out = new float[sample.length];
            for (int y = 0; y < h; y++) {
                double dy = y - cy;
                for (int x = 0; x < w; x++) {
                    double dx = x - cx;
                    // rotating the output position back by -angle (image y axis points down)
                    double sx = cx + dx * cos - dy * sin;
                    double sy = cy + dx * sin + dy * cos;
                    for (int c = 0; c < channels; c++) {
                        out[(c * h + y) * w + x] = interpolation == Interpolation.NEAREST
                                ? nearest(sample, c, h, w, sx, sy, fill[c])
                                : bilinear(sample, c, h, w, sx, sy, fill[c]);
                    }
                }
            }
            return out;
        }

        private static float nearest(float[] s, int c, int h, int w, double sx, double sy, float fill) {
            long x = Math.round(sx);
            long y = Math.round(sy);
            return x >= 0 && x < w && y >= 0 && y < h ? s[(int) ((c * (long) h + y) * w + x)] : fill;
        }

        private static float bilinear(float[] s, int c, int h, int w, double sx, double sy, float fill) {
            int x0 = (int) Math.floor(sx);
            int y0 = (int) Math.floor(sy);
            double fx = sx - x0;
            double fy = sy - y0;
            double v = 0;
            for (int j = 0; j <= 1; j++) {
                for (int i = 0; i <= 1; i++) {
                    double weight = (i == 0 ? 1 - fx : fx) * (j == 0 ? 1 - fy : fy);
                    if (weight == 0) {
                        continue;
                    }
                    int x = x0 + i;
                    int y = y0 + j;
                    v += weight * (x >= 0 && x < w && y >= 0 && y < h ? s[(c * h + y) * w + x] : fill);
                }
            }
            return (float) v;
        }

        @Override
        public boolean isRandom() {
            return range > 0;
        }

        @Override
        public String toString() {
            String how = interpolation.name().toLowerCase(Locale.ROOT);
            return range > 0
                    ? "RandomRotation(degrees=[" + format(-range) + ", " + format(range) + "], interpolation=" + how
                            + ")"
                    : "Rotate(angle=" + format(degrees) + ", interpolation=" + how + ")";
        }
    }
}
