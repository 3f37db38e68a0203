package io.netforge.datasets;

import io.netforge.data.DatasetFormatException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;

/**
 * IDX files (MNIST, Fashion-MNIST), gzip-compressed or raw; gzip is recognised by its magic bytes
 * {@code 1f 8b}, not by the file name.
 *
 * <p>Strict on purpose: every header field is checked before anything is allocated from it, so a corrupt
 * or hostile header ends in a {@link DatasetFormatException} naming the file and offset, never in an
 * {@link OutOfMemoryError} or in a model silently trained on garbage. Raw files are checked against their
 * size up front; gzip streams, whose decompressed size is unknown, are read in bounded chunks and the
 * full-size array is allocated only once all the data has arrived.
 */
public final class IdxReader {
    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;
    private static final int LABELS_HEADER = 8;
    /** The largest array the JVM reliably allocates. */
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private static final int CHUNK = 1 << 20;

    private IdxReader() {}

    /**
     * Pixels scaled to [0, 1] by {@code pixel / 255f}, image after image, row-major.
     *
     * @param shapeOut receives {@code {count, rows, cols}}; an out-parameter so the pixels need no wrapper
     */
    public static float[] readImages(Path file, int[] shapeOut) throws IOException {
        if (shapeOut == null || shapeOut.length < 3) {
            throw new IllegalArgumentException("shapeOut must have room for {count, rows, cols}");
        }
        try (Source in = new Source(file)) {
            in.expectMagic(IMAGES_MAGIC, LABELS_MAGIC, "IDX images (unsigned bytes, 3 dimensions)", "IDX labels");
            int count = in.dimension("image count");
            int rows = in.dimension("row count");
            int cols = in.dimension("column count");
            long values = (long) count * rows;
            if (values > MAX_VALUES || values * cols > MAX_VALUES) {
                throw in.error(String.format(
                        "header at offsets 4..15 claims %d images of %dx%d, more than the %d pixels an array can hold",
                        count, rows, cols, MAX_VALUES));
            }
            values *= cols;
            List<byte[]> chunks = in.readData(values, count + " images of " + rows + "x" + cols);
            float[] pixels = new float[(int) values];
            int k = 0;
            for (byte[] chunk : chunks) {
                for (byte b : chunk) {
                    pixels[k++] = (b & 0xff) / 255f;
                }
            }
            shapeOut[0] = count;
            shapeOut[1] = rows;
            shapeOut[2] = cols;
            return pixels;
        }
    }

    /** Labels as unsigned bytes (0..255); range checks against a class count are the caller's. */
    public static int[] readLabels(Path file) throws IOException {
        try (Source in = new Source(file)) {
            in.expectMagic(LABELS_MAGIC, IMAGES_MAGIC, "IDX labels (unsigned bytes, 1 dimension)", "IDX images");
            int count = in.dimension("label count");
            List<byte[]> chunks = in.readData(count, count + " labels");
            int[] labels = new int[count];
            int k = 0;
            for (byte[] chunk : chunks) {
                for (byte b : chunk) {
                    labels[k++] = b & 0xff;
                }
            }
            return labels;
        }
    }

    /** Byte offset of the first label, for callers that report a bad label's position. */
    static long labelOffset(int index) {
        return LABELS_HEADER + (long) index;
    }

    /** Tracks the offset so that every error can say where in the file it happened. */
    private static final class Source implements AutoCloseable {
        private final Path file;
        private final boolean gzip;
        private final long fileSize;
        private final InputStream in;
        private long offset;

        Source(Path file) throws IOException {
            this.file = file;
            try {
                this.gzip = DataStreams.isGzip(file);
                this.fileSize = Files.size(file);
                this.in = DataStreams.open(file);
            } catch (DatasetFormatException e) {
                throw e;
            } catch (IOException e) {
                throw new IOException("cannot read " + file + ": " + e, e);
            }
        }

        void expectMagic(int expected, int sibling, String expectedKind, String siblingKind) throws IOException {
            int magic = readInt("magic number");
            if (magic != expected) {
                String hint = magic == sibling ? " (this looks like an " + siblingKind + " file)" : "";
                throw new DatasetFormatException(
                        file.toString(),
                        String.format(
                                "%s: expected magic number 0x%08x (%s) but found 0x%08x%s",
                                at(0), expected, expectedKind, magic, hint));
            }
        }

        int dimension(String what) throws IOException {
            long at = offset;
            int value = readInt(what);
            if (value <= 0) {
                throw new DatasetFormatException(
                        file.toString(),
                        String.format("%s: expected a positive %s but found %d (0x%08x)", at(at), what, value, value));
            }
            return value;
        }

        private int readInt(String what) throws IOException {
            byte[] bytes = read(4);
            if (bytes.length < 4) {
                throw new DatasetFormatException(
                        file.toString(),
                        "truncated header: expected the 4-byte " + what + " at " + at(offset - bytes.length)
                                + " but the data ends at " + at(offset));
            }
            return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
        }

        /**
         * Reads exactly {@code length} bytes, then insists the data ends there. Chunks are allocated only as
         * bytes actually arrive, so a gzip stream claiming more than it holds fails at its end, cheaply.
         */
        List<byte[]> readData(long length, String claim) throws IOException {
            long dataStart = offset;
            if (!gzip && fileSize - dataStart != length) {
                String problem = fileSize - dataStart < length ? "but the file holds only " : "but the file holds ";
                throw new DatasetFormatException(
                        file.toString(),
                        "header claims " + claim + " = " + length
                                + " bytes from offset " + dataStart + ", " + problem + (fileSize - dataStart)
                                + " bytes after the header (file size " + fileSize + ")");
            }
            List<byte[]> chunks = new ArrayList<>();
            for (long remaining = length; remaining > 0; remaining -= CHUNK) {
                int size = (int) Math.min(CHUNK, remaining);
                byte[] chunk = read(size);
                if (chunk.length < size) {
                    throw new DatasetFormatException(
                            file.toString(),
                            "truncated data: header claims " + claim + " = " + length + " bytes from offset "
                                    + dataStart + ", but the data ends at " + at(offset));
                }
                chunks.add(chunk);
            }
            if (read(1).length != 0) {
                throw new DatasetFormatException(
                        file.toString(),
                        "expected the end of the data at " + at(dataStart + length) + " (header claims " + claim
                                + ") but found more bytes");
            }
            return chunks;
        }

        private byte[] read(int n) throws IOException {
            try {
                byte[] bytes = in.readNBytes(n);
                offset += bytes.length;
                return bytes;
            } catch (ZipException | EOFException e) {
                throw new DatasetFormatException(
                        file.toString(),
                        "corrupt or truncated gzip stream after " + at(offset) + ": " + e.getMessage(),
                        e);
            } catch (DatasetFormatException e) {
                throw e;
            } catch (IOException e) {
                throw new IOException("cannot read " + file + " at " + at(offset) + ": " + e, e);
            }
        }

        DatasetFormatException error(String detail) {
            return new DatasetFormatException(file.toString(), detail);
        }

        private String at(long position) {
            return gzip ? "decompressed offset " + position : "offset " + position;
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
            } catch (DatasetFormatException e) {
                throw e;
            } catch (IOException e) {
                throw new IOException("cannot close " + file + ": " + e, e);
            }
        }
    }
}
