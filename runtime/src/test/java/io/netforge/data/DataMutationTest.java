package io.netforge.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.datasets.Cifar10;
import io.netforge.datasets.CsvReader;
import io.netforge.datasets.Idx;
import io.netforge.datasets.ImageFolder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds over a thousand damaged files to every reader — truncated at every header offset, with flipped and
 * overwritten bytes, with huge dimensions, with trailing garbage, raw and gzipped — under a 64 MB heap (its own
 * surefire execution), and asserts that each one is either read or refused with a {@link DatasetFormatException}
 * naming the file: never an {@link OutOfMemoryError} from a lying header, never another exception.
 */
class DataMutationTest {
    private static final long SMALL_HEAP = 128L << 20;

    /** Reads a damaged file the way a user would. */
    @FunctionalInterface
    private interface Reader {
        Object read(Path file) throws Exception;
    }

    /** A family of damaged files: the original bytes, where its header ends and where its 4-byte dimensions are. */
    private record Format(
            String name, String fileName, byte[] original, int headerLength, int[] dimensionOffsets, Reader reader) {}

    private record Mutant(Format format, String what, byte[] bytes) {}

    @Test
    void everyDamagedFileIsReadOrRefusedWithADatasetFormatException(@TempDir Path dir) throws IOException {
        assertThat(Runtime.getRuntime().maxMemory())
                .as("this test must run with a small heap (-Xmx64m)")
                .isLessThanOrEqualTo(SMALL_HEAP);
        List<Format> formats = formats(dir);
        List<Mutant> mutants = new ArrayList<>();
        for (Format f : formats) {
            mutants.addAll(mutate(f, new Random(f.name().hashCode())));
        }
        Map<String, int[]> tally = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (Mutant m : mutants) {
            Path file = dir.resolve(m.format().fileName());
            Files.write(file, m.bytes());
            int[] counts = tally.computeIfAbsent(m.format().name(), k -> new int[2]);
            try {
                m.format().reader().read(file);
                counts[0]++;
            } catch (DatasetFormatException e) {
                counts[1]++;
                if (!e.getMessage().contains(m.format().fileName())
                        || e.getMessage().length() < file.toString().length() + 10) {
                    failures.add(m.format().name() + " / " + m.what()
                            + ": the message does not name the file or says nothing: " + e.getMessage());
                }
            } catch (Throwable t) {
                failures.add(m.format().name() + " / " + m.what() + ": " + t);
            }
        }
        StringBuilder report = new StringBuilder("damaged files: " + mutants.size() + "\n");
        tally.forEach((name, c) -> report.append(String.format("  %-28s %4d read, %4d refused%n", name, c[0], c[1])));
        System.out.print(report);
        assertThat(failures).as(report.toString()).isEmpty();
        assertThat(mutants.size()).isGreaterThanOrEqualTo(1000);
        for (int[] c : tally.values()) {
            assertThat(c[1]).as("every format has refused files: " + report).isPositive();
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static List<Format> formats(Path dir) throws IOException {
        Random r = new Random(7);
        List<Format> formats = new ArrayList<>();

        byte[] pixels = new byte[12 * 7 * 5];
        r.nextBytes(pixels);
        byte[] images = IdxFiles.images(12, 7, 5, pixels);
        byte[] labelValues = new byte[12];
        for (int i = 0; i < labelValues.length; i++) {
            labelValues[i] = (byte) r.nextInt(10);
        }
        byte[] labels = IdxFiles.labels(labelValues);
        Path goodImages = IdxFiles.write(dir, "good-images-idx3-ubyte", images);
        Path goodLabels = IdxFiles.write(dir, "good-labels-idx1-ubyte", labels);
        Reader readImages = file -> Idx.load(file, goodLabels, "mutant", 10);
        Reader readLabels = file -> Idx.load(goodImages, file, "mutant", 10);
        formats.add(new Format("IDX images", "images-idx3-ubyte", images, 16, new int[] {4, 8, 12}, readImages));
        formats.add(new Format(
                "IDX images, gzip",
                "images-idx3-ubyte.gz",
                IdxFiles.gzip(images),
                16,
                new int[] {4, 8, 12},
                readImages));
        formats.add(new Format("IDX labels", "labels-idx1-ubyte", labels, 8, new int[] {4}, readLabels));
        formats.add(new Format(
                "IDX labels, gzip", "labels-idx1-ubyte.gz", IdxFiles.gzip(labels), 8, new int[] {4}, readLabels));

        byte[] cifar = new byte[3 * 3073];
        r.nextBytes(cifar);
        for (int rec = 0; rec < 3; rec++) {
            cifar[rec * 3073] = (byte) r.nextInt(10);
        }
        Reader readCifar = Cifar10::read;
        formats.add(new Format("CIFAR-10 batch", "data_batch_1.bin", cifar, 1, new int[0], readCifar));
        formats.add(new Format(
                "CIFAR-10 batch, gzip", "data_batch_1.bin.gz", IdxFiles.gzip(cifar), 1, new int[0], readCifar));

        StringBuilder csv = new StringBuilder();
        for (int row = 0; row < 8; row++) {
            for (int col = 0; col < 4; col++) {
                csv.append(r.nextInt(17)).append(col == 3 ? "," + r.nextInt(10) + "\n" : ",");
            }
        }
        byte[] csvBytes = csv.toString().getBytes(StandardCharsets.US_ASCII);
        Reader readCsv = file -> CsvReader.read(file, new int[] {4}, 10, 1f / 16);
        formats.add(new Format("CSV", "digits.csv", csvBytes, 0, new int[0], readCsv));
        formats.add(new Format("CSV, gzip", "digits.csv.gz", IdxFiles.gzip(csvBytes), 0, new int[0], readCsv));

        StringBuilder series = new StringBuilder("\"YEAR\",\"SUNACTIVITY\"\n");
        for (int year = 1700; year < 1730; year++) {
            series.append(year)
                    .append(',')
                    .append(r.nextInt(200))
                    .append('.')
                    .append(r.nextInt(10))
                    .append('\n');
        }
        Reader readSeries = file -> io.netforge.datasets.Series.readCsv(file, "SUNACTIVITY");
        formats.add(new Format(
                "series CSV",
                "sunspots.csv",
                series.toString().getBytes(StandardCharsets.US_ASCII),
                0,
                new int[0],
                readSeries));

        Path root = dir.resolve("folder");
        Files.createDirectories(root.resolve("a"));
        Files.createDirectories(root.resolve("b"));
        byte[] png = png(6, 5, r);
        Files.write(root.resolve("a").resolve("first.png"), png(6, 5, r));
        // the PNG's IHDR: width at offset 16, height at 20 (after the 8-byte signature and the chunk's length and type)
        formats.add(new Format(
                "ImageFolder PNG",
                "folder/b/second.png",
                png,
                33,
                new int[] {16, 20},
                file -> ImageFolder.load(root, 3)));

        String mail = "Subject: =?iso-8859-1?Q?Caf=E9?=\n"
                + "Content-Type: multipart/alternative; boundary=\"b\"\n\n"
                + "--b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
                + "caf=C3=A9 au=\n lait\n"
                + "--b\nContent-Type: text/html\nContent-Transfer-Encoding: base64\n\n"
                + java.util.Base64.getMimeEncoder()
                        .encodeToString("<p>cheap &amp; <b>good</b></p>".getBytes(StandardCharsets.UTF_8))
                + "\n--b--\n";
        formats.add(new Format(
                "e-mail",
                "00001.mail.txt",
                mail.getBytes(StandardCharsets.ISO_8859_1),
                0,
                new int[0],
                io.netforge.datasets.SpamAssassin::read));
        Path vocabularyFile = dir.resolve("vocabulary-original.txt");
        io.netforge.text.Vocabulary.build(io.netforge.text.Tokenizer.CHARACTERS, List.of("a\\b\nc\td é"), 100, 1)
                .save(vocabularyFile);
        formats.add(new Format(
                "vocabulary",
                "vocabulary.txt",
                Files.readAllBytes(vocabularyFile),
                22,
                new int[0],
                io.netforge.text.Vocabulary::load));
        return formats;
    }

    private static byte[] png(int width, int height, Random r) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    /** Truncations, byte flips and overwrites, huge dimensions and trailing garbage of one format's file. */
    private static List<Mutant> mutate(Format f, Random r) {
        byte[] b = f.original();
        List<Mutant> out = new ArrayList<>();
        int headerEnd = Math.min(b.length, f.headerLength() + 4);
        for (int n = 0; n <= headerEnd; n++) {
            out.add(new Mutant(f, "truncated to " + n + " bytes", Arrays.copyOf(b, n)));
        }
        for (int k = 0; k < 40; k++) {
            int n = r.nextInt(b.length);
            out.add(new Mutant(f, "truncated to " + n + " bytes", Arrays.copyOf(b, n)));
        }
        for (int i = 0; i < Math.min(b.length, Math.max(f.headerLength(), 16)); i++) {
            for (int value : new int[] {0x00, 0xff, 0x7f, b[i] ^ 0x01, b[i] ^ 0x80}) {
                byte[] m = b.clone();
                m[i] = (byte) value;
                out.add(new Mutant(f, String.format("byte %d set to 0x%02x", i, value & 0xff), m));
            }
        }
        for (int k = 0; k < 60; k++) {
            byte[] m = b.clone();
            int i = r.nextInt(b.length);
            m[i] = (byte) r.nextInt(256);
            out.add(new Mutant(f, String.format("byte %d set to 0x%02x", i, m[i] & 0xff), m));
        }
        for (int offset : f.dimensionOffsets()) {
            for (int value : new int[] {0x7fffffff, 0xffffffff, 0x40000000, 0x00100000, 0x0000ffff, 0}) {
                byte[] m = b.clone();
                ByteBuffer.wrap(m).putInt(offset, value);
                out.add(new Mutant(f, String.format("4 bytes at %d set to 0x%08x", offset, value), m));
            }
        }
        byte[] garbage = new byte[3073];
        r.nextBytes(garbage);
        out.add(new Mutant(f, "one byte appended", IdxFiles.concat(b, new byte[] {42})));
        out.add(new Mutant(f, "3,073 bytes appended", IdxFiles.concat(b, garbage)));
        out.add(new Mutant(f, "empty", new byte[0]));
        out.add(new Mutant(f, "a gzip of it", IdxFiles.gzip(b)));
        return out;
    }

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
