package io.netforge.data;

import static io.netforge.data.Transforms.Interpolation.BILINEAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TransformsTest {
    private static final float[] NO_FILL_1 = {0f};

    /** Two channels of 3×4: channel 0 holds 0..11, channel 1 holds 100..111, row-major. */
    private static float[] twoChannels() {
        float[] v = new float[24];
        for (int i = 0; i < 12; i++) {
            v[i] = i;
            v[12 + i] = 100 + i;
        }
        return v;
    }

    private static final int[] TWO_BY_3X4 = {2, 3, 4};

    private static float[] apply(Transform t, float[] x, int[] shape, float... fill) {
        float[] before = x.clone();
        float[] out = t.apply(x, shape, fill, new SplittableRandom(1));
        assertThat(x).as("input untouched").containsExactly(before);
        return out;
    }

    @Test
    void horizontalAndVerticalFlip() {
        float[] h = apply(Transforms.horizontalFlip(), twoChannels(), TWO_BY_3X4, 0, 0);
        assertThat(h)
                .containsExactly(
                        3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 103, 102, 101, 100, 107, 106, 105, 104, 111, 110, 109,
                        108);
        float[] v = apply(Transforms.randomVerticalFlip(1), twoChannels(), TWO_BY_3X4, 0, 0);
        assertThat(v).startsWith(8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3, 108);
        assertThat(apply(Transforms.randomHorizontalFlip(0), twoChannels(), TWO_BY_3X4, 0, 0))
                .containsExactly(twoChannels());
    }

    @Test
    void randomFlipHappensWithProbabilityP() {
        Transform flip = Transforms.randomHorizontalFlip(0.3);
        SplittableRandom r = new SplittableRandom(5);
        int flipped = 0;
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            if (flip.apply(new float[] {1, 2}, new int[] {1, 1, 2}, NO_FILL_1, r)[0] == 2) {
                flipped++;
            }
        }
        double sigma = Math.sqrt(n * 0.3 * 0.7);
        assertThat((double) flipped).isCloseTo(n * 0.3, within(3 * sigma));
        assertThat(flip.isRandom()).isTrue();
        assertThat(Transforms.horizontalFlip().isRandom()).isFalse();
        assertThat(flip.toString()).isEqualTo("RandomHorizontalFlip(p=0.3)");
    }

    @Test
    void padUsesTheFillOfEachChannel() {
        Transform pad = Transforms.pad(1);
        assertThat(pad.outputShape(TWO_BY_3X4)).containsExactly(2, 5, 6);
        float[] p = apply(pad, twoChannels(), TWO_BY_3X4, -1, -2);
        assertThat(p).hasSize(60);
        assertThat(p[0]).isEqualTo(-1); // corner of channel 0
        assertThat(p[7]).isEqualTo(0); // (1, 1) is the first pixel
        assertThat(p[3 * 6 + 4]).isEqualTo(11); // (3, 4) is the last pixel
        assertThat(p[30]).isEqualTo(-2); // corner of channel 1
        assertThat(p[30 + 7]).isEqualTo(100);
        Transform uneven = Transforms.pad(0, 2, 1, 0);
        assertThat(uneven.outputShape(TWO_BY_3X4)).containsExactly(2, 5, 5);
        assertThat(apply(uneven, twoChannels(), TWO_BY_3X4, 9, 9)).startsWith(9, 0, 1, 2, 3, 9, 4);
        assertThat(uneven.toString()).isEqualTo("Pad(padding=(1, 0, 0, 2))");
    }

    @Test
    void randomCropIsTheWindowOfThePaddedImageAtARandomOffset() {
        Transform crop = Transforms.randomCrop(3, 4, 1);
        float[] padded = apply(Transforms.pad(1), twoChannels(), TWO_BY_3X4, -1, -2);
        int[] paddedShape = {2, 5, 6};
        Set<String> offsets = new HashSet<>();
        for (long seed = 0; seed < 300; seed++) {
            float[] out = crop.apply(twoChannels(), TWO_BY_3X4, new float[] {-1, -2}, new SplittableRandom(seed));
            SplittableRandom same = new SplittableRandom(seed);
            int top = same.nextInt(3);
            int left = same.nextInt(3);
            offsets.add(top + "," + left);
            assertThat(out)
                    .containsExactly(Transforms.window(padded, paddedShape, top, left, 3, 4, new float[] {-1, -2}));
        }
        assertThat(offsets).hasSize(9); // every offset from (0, 0) to (2, 2) occurs
        assertThat(crop.outputShape(TWO_BY_3X4)).containsExactly(2, 3, 4);
        assertThat(Transforms.randomCrop(28, 4).toString()).isEqualTo("RandomCrop(size=(28, 28), padding=4)");
        assertThatThrownBy(() -> Transforms.randomCrop(6, 1).outputShape(TWO_BY_3X4))
                .hasMessageContaining("the crop is larger than the padded image (5x6)");
    }

    @Test
    void centerCropUsesTorchvisionOffsets() {
        // 1×5×5 holding 0..24; a 2×2 center crop: (5 - 2) / 2 = 1.5 rounds half to even → 2
        float[] img = new float[25];
        for (int i = 0; i < 25; i++) {
            img[i] = i;
        }
        int[] shape = {1, 5, 5};
        assertThat(apply(Transforms.centerCrop(2), img, shape, 0)).containsExactly(12, 13, 17, 18);
        assertThat(apply(Transforms.centerCrop(3), img, shape, 0)).containsExactly(6, 7, 8, 11, 12, 13, 16, 17, 18);
        // 1×4×4 → 1×1: (4 - 1) / 2 = 1.5 → 2
        assertThat(apply(Transforms.centerCrop(1), new float[16], new int[] {1, 4, 4}, 0))
                .hasSize(1);
        float[] four = new float[16];
        for (int i = 0; i < 16; i++) {
            four[i] = i;
        }
        assertThat(apply(Transforms.centerCrop(1), four, new int[] {1, 4, 4}, 0))
                .containsExactly(10);
        // larger than the image: padded, left/top get the floor of half the difference
        assertThat(apply(Transforms.centerCrop(3, 4), new float[] {1, 2}, new int[] {1, 1, 2}, -5))
                .containsExactly(-5, -5, -5, -5, -5, 1, 2, -5, -5, -5, -5, -5);
    }

    @Test
    void resizeMatchesPyTorchBilinear() {
        float[] up = apply(Transforms.resize(4, 4), new float[] {1, 2, 3, 4}, new int[] {1, 2, 2}, 0);
        assertThat(up)
                .containsExactly(
                        1.0f, 1.25f, 1.75f, 2.0f, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3.0f, 3.25f,
                        3.75f, 4.0f);
        float[] img = new float[16];
        for (int i = 0; i < 16; i++) {
            img[i] = i;
        }
        // down by 2: each output is the mean of a 2×2 block
        assertThat(apply(Transforms.resize(2, 2), img, new int[] {1, 4, 4}, 0))
                .containsExactly(2.5f, 4.5f, 10.5f, 12.5f);
        assertThat(Transforms.resize(32).outputShape(new int[] {1, 28, 28})).containsExactly(1, 32, 32);
        assertThat(Transforms.resize(16).outputShape(new int[] {3, 20, 30})).containsExactly(3, 16, 24);
        assertThat(Transforms.resize(16).outputShape(new int[] {3, 30, 20})).containsExactly(3, 24, 16);
        assertThat(Transforms.resize(10).outputShape(new int[] {1, 3, 7})).containsExactly(1, 10, 23);
        assertThat(apply(Transforms.resize(3, 3), new float[] {7, 7, 7, 7}, new int[] {1, 2, 2}, 0))
                .containsOnly(7f);
    }

    @Test
    void rotate90FollowsTorchRot90() {
        float[] img = {1, 2, 3, 4, 5, 6}; // 2×3: [[1, 2, 3], [4, 5, 6]]
        int[] shape = {1, 2, 3};
        assertThat(Transforms.rotate90(1).outputShape(shape)).containsExactly(1, 3, 2);
        assertThat(apply(Transforms.rotate90(1), img, shape, 0)).containsExactly(3, 6, 2, 5, 1, 4);
        assertThat(apply(Transforms.rotate90(2), img, shape, 0)).containsExactly(6, 5, 4, 3, 2, 1);
        assertThat(apply(Transforms.rotate90(3), img, shape, 0)).containsExactly(4, 1, 5, 2, 6, 3);
        assertThat(apply(Transforms.rotate90(-1), img, shape, 0)).containsExactly(4, 1, 5, 2, 6, 3);
        assertThat(apply(Transforms.rotate90(4), img, shape, 0)).containsExactly(img);
        assertThatThrownBy(() -> Transforms.randomRotate90().outputShape(shape))
                .hasMessageContaining("needs square images");
        Set<Float> firsts = new HashSet<>();
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 100; i++) {
            firsts.add(
                    Transforms.randomRotate90().apply(new float[] {1, 2, 3, 4}, new int[] {1, 2, 2}, NO_FILL_1, r)[0]);
        }
        assertThat(firsts).containsExactlyInAnyOrder(1f, 2f, 3f, 4f);
    }

    @Test
    void rotationByQuarterTurnsEqualsRot90AndUncoveredCornersGetTheFill() {
        float[] img = new float[2 * 25];
        for (int i = 0; i < img.length; i++) {
            img[i] = i + 1;
        }
        int[] shape = {2, 5, 5};
        for (int k = 1; k <= 3; k++) {
            assertThat(apply(Transforms.rotate(90 * k), img, shape, 0, 0))
                    .containsExactly(apply(Transforms.rotate90(k), img, shape, 0, 0));
            assertThat(apply(Transforms.rotate(90 * k, BILINEAR), img, shape, 0, 0))
                    .containsExactly(apply(Transforms.rotate90(k), img, shape, 0, 0));
        }
        float[] r45 = apply(Transforms.rotate(45), img, shape, -1, -2);
        assertThat(r45[0]).isEqualTo(-1); // corners of both channels uncovered
        assertThat(r45[25 + 24]).isEqualTo(-2);
        assertThat(r45[12]).isEqualTo(img[12]); // the centre stays
        assertThat(Transforms.randomRotation(10).toString())
                .isEqualTo("RandomRotation(degrees=[-10.0, 10.0], interpolation=nearest)");
        assertThat(Transforms.randomRotation(10).isRandom()).isTrue();
        assertThat(Transforms.rotate(30).isRandom()).isFalse();
    }

    @Test
    void randomRotationStaysWithinItsRange() {
        // a single bright pixel right of the centre moves along a circle: its angle is the drawn angle
        int n = 41;
        float[] img = new float[n * n];
        img[20 * n + 40] = 1;
        SplittableRandom r = new SplittableRandom(9);
        double maxAngle = 0;
        for (int i = 0; i < 200; i++) {
            float[] out = Transforms.randomRotation(30).apply(img, new int[] {1, n, n}, NO_FILL_1, r);
            for (int p = 0; p < out.length; p++) {
                if (out[p] == 1) {
                    double angle = Math.toDegrees(Math.atan2(-(p / n - 20), p % n - 20)); // counter-clockwise
                    maxAngle = Math.max(maxAngle, Math.abs(angle));
                }
            }
        }
        assertThat(maxAngle).isBetween(25.0, 31.5);
    }

    @Test
    void composeChainsShapesInOrder() {
        Transform padThenCrop = Transforms.compose(Transforms.pad(2), Transforms.centerCrop(3));
        Transform cropThenPad = Transforms.compose(Transforms.centerCrop(3), Transforms.pad(2));
        assertThat(padThenCrop.outputShape(TWO_BY_3X4)).containsExactly(2, 3, 3);
        assertThat(cropThenPad.outputShape(TWO_BY_3X4)).containsExactly(2, 7, 7);
        Transform augmentation = Transforms.compose(Transforms.randomHorizontalFlip(), Transforms.randomCrop(28, 2));
        assertThat(augmentation.toString())
                .isEqualTo("Compose(RandomHorizontalFlip(p=0.5), RandomCrop(size=(28, 28), padding=2))");
        assertThat(augmentation.isRandom()).isTrue();
        assertThat(Transforms.compose(Transforms.pad(1)).isRandom()).isFalse();
        float[] a = augmentation.apply(new float[784], new int[] {1, 28, 28}, NO_FILL_1, new SplittableRandom(4));
        assertThat(a).hasSize(784);
        assertThatThrownBy(Transforms::compose).hasMessageContaining("at least one transform");
    }

    @Test
    void badShapesAndArgumentsAreClearErrors() {
        assertThatThrownBy(() -> Transforms.horizontalFlip().outputShape(new int[] {64}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HorizontalFlip() needs {channels, height, width} images, got sample shape [64]");
        assertThatThrownBy(() -> Transforms.randomHorizontalFlip(1.5))
                .hasMessage("probability must be in [0, 1], was 1.5");
        assertThatThrownBy(() -> Transforms.randomCrop(0)).hasMessage("crop height must be positive, was 0");
        assertThatThrownBy(() -> Transforms.pad(-1)).hasMessage("padding must not be negative, was -1");
        assertThatThrownBy(() -> Transforms.resize(0, 3)).hasMessage("height must be positive, was 0");
        assertThatThrownBy(() -> Transforms.randomRotation(-5)).hasMessageContaining("non-negative range");
        assertThatThrownBy(() -> Transforms.horizontalFlip()
                        .apply(new float[3], new int[] {1, 2, 2}, NO_FILL_1, new SplittableRandom(1)))
                .hasMessageContaining("has 4 values, got 3");
        assertThatThrownBy(() -> Transforms.pad(1)
                        .apply(new float[4], new int[] {1, 2, 2}, new float[2], new SplittableRandom(1)))
                .hasMessageContaining("one fill value per channel expected (1), got 2");
    }

    @Test
    void datasetsMapAndAugmentWithTransforms() {
        Dataset d = new Dataset("img", twoChannels(), new int[] {1}, TWO_BY_3X4, 2)
                .standardize(new float[] {0, 100}, new float[] {1, 10});
        Dataset padded = d.map(Transforms.pad(1));
        assertThat(padded.sampleShape()).containsExactly(2, 5, 6);
        // padding is black in the normalized scale: (0 - 0) / 1 and (0 - 100) / 10
        assertThat(padded.features(0)[0]).isEqualTo(0f);
        assertThat(padded.features(0)[30]).isEqualTo(-10f);
        assertThat(padded.normalization()).isEqualTo(d.normalization());
        assertThatThrownBy(() -> d.map(Transforms.randomHorizontalFlip()))
                .hasMessageContaining("is random; use augment()");
        assertThatThrownBy(() -> d.augment(Transforms.pad(1)))
                .hasMessageContaining("augmentation Pad(padding=1) turns samples of shape [2, 3, 4] into [2, 5, 6]");
        Dataset augmented = d.augment(Transforms.randomHorizontalFlip()).augment(Transforms.randomCrop(3, 4, 1));
        assertThat(augmented.augmentation().toString())
                .isEqualTo("Compose(RandomHorizontalFlip(p=0.5), RandomCrop(size=(3, 4), padding=1))");
        assertThat(augmented.withoutAugmentation().augmentation()).isNull();
        assertThatThrownBy(() -> augmented.map(Transforms.pad(1)))
                .hasMessageContaining("map() it before adding augmentation");
    }

    @Test
    void grayscaleRepeatsGreyAndWeighsColour() {
        float[] grey = {0.25f, 0.5f};
        assertThat(apply(Transforms.grayscale(3), grey, new int[] {1, 1, 2}, 0))
                .containsExactly(0.25f, 0.5f, 0.25f, 0.5f, 0.25f, 0.5f);
        float[] rgb = {1, 0, 0, 1, 0, 0};
        float[] l = apply(Transforms.grayscale(1), rgb, new int[] {3, 1, 2}, 0, 0, 0);
        assertThat(l).containsExactly(0.2989f, 0.587f);
        assertThat(Transforms.grayscale(3).outputShape(new int[] {1, 28, 28})).containsExactly(3, 28, 28);
        assertThatThrownBy(() -> Transforms.grayscale(2)).hasMessage("grayscale makes 1 or 3 channels, was 2");
        assertThat(Transforms.grayscale(3).toString()).isEqualTo("Grayscale(num_output_channels=3)");
    }

    @Test
    void mappingGreyToThreeChannelsCarriesTheNormalization() {
        Dataset grey =
                new Dataset("g", new float[] {0, 1, 2, 3}, new int[] {0}, new int[] {1, 2, 2}, 1).standardize(1f, 2f);
        Dataset rgb = grey.map(Transforms.compose(Transforms.pad(1), Transforms.grayscale(3)));
        assertThat(rgb.sampleShape()).containsExactly(3, 4, 4);
        assertThat(rgb.normalization())
                .isEqualTo(Normalization.standardize(new float[] {1, 1, 1}, new float[] {2, 2, 2}));
        assertThat(rgb.features(0)[0]).isEqualTo(-0.5f); // black padding, standardized
        assertThat(rgb.features(0)[16 + 5]).isEqualTo(-0.5f); // pixel 0 in the green plane
        Dataset colour =
                new Dataset("c", new float[] {0, 1, 2}, new int[] {0}, new int[] {3, 1, 1}, 1).standardize(1f, 2f);
        assertThatThrownBy(() -> colour.map(Transforms.grayscale(1))).hasMessageContaining("map() before normalizing");
    }
}
