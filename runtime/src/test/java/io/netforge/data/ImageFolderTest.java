package io.netforge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
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
        assertThat(d.numClasses()).isEqualTo(2);
        assertThat(d.sampleShape()).containsExactly(3, 2, 3);
        assertThat(new int[] {d.label(0), d.label(1), d.label(2)}).containsExactly(0, 1, 1);
        float[] x = d.features(0);
        // red plane row 0, 1; green plane; blue plane — PNG is lossless, so exact
        assertThat(x).containsExactly(0f, 10 / 255f, 20 / 255f, 1 / 255f, 11 / 255f, 21 / 255f,
                100 / 255f, 100 / 255f, 100 / 255f, 101 / 255f, 101 / 255f, 101 / 255f,
                200 / 255f, 201 / 255f, 202 / 255f, 200 / 255f, 201 / 255f, 202 / 255f);
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
        assertThat(three.features(0)).containsExactly(0f, 1 / 255f, 40 / 255f, 41 / 255f, 0f, 1 / 255f, 40 / 255f, 41 / 255f,
                0f, 1 / 255f, 40 / 255f, 41 / 255f);
    }

    @Test
    void jpegAndResizing(@TempDir Path root) throws IOException {
        rgb(root.resolve("a/x.jpg"), 8, 6, "jpg");
        rgb(root.resolve("b/y.png"), 4, 4, "png");
        assertThatThrownBy(() -> ImageFolder.load(root, 3)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(root.resolve("b/y.png") + ": expected a 8x6 image like " + root.resolve("a/x.jpg")
                        + " but found 4x4 (width x height)");
        Dataset d = ImageFolder.load(root, 3, 4, 4);
        assertThat(d.sampleShape()).containsExactly(3, 4, 4);
        assertThat(d.features(1)[0]).isEqualTo(0f); // the 4x4 PNG is unchanged by a 4x4 resize
        assertThat(d.features(1)[5]).isEqualTo(11 / 255f);
    }

    @Test
    void badFoldersAndFilesAreNamed(@TempDir Path root) throws IOException {
        assertThatThrownBy(() -> ImageFolder.load(root.resolve("missing"), 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("image folder " + root.resolve("missing") + " does not exist");
        assertThatThrownBy(() -> ImageFolder.load(root, 3)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(root + ": no class folders");
        rgb(root.resolve("a/x.png"), 2, 2, "png");
        Files.createDirectories(root.resolve("b"));
        Files.writeString(root.resolve("b/readme.md"), "#");
        assertThatThrownBy(() -> ImageFolder.load(root, 3)).isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(root.resolve("b") + ": Found no valid file for class b");
        Files.write(root.resolve("b/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        assertThatThrownBy(() -> ImageFolder.load(root, 3)).isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(root.resolve("b/broken.png") + ": ");
        Files.writeString(root.resolve("b/broken.png"), "plain text");
        assertThatThrownBy(() -> ImageFolder.load(root, 3)).isInstanceOf(DatasetFormatException.class)
                .hasMessage(root.resolve("b/broken.png") + ": not an image ImageIO can decode (no PNG, JPEG, BMP or GIF signature at offset 0)");
        assertThatThrownBy(() -> ImageFolder.load(root, 2)).hasMessage("channels must be 1 (greyscale) or 3 (RGB), was 2");
    }

    @Test
    void aHeaderClaimingAHugeImageIsRefusedBeforeDecoding(@TempDir Path root) throws IOException {
        rgb(root.resolve("a/x.png"), 2, 2, "png");
        Path huge = rgb(root.resolve("b/huge.png"), 2, 2, "png");
        byte[] png = Files.readAllBytes(huge);
        java.nio.ByteBuffer.wrap(png).putInt(16, 100_000).putInt(20, 100_000); // IHDR width and height
        Files.write(huge, png);
        assertThatThrownBy(() -> ImageFolder.load(root, 3)).isInstanceOf(DatasetFormatException.class)
                .hasMessage(huge + ": the header claims a 100000x100000 image; expected 1..16384 pixels a side");
    }
}
