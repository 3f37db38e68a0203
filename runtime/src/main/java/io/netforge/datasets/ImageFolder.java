package io.netforge.datasets;

import io.netforge.data.Dataset;
import io.netforge.data.DatasetFormatException;
import io.netforge.data.Transform;
import io.netforge.data.Transforms;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A folder of images per class, like torchvision's {@code ImageFolder}: {@code root/<class>/<image>}. Classes are
 * the sub-folder names in sorted order (class index = position); images in each class folder are taken in
 * sorted file-name order; files whose extension is not png, jpg, jpeg, bmp or gif and hidden files (a leading
 * dot) are skipped, as torchvision skips files outside its {@code IMG_EXTENSIONS}. Images are decoded with
 * {@link ImageIO}.
 *
 * <p>Pixels become {@code value / 255}; with 1 channel colour images are converted to luminance exactly as
 * Pillow's {@code convert("L")} does ({@code (R * 19595 + G * 38470 + B * 7471 + 0x8000) >> 16}, ITU-R 601-2),
 * with 3 channels a grey image is repeated in R, G and B; alpha is dropped. Grey images, with or without an
 * alpha band, are read from their raster, not through {@code getRGB}, which treats Java's grey colour space as
 * linear and gamma-converts it (a stored 40 would come back as 110). 16-bit grey is scaled to 0..255; Pillow
 * clips it instead, which saturates nearly every pixel. Samples are {@code {channels, height, width}}.
 *
 * <p>Strict: a file ImageIO cannot decode, an image larger than {@value #MAX_SIDE} pixels a side or
 * {@value #MAX_PIXELS} pixels in all (both checked from the header before decoding), an image whose size differs
 * from the first one's, an empty class folder, an interlaced GIF 2 to 4 rows high (which the JDK's GIF reader
 * decodes wrongly, silently): each is a {@link DatasetFormatException} naming the file or folder.
 */
public final class ImageFolder {
    /** The largest width or height accepted; checked before decoding, so a lying header cannot exhaust memory. */
    public static final int MAX_SIDE = 16_384;
    /**
     * The most pixels one image may have (2<sup>26</sup>, e.g. 8192×8192, more than a 50-megapixel photo). Decoding
     * holds the image and its float copy at once, about 16 bytes a pixel in RGB, so this keeps one file under
     * about 1 GB even when both sides are within {@link #MAX_SIDE}.
     */
    public static final long MAX_PIXELS = 1L << 26;

    private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ImageFolder() {}

    /** The class names: the sub-folders of {@code root}, sorted. */
    public static List<String> classes(Path root) throws IOException {
        checkRoot(root);
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path p : dirs) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p) && !name.startsWith(".")) {
                    names.add(name);
                }
            }
        } catch (DatasetFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("cannot list " + root + ": " + e, e);
        }
        names.sort(null);
        return names;
    }

    /**
     * All images, which must share one size.
     *
     * @param channels 1 (greyscale) or 3 (RGB)
     */
    public static Dataset load(Path root, int channels) throws IOException {
        return load(root, channels, 0, 0);
    }

    /**
     * All images, each resized to {@code height}×{@code width} with {@link Transforms#resize(int, int)} (bilinear,
     * PyTorch's {@code interpolate} rule) after decoding.
     */
    public static Dataset load(Path root, int channels, int height, int width) throws IOException {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (greyscale) or 3 (RGB), was " + channels);
        }
        if (height < 0 || width < 0 || (height == 0) != (width == 0)) {
            throw new IllegalArgumentException("resize to a positive height and width, was " + height + "x" + width);
        }
        List<String> classes = classes(root);
        if (classes.isEmpty()) {
            throw new DatasetFormatException(
                    root.toString(),
                    "no class folders: expected one sub-folder per class, each"
                            + " holding that class's images (root/<class>/<image>.png)");
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            Path folder = root.resolve(classes.get(c));
            List<Path> images = images(folder);
            if (images.isEmpty()) {
                throw new DatasetFormatException(
                        folder.toString(),
                        "Found no valid file for class " + classes.get(c)
                                + ": expected images with one of the extensions "
                                + String.join(", ", new java.util.TreeSet<>(EXTENSIONS)));
            }
            for (Path p : images) {
                files.add(p);
                labels.add(c);
            }
        }
        Transform resize = height > 0 ? Transforms.resize(height, width) : null;
        int[] shape = null;
        float[] features = null;
        int featureSize = 0;
        Path first = null;
        float[] black = new float[channels];
        SplittableRandom unused = new SplittableRandom(0);
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            BufferedImage image = decode(file);
            int[] imageShape = {channels, image.getHeight(), image.getWidth()};
            float[] pixels = pixels(image, channels);
            if (resize != null) {
                pixels = resize.apply(pixels, imageShape, black, unused);
                imageShape = new int[] {channels, height, width};
            }
            if (shape == null) {
                shape = imageShape;
                first = file;
                featureSize = channels * shape[1] * shape[2];
                long total = (long) featureSize * files.size();
                if (total > Integer.MAX_VALUE - 8) {
                    throw new DatasetFormatException(
                            root.toString(),
                            files.size() + " images of " + shape[1] + "x" + shape[2]
                                    + " are more values than one array can hold; resize them with load(root, channels, height, width)");
                }
                features = new float[(int) total];
            } else if (shape[1] != imageShape[1] || shape[2] != imageShape[2]) {
                throw new DatasetFormatException(
                        file.toString(),
                        "expected a " + shape[2] + "x" + shape[1] + " image like "
                                + first + " but found " + imageShape[2] + "x" + imageShape[1]
                                + " (width x height); resize them"
                                + " beforehand or use ImageFolder.load(root, channels, height, width)");
            }
            System.arraycopy(pixels, 0, features, i * featureSize, featureSize);
        }
        int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
        return Dataset.trusted(
                root.getFileName() == null
                        ? root.toString()
                        : root.getFileName().toString(),
                features,
                labelArray,
                shape,
                classes.size());
    }

    private static void checkRoot(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(
                    "image folder " + root + (Files.exists(root) ? " is not a directory" : " does not exist"));
        }
    }

    private static List<Path> images(Path folder) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (!name.startsWith(".")
                        && dot > 0
                        && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))
                        && Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        } catch (DatasetFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("cannot list " + folder + ": " + e, e);
        }
        out.sort(null);
        return out;
    }

    /** Reads the size from the header first, then decodes; every decoder failure becomes a DatasetFormatException. */
    private static BufferedImage decode(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new DatasetFormatException(file.toString(), "cannot open the file as an image");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DatasetFormatException(
                        file.toString(),
                        "not an image ImageIO can decode (no PNG, JPEG, BMP or GIF" + " signature at offset 0)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE) {
                    throw new DatasetFormatException(
                            file.toString(),
                            "the header claims a " + w + "x" + h + " image; expected" + " 1.." + MAX_SIDE
                                    + " pixels a side");
                }
                if ((long) w * h > MAX_PIXELS) {
                    throw new DatasetFormatException(
                            file.toString(),
                            "the header claims a " + w + "x" + h + " image, "
                                    + (long) w * h + " pixels; expected at most " + MAX_PIXELS
                                    + " (decoding it would need about "
                                    + (((long) w * h * 16) >> 20) + " MB); downscale it beforehand");
                }
                if (h >= 2 && h <= 4 && interlacedGif(reader)) {
                    throw new DatasetFormatException(
                            file.toString(),
                            "an interlaced GIF " + h + " rows high: the JDK's GIF"
                                    + " decoder returns wrong pixels for all but the first row of interlaced GIFs 2 to 4 rows high;"
                                    + " save it non-interlaced or as PNG");
                }
                BufferedImage image = reader.read(0);
                if (image == null) {
                    throw new DatasetFormatException(file.toString(), "ImageIO decoded no image");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (DatasetFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DatasetFormatException(file.toString(), "cannot decode the image: " + e, e);
        } catch (OutOfMemoryError e) {
            // a decoder may allocate from header fields we cannot see (e.g. a huge palette or ICC profile)
            throw new DatasetFormatException(
                    file.toString(), "decoding the image ran out of memory: " + e.getMessage(), e);
        }
    }

    /** Whether the first frame of a GIF is stored interlaced (its image descriptor's flag). */
    private static boolean interlacedGif(ImageReader reader) throws IOException {
        if (!reader.getFormatName().equalsIgnoreCase("gif")) {
            return false;
        }
        String format = "javax_imageio_gif_image_1.0";
        org.w3c.dom.Node tree = reader.getImageMetadata(0).getAsTree(format);
        for (org.w3c.dom.Node n = tree.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals("ImageDescriptor")) {
                org.w3c.dom.Node flag = n.getAttributes().getNamedItem("interlaceFlag");
                return flag != null && flag.getNodeValue().equalsIgnoreCase("true");
            }
        }
        return false;
    }

    /**
     * One image as a model input: {@code channels} (1: Pillow's {@code convert("L")}; 3: RGB) channels-first values in
     * [0, 1], resized bilinearly to {@code height} × {@code width} when it has another size, as {@link #load} reads
     * images.
     */
    public static float[] toInput(BufferedImage image, int channels, int height, int width) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException(
                    "Invalid value for `channels`. Expected 1 (grey) or 3 (RGB). Received: channels=" + channels);
        }
        float[] pixels = pixels(image, channels);
        if (image.getHeight() == height && image.getWidth() == width) {
            return pixels;
        }
        return Transforms.resize(height, width)
                .apply(
                        pixels,
                        new int[] {channels, image.getHeight(), image.getWidth()},
                        new float[channels],
                        new SplittableRandom(0));
    }

    /** CHW values / 255. */
    static float[] pixels(BufferedImage image, int channels) {
        int w = image.getWidth();
        int h = image.getHeight();
        java.awt.image.Raster raster = image.getRaster();
        java.awt.image.ColorModel model = image.getColorModel();
        if (model.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY
                && !(model instanceof java.awt.image.IndexColorModel)) {
            // band 0 is the grey value; a second band, if any, is alpha and dropped
            int bits = model.getComponentSize(0);
            float max = (1 << bits) - 1;
            float[] out = new float[channels * w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int v = raster.getSample(x, y, 0);
                    float value = bits == 8 ? v / 255f : Math.round(v * 255f / max) / 255f;
                    for (int c = 0; c < channels; c++) {
                        out[(c * h + y) * w + x] = value;
                    }
                }
            }
            return out;
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        int plane = w * h;
        float[] out = new float[channels * plane];
        for (int p = 0; p < plane; p++) {
            int rgb = argb[p];
            int r = (rgb >> 16) & 0xff;
            int g = (rgb >> 8) & 0xff;
            int b = rgb & 0xff;
            if (channels == 1) {
                out[p] = ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16) / 255f;
            } else {
                out[p] = r / 255f;
                out[plane + p] = g / 255f;
                out[2 * plane + p] = b / 255f;
            }
        }
        return out;
    }
}
