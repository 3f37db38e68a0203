package io.netforge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.datasets.ImageFolder;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** A w×h RGB image whose pixel (x, y) is (10x + y, 100 + y, 200 + x). */
    private static Path rgb(Path file, int w, int h, String format) throws IOException {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, (10 * x + y) << 16 | (100 + y) << 8 | (200 + x));
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, format, file.toFile());
        return file;
    }

    private static Path grey(Path file, int w, int h) throws IOException {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.getRaster().setSample(x, y, 0, 40 * y + x);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    @Test
    void classesAreSortedFolderNamesAndImagesSortedFileNames(@TempDir Path root) throws IOException {
        rgb(root.resolve("dog/b.png"), 3, 2, "png");
        rgb(root.resolve("dog/a.PNG"), 3, 2, "png");
        rgb(root.resolve("cat/z.png"), 3, 2, "png");
        Files.writeString(root.resolve("cat/notes.txt"), "not an image");
        rgb(root.resolve("cat/.hidden.png"), 9, 9, "png");
        Files.createDirectories(root.resolve(".git"));
        assertThat(ImageFolder.classes(root)).containsExactly("cat", "dog");
        Dataset d = ImageFolder.load(root, 3);
        assertThat(d.name()).isEqualTo(root.getFileName().toString());
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.classes()).isEqualTo(2);
        assertThat(d.sampleShape()).containsExactly(3, 2, 3);
        assertThat(new int[] {d.label(0), d.label(1), d.label(2)}).containsExactly(0, 1, 1);
        float[] x = d.features(0);
        // red plane row 0, 1; green plane; blue plane — PNG is lossless, so exact
        assertThat(x)
                .containsExactly(
                        0f,
                        10 / 255f,
                        20 / 255f,
                        1 / 255f,
                        11 / 255f,
                        21 / 255f,
                        100 / 255f,
                        100 / 255f,
                        100 / 255f,
                        101 / 255f,
                        101 / 255f,
                        101 / 255f,
                        200 / 255f,
                        201 / 255f,
                        202 / 255f,
                        200 / 255f,
                        201 / 255f,
                        202 / 255f);
    }

    @Test
    void greyAndColourConvertLikePillow(@TempDir Path root) throws IOException {
        grey(root.resolve("a/g.png"), 2, 2);
        rgb(root.resolve("b/c.png"), 2, 2, "png");
        Dataset one = ImageFolder.load(root, 1);
        assertThat(one.sampleShape()).containsExactly(1, 2, 2);
        assertThat(one.features(0)).containsExactly(0f, 1 / 255f, 40 / 255f, 41 / 255f);
        // Pillow: L = (R * 19595 + G * 38470 + B * 7471 + 0x8000) >> 16; pixel (1, 0) = (10, 100, 201)
        int l = (10 * 19595 + 100 * 38470 + 201 * 7471 + 0x8000) >> 16;
        assertThat(one.features(1)[1]).isEqualTo(l / 255f);
        Dataset three = ImageFolder.load(root, 3);
        assertThat(three.features(0))
                .containsExactly(
                        0f, 1 / 255f, 40 / 255f, 41 / 255f, 0f, 1 / 255f, 40 / 255f, 41 / 255f, 0f, 1 / 255f, 40 / 255f,
                        41 / 255f);
    }

    @Test
    void jpegAndResizing(@TempDir Path root) throws IOException {
        rgb(root.resolve("a/x.jpg"), 8, 6, "jpg");
        rgb(root.resolve("b/y.png"), 4, 4, "png");
        assertThatThrownBy(() -> ImageFolder.load(root, 3))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(root.resolve("b/y.png") + ": expected a 8x6 image like " + root.resolve("a/x.jpg")
                        + " but found 4x4 (width x height)");
        Dataset d = ImageFolder.load(root, 3, 4, 4);
        assertThat(d.sampleShape()).containsExactly(3, 4, 4);
        assertThat(d.features(1)[0]).isEqualTo(0f); // the 4x4 PNG is unchanged by a 4x4 resize
        assertThat(d.features(1)[5]).isEqualTo(11 / 255f);
    }

    @Test
    void badFoldersAndFilesAreNamed(@TempDir Path root) throws IOException {
        assertThatThrownBy(() -> ImageFolder.load(root.resolve("missing"), 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("image folder " + root.resolve("missing") + " does not exist");
        assertThatThrownBy(() -> ImageFolder.load(root, 3))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(root + ": no class folders");
        rgb(root.resolve("a/x.png"), 2, 2, "png");
        Files.createDirectories(root.resolve("b"));
        Files.writeString(root.resolve("b/readme.md"), "#");
        assertThatThrownBy(() -> ImageFolder.load(root, 3))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(root.resolve("b") + ": Found no valid file for class b");
        Files.write(root.resolve("b/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        assertThatThrownBy(() -> ImageFolder.load(root, 3))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(root.resolve("b/broken.png") + ": ");
        Files.writeString(root.resolve("b/broken.png"), "plain text");
        assertThatThrownBy(() -> ImageFolder.load(root, 3))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(root.resolve("b/broken.png")
                        + ": not an image ImageIO can decode (no PNG, JPEG, BMP or GIF signature at offset 0)");
        assertThatThrownBy(() -> ImageFolder.load(root, 2))
                .hasMessage("channels must be 1 (greyscale) or 3 (RGB), was 2");
    }

    @Test
    void aHeaderClaimingAHugeImageIsRefusedBeforeDecoding(@TempDir Path root) throws IOException {
        rgb(root.resolve("a/x.png"), 2, 2, "png");
        Path huge = rgb(root.resolve("b/huge.png"), 2, 2, "png");
        byte[] png = Files.readAllBytes(huge);
        java.nio.ByteBuffer.wrap(png).putInt(16, 100_000).putInt(20, 100_000); // IHDR width and height
        Files.write(huge, png);
        assertThatThrownBy(() -> ImageFolder.load(root, 3))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(huge + ": the header claims a 100000x100000 image; expected 1..16384 pixels a side");
    }

    /** Java treats its grey colour space as linear, so {@code getRGB} on a grey+alpha PNG turns 40 into 110. */
    @Test
    void greyWithAlphaKeepsItsStoredValues(@TempDir Path root) throws IOException {
        ColorModel model = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_GRAY),
                true,
                false,
                Transparency.TRANSLUCENT,
                DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(2, 1);
        raster.setSample(0, 0, 0, 40);
        raster.setSample(0, 0, 1, 255);
        raster.setSample(1, 0, 0, 200);
        raster.setSample(1, 0, 1, 0); // fully transparent: alpha is dropped, not multiplied in
        Files.createDirectories(root.resolve("a"));
        assertThat(ImageIO.write(
                        new BufferedImage(model, raster, false, null),
                        "png",
                        root.resolve("a/la.png").toFile()))
                .isTrue();
        assertThat(ImageFolder.load(root, 1).features(0)).containsExactly(40 / 255f, 200 / 255f);
        assertThat(ImageFolder.load(root, 3).features(0))
                .containsExactly(40 / 255f, 200 / 255f, 40 / 255f, 200 / 255f, 40 / 255f, 200 / 255f);
    }

    @Test
    void sixteenBitGreyIsScaledToEightBits(@TempDir Path root) throws IOException {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        image.getRaster().setSample(0, 0, 0, 65535);
        image.getRaster().setSample(1, 0, 0, 257 * 40);
        Files.createDirectories(root.resolve("a"));
        ImageIO.write(image, "png", root.resolve("a/deep.png").toFile());
        assertThat(ImageFolder.load(root, 1).features(0)).containsExactly(1f, 40 / 255f);
    }

    /** A GIF written with the given palette (the JDK's GIF writer would quantise an RGB image's close colours). */
    private static Path gif(Path file, int w, int h) throws IOException {
        byte[] r = new byte[w * h];
        byte[] g = new byte[w * h];
        byte[] b = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r[y * w + x] = (byte) (10 * x + y);
                g[y * w + x] = (byte) (100 + y);
                b[y * w + x] = (byte) (200 + x);
            }
        }
        IndexColorModel palette = new IndexColorModel(8, w * h, r, g, b);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, palette);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.getRaster().setSample(x, y, 0, y * w + x);
            }
        }
        Files.createDirectories(file.getParent());
        assertThat(ImageIO.write(image, "gif", file.toFile())).isTrue();
        return file;
    }

    @Test
    void bmpAndGifDecodeExactly(@TempDir Path root) throws IOException {
        rgb(root.resolve("a/x.bmp"), 3, 8, "bmp");
        gif(root.resolve("b/y.gif"), 3, 8);
        Dataset d = ImageFolder.load(root, 3);
        assertThat(d.size()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            float[] x = d.features(i);
            for (int y = 0; y < 8; y++) {
                for (int c = 0; c < 3; c++) {
                    int at = y * 3 + c;
                    assertThat(new float[] {x[at], x[24 + at], x[48 + at]})
                            .as("image %d (%d, %d)", i, y, c)
                            .containsExactly((10 * c + y) / 255f, (100 + y) / 255f, (200 + c) / 255f);
                }
            }
        }
    }

    /** The JDK's GIF reader garbles interlaced GIFs 2 to 4 rows high (its writer interlaces by default). */
    @Test
    void aShortInterlacedGifIsRefusedRatherThanMisread(@TempDir Path root) throws IOException {
        Path shortGif = gif(root.resolve("a/short.gif"), 3, 2);
        assertThatThrownBy(() -> ImageFolder.load(root, 3))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(
                        shortGif + ": an interlaced GIF 2 rows high: the JDK's GIF decoder returns wrong pixels for all"
                                + " but the first row of interlaced GIFs 2 to 4 rows high; save it non-interlaced or as PNG");
        Files.delete(shortGif);
        gif(root.resolve("a/line.gif"), 3, 1);
        assertThat(ImageFolder.load(root, 3).features(0))
                .containsExactly(
                        0f,
                        10 / 255f,
                        20 / 255f,
                        100 / 255f,
                        100 / 255f,
                        100 / 255f,
                        200 / 255f,
                        201 / 255f,
                        202 / 255f);
    }

    @Test
    void aFolderOfOnlyHiddenOrNonImageFilesIsAnEmptyClass(@TempDir Path root) throws IOException {
        rgb(root.resolve("a/x.png"), 2, 2, "png");
        rgb(root.resolve("b/.x.png"), 2, 2, "png");
        rgb(root.resolve("b/x.tiff"), 2, 2, "png"); // an image, but not an allowed extension
        rgb(root.resolve("b/png"), 2, 2, "png"); // no extension at all
        Files.createDirectories(root.resolve("b/sub.png"));
        assertThatThrownBy(() -> ImageFolder.load(root, 3))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(root.resolve("b") + ": Found no valid file for class b: expected images with one of the"
                        + " extensions bmp, gif, jpeg, jpg, png");
        rgb(root.resolve("b/X.JPEG"), 2, 2, "jpg");
        assertThat(ImageFolder.load(root, 3).size()).isEqualTo(2);
    }

    @Test
    void aHeaderWithinTheSideLimitButOverThePixelBudgetIsRefused(@TempDir Path root) throws IOException {
        Path big = rgb(root.resolve("a/big.png"), 2, 2, "png");
        byte[] png = Files.readAllBytes(big);
        java.nio.ByteBuffer.wrap(png).putInt(16, 10_000).putInt(20, 10_000);
        Files.write(big, png);
        assertThatThrownBy(() -> ImageFolder.load(root, 3))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(big + ": the header claims a 10000x10000 image, 100000000 pixels; expected at most 67108864"
                        + " (decoding it would need about 1525 MB); downscale it beforehand");
    }

    @Test
    void aTruncatedImageIsNamedWithWhatImageIoSaid(@TempDir Path root) throws IOException {
        Path cut = rgb(root.resolve("a/cut.png"), 16, 16, "png");
        byte[] png = Files.readAllBytes(cut);
        Files.write(cut, java.util.Arrays.copyOf(png, png.length - 30)); // inside the image data
        assertThatThrownBy(() -> ImageFolder.load(root, 3))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(cut + ": cannot decode the image: javax.imageio.IIOException");
    }
}
