package io.netforge.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The tutorials' pictures, drawn with Java2D: a grid of feature maps or filters (each tile scaled to its own
 * min..max, black to white, like {@code plt.imshow(..., cmap="gray")}), labelled sample images, and the
 * confusion matrix as a heat map.
 */
public final class Pictures {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final int GAP = 2;

    private Pictures() {}

    /**
     * Tiles {@code [tile][row][column]} in a grid of {@code columns} (8 for the tutorials' 8×8 grids), each
     * pixel drawn {@code scale}×{@code scale}.
     */
    public static BufferedImage grid(float[][][] tiles, int columns, int scale) {
        if (tiles.length == 0) {
            throw new IllegalArgumentException("no tiles to draw");
        }
        int h = tiles[0].length;
        int w = tiles[0][0].length;
        int cols = Math.min(columns, tiles.length);
        int rows = (tiles.length + cols - 1) / cols;
        int tileW = w * scale;
        int tileH = h * scale;
        BufferedImage image =
                new BufferedImage(cols * (tileW + GAP) + GAP, rows * (tileH + GAP) + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0x40, 0x40, 0x40));
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int t = 0; t < tiles.length; t++) {
            int x0 = GAP + (t % cols) * (tileW + GAP);
            int y0 = GAP + (t / cols) * (tileH + GAP);
            drawGrey(image, tiles[t], x0, y0, scale);
        }
        g.dispose();
        return image;
    }

    /** One image per sample ({@code [channel][row][column]}, 1 or 3 channels) with its caption underneath. */
    public static BufferedImage samples(List<float[][][]> images, List<String> captions, int columns, int scale) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no samples to draw");
        }
        int h = images.get(0)[0].length * scale;
        int w = Math.max(images.get(0)[0][0].length * scale, 96);
        int captionH = 16;
        int cols = Math.min(columns, images.size());
        int rows = (images.size() + cols - 1) / cols;
        BufferedImage image =
                new BufferedImage(cols * (w + 4 * GAP), rows * (h + captionH + 4 * GAP), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i < images.size(); i++) {
            int x0 = (i % cols) * (w + 4 * GAP) + 2 * GAP;
            int y0 = (i / cols) * (h + captionH + 4 * GAP) + 2 * GAP;
            float[][][] img = images.get(i);
            if (img.length == 3) {
                drawRgb(image, img, x0, y0, scale);
            } else {
                drawGrey(image, img[0], x0, y0, scale);
            }
            g.setColor(Color.BLACK);
            g.drawString(captions.get(i), x0, y0 + h + captionH - 4);
        }
        g.dispose();
        return image;
    }

    /** The confusion matrix {@code [true][predicted]}: darker blue for more samples, counts written in the cells. */
    public static BufferedImage confusionMatrix(long[][] matrix, List<String> classNames) {
        int n = matrix.length;
        int cell = 44;
        int label = 110;
        BufferedImage image =
                new BufferedImage(label + n * cell + 20, label + n * cell + 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        long max = 1;
        for (long[] row : matrix) {
            for (long v : row) {
                max = Math.max(max, v);
            }
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                double f = (double) matrix[t][p] / max;
                Color c = new Color(
                        (int) (247 - f * (247 - 8)), (int) (251 - f * (251 - 48)), (int) (255 - f * (255 - 107)));
                int x = label + p * cell;
                int y = label + t * cell;
                g.setColor(c);
                g.fillRect(x, y, cell, cell);
                g.setColor(f > 0.5 ? Color.WHITE : Color.BLACK);
                String text = Long.toString(matrix[t][p]);
                g.drawString(text, x + (cell - fm.stringWidth(text)) / 2, y + cell / 2 + fm.getAscent() / 2 - 2);
            }
            g.setColor(Color.BLACK);
            String name = shorten(classNames.get(t), 16);
            g.drawString(name, label - fm.stringWidth(name) - 6, label + t * cell + cell / 2 + fm.getAscent() / 2 - 2);
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.rotate(-Math.PI / 2, label + t * cell + cell / 2.0, label - 6);
            rotated.drawString(name, label + t * cell + cell / 2, label - 6 + fm.getAscent() / 2 - 2);
            rotated.dispose();
        }
        g.drawString("true ↓  predicted →", 4, 14);
        g.dispose();
        return image;
    }

    /** Writes a PNG, creating the directory. */
    public static Path save(BufferedImage image, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer for " + file);
        }
        return file;
    }

    private static void drawGrey(BufferedImage image, float[][] tile, int x0, int y0, int scale) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float[] row : tile) {
            for (float v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        float range = max > min ? max - min : 1;
        for (int y = 0; y < tile.length; y++) {
            for (int x = 0; x < tile[y].length; x++) {
                int v = Math.round((tile[y][x] - min) / range * 255);
                fill(image, x0 + x * scale, y0 + y * scale, scale, v << 16 | v << 8 | v);
            }
        }
    }

    private static void drawRgb(BufferedImage image, float[][][] img, int x0, int y0, int scale) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float[][] plane : img) {
            for (float[] row : plane) {
                for (float v : row) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        float range = max > min ? max - min : 1;
        for (int y = 0; y < img[0].length; y++) {
            for (int x = 0; x < img[0][0].length; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    rgb = rgb << 8 | Math.round((img[c][y][x] - min) / range * 255);
                }
                fill(image, x0 + x * scale, y0 + y * scale, scale, rgb);
            }
        }
    }

    private static void fill(BufferedImage image, int x, int y, int size, int rgb) {
        for (int dy = 0; dy < size; dy++) {
            for (int dx = 0; dx < size; dx++) {
                image.setRGB(x + dx, y + dy, rgb);
            }
        }
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
