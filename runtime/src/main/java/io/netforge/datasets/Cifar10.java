package io.netforge.datasets;

import io.netforge.data.Dataset;
import io.netforge.data.DatasetFormatException;
import io.netforge.data.Splits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;

/**
 * CIFAR-10 (Krizhevsky, 32×32 colour images, 10 classes) in its binary version: files of 3,073-byte records,
 * one label byte (0..9) then 1,024 red, 1,024 green and 1,024 blue pixel bytes, each plane row-major. Samples
 * are {@code {3, 32, 32}}, pixels / 255. Nothing is downloaded; raw or gzip files are accepted.
 *
 * <p>Strict like {@link IdxReader}: a raw file's length is checked before anything is allocated, a gzip
 * stream is read in bounded chunks, and every label is checked, each with the file and offset in the message.
 */
public final class Cifar10 {
    public static final java.util.List<String> CLASS_NAMES =
            java.util.List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
    /** Per-channel mean and std of the 50,000 training images, as the tutorials' {@code Normalize} uses them. */
    @SuppressWarnings(
            "MutablePublicArray") // the tutorials' constant for standardize(float[], float[]), which copies it
    public static final float[] MEAN = {0.4914f, 0.4822f, 0.4465f};

    @SuppressWarnings("MutablePublicArray") // as MEAN
    public static final float[] STD = {0.2470f, 0.2435f, 0.2616f};
    /** Bytes per record: a label and 3 × 32 × 32 pixels. */
    public static final int RECORD = 3073;

    private static final int PIXELS = 3072;
    private static final int CLASSES = 10;
    private static final long MAX_RECORDS = (Integer.MAX_VALUE - 8) / PIXELS;
    private static final int CHUNK_RECORDS = 256;
    private static final String FOLDER = "cifar-10-batches-bin";

    private Cifar10() {}

    /**
     * Reads {@code data_batch_1.bin} … {@code data_batch_5.bin} as {@code cifar-10/train} and {@code test_batch.bin}
     * as {@code cifar-10/test}; {@code dir} is the {@code cifar-10-batches-bin} folder or the folder holding it.
     */
    public static Splits load(Path dir) throws IOException {
        Path folder = Files.isDirectory(dir.resolve(FOLDER)) ? dir.resolve(FOLDER) : dir;
        List<Dataset> batches = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            batches.add(read(file(folder, "data_batch_" + i + ".bin")));
        }
        return new Splits(
                concat("cifar-10/train", batches),
                null,
                read(file(folder, "test_batch.bin")).renamed("cifar-10/test"));
    }

    private static Path file(Path folder, String name) {
        for (String candidate : new String[] {name, name + ".gz"}) {
            Path f = folder.resolve(candidate);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw new IllegalStateException(
                "CIFAR-10 file " + name + " not found in " + folder + ": download the binary version"
                        + " (cifar-10-binary.tar.gz) from https://www.cs.toronto.edu/~kriz/cifar.html and unpack it there;"
                        + " NetForge downloads nothing");
    }

    /** One batch file; the dataset is named after the file. */
    public static Dataset read(Path file) throws IOException {
        String source = file.toString();
        boolean gzip;
        long size;
        try {
            gzip = DataStreams.isGzip(file);
            size = Files.size(file);
        } catch (DatasetFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e, e);
        }
        if (!gzip) {
            checkLength(source, size, "");
            if (size / RECORD > MAX_RECORDS) {
                throw new DatasetFormatException(
                        source, size / RECORD + " records are more than one array can hold (" + MAX_RECORDS + ")");
            }
        }
        List<byte[]> chunks = new ArrayList<>();
        long total = 0;
        try (InputStream in = DataStreams.open(file)) {
            while (true) {
                byte[] chunk = readChunk(in, source, total);
                if (chunk.length > 0) {
                    chunks.add(chunk);
                    total += chunk.length;
                    if (total / RECORD > MAX_RECORDS) {
                        throw new DatasetFormatException(
                                source,
                                "more than " + MAX_RECORDS
                                        + " records after decompression, more than one array can hold");
                    }
                }
                if (chunk.length < CHUNK_RECORDS * RECORD) {
                    break;
                }
            }
        } catch (DatasetFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e, e);
        }
        checkLength(source, total, gzip ? " after decompression" : "");
        int count = (int) (total / RECORD);
        float[] pixels = new float[count * PIXELS];
        int[] labels = new int[count];
        int record = 0;
        for (byte[] chunk : chunks) {
            for (int at = 0; at < chunk.length; at += RECORD, record++) {
                int label = chunk[at] & 0xff;
                if (label >= CLASSES) {
                    throw new DatasetFormatException(
                            source,
                            (gzip ? "decompressed offset " : "offset ") + (long) record * RECORD + " (record " + record
                                    + "): expected a class label in 0.." + (CLASSES - 1) + " but found " + label);
                }
                labels[record] = label;
                int base = record * PIXELS;
                for (int k = 0; k < PIXELS; k++) {
                    pixels[base + k] = (chunk[at + 1 + k] & 0xff) / 255f;
                }
            }
        }
        return Dataset.trusted(file.getFileName().toString(), pixels, labels, new int[] {3, 32, 32}, CLASSES);
    }

    private static void checkLength(String source, long length, String how) throws IOException {
        if (length == 0) {
            throw new DatasetFormatException(
                    source,
                    "the file is empty" + how + "; expected records of " + RECORD
                            + " bytes (a label and 3x32x32 pixels)");
        }
        long remainder = length % RECORD;
        if (remainder != 0) {
            throw new DatasetFormatException(
                    source,
                    "length " + length + how + " is not a multiple of the " + RECORD
                            + "-byte record (a label and 3x32x32 pixels): " + remainder
                            + " bytes left over, so the last record,"
                            + " starting at offset " + (length - remainder) + ", is truncated");
        }
    }

    /** Up to {@link #CHUNK_RECORDS} records' worth of bytes; fewer only at the end of the data. */
    private static byte[] readChunk(InputStream in, String source, long offset) throws IOException {
        try {
            return in.readNBytes(CHUNK_RECORDS * RECORD);
        } catch (ZipException | java.io.EOFException e) {
            throw new DatasetFormatException(
                    source,
                    "corrupt or truncated gzip stream after decompressed offset " + offset + ": " + e.getMessage(),
                    e);
        }
    }

    private static Dataset concat(String name, List<Dataset> parts) {
        int total = 0;
        for (Dataset d : parts) {
            total = Math.addExact(total, d.size());
        }
        float[] pixels = new float[Math.multiplyExact(total, PIXELS)];
        int[] labels = new int[total];
        int at = 0;
        for (Dataset d : parts) {
            for (int i = 0; i < d.size(); i++, at++) {
                d.copyFeatures(i, pixels, at * PIXELS);
                labels[at] = d.label(i);
            }
        }
        return Dataset.trusted(name, pixels, labels, new int[] {3, 32, 32}, CLASSES);
    }
}
