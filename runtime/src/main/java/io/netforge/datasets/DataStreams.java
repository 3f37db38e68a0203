package io.netforge.datasets;

import io.netforge.data.DatasetFormatException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens data files, decompressing gzip when the content says so. The magic bytes decide, not the file
 * name, because downloads get renamed and resources get repacked, and a wrong guess either way turns
 * into a baffling parse error far from the cause.
 */
final class DataStreams {
    private static final int BUFFER = 1 << 16;

    private DataStreams() {}

    static InputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            return decompressIfGzip(raw, file.toString());
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(2);
            return hasGzipMagic(magic);
        }
    }

    /**
     * Closing the returned stream closes {@code in}.
     *
     * @throws DatasetFormatException naming {@code source} if the gzip header is damaged or cut short
     */
    static InputStream decompressIfGzip(InputStream in, String source) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
        buffered.mark(2);
        byte[] magic = buffered.readNBytes(2);
        buffered.reset();
        if (hasGzipMagic(magic)) {
            try {
                return new BufferedInputStream(new GZIPInputStream(buffered, BUFFER), BUFFER);
            } catch (ZipException | EOFException e) {
                throw new DatasetFormatException(
                        source,
                        "corrupt or truncated gzip header (the file starts with the gzip" + " magic 1f 8b): " + e,
                        e);
            }
        }
        return buffered;
    }

    private static boolean hasGzipMagic(byte[] magic) {
        return magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    }
}
