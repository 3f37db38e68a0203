package io.netforge.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a whole model file into memory, bounded: only a regular file (a symbolic link is followed and its target
 * checked like the file itself; a directory, device or FIFO is refused without being opened), of at most
 * {@code limit} bytes checked before anything is allocated, read in chunks into an array of exactly the size the file
 * had when it was opened; a file that shrinks or grows while it is read is refused too. So {@code /dev/zero}, a FIFO or
 * a sparse file of gigabytes gives an error at once instead of exhausting the heap or blocking.
 */
public final class FileBytes {
    /** Largest Java byte array. */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private static final int CHUNK = 1 << 20;

    /** Why a file was not read. */
    public enum Refused {
        /** A directory, device, FIFO or socket. */
        NOT_REGULAR,
        /** Larger than the limit. */
        TOO_LARGE,
        /** Its size changed while it was read. */
        CHANGED
    }

    /** Makes the format's exception for a file that cannot be taken. */
    @FunctionalInterface
    public interface Refusal {
        IOException refuse(Refused why, String message);
    }

    private FileBytes() {}

    /**
     * The bytes of {@code file}.
     *
     * @param limit the largest size accepted, in bytes
     * @param what what the file should be ("checkpoint", "weights file"), for messages
     * @throws NoSuchFileException when there is no such file
     * @throws IOException from {@code refusal} for anything but a regular file of at most {@code limit} bytes, or one
     *     that changes size while it is read; another {@code IOException} naming the file when reading fails
     */
    public static byte[] read(Path file, long limit, String what, Refusal refusal) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(file + ": cannot read " + what + ": " + e, e);
        }
        if (!attributes.isRegularFile()) {
            String kind = attributes.isDirectory()
                    ? "a directory"
                    : attributes.isOther() ? "a device, FIFO or socket" : "not a regular file";
            throw refusal.refuse(
                    Refused.NOT_REGULAR,
                    "not a regular file (" + kind + "); a " + what + " is read only from a regular file");
        }
        long max = Math.min(limit, MAX_ARRAY);
        if (attributes.size() > max) {
            throw refusal.refuse(
                    Refused.TOO_LARGE,
                    "the file has " + attributes.size() + " bytes; a " + what + " for this model has at most " + max
                            + " (see docs/checkpoints.md, \"What a loader accepts\")");
        }
        byte[] all = null;
        long size;
        long read = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            size = ch.size(); // the file may have been replaced since its attributes were read
            if (size <= max) {
                all = new byte[(int) size];
                read = fill(ch, all);
            }
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(file + ": cannot read " + what + ": " + e, e);
        }
        if (all == null) {
            throw refusal.refuse(
                    Refused.TOO_LARGE,
                    "the file has " + size + " bytes; a " + what + " for this model has at most " + max);
        }
        if (read < size) {
            throw refusal.refuse(
                    Refused.CHANGED, "the file shrank from " + size + " to " + read + " bytes while it was read");
        }
        if (read > size) {
            throw refusal.refuse(Refused.CHANGED, "the file grew beyond its " + size + " bytes while it was read");
        }
        return all;
    }

    /** Reads into {@code all} in chunks; the bytes read, or one more than its length when the channel had more. */
    private static long fill(FileChannel ch, byte[] all) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(all);
        while (b.hasRemaining()) {
            b.limit(Math.min(b.capacity(), b.position() + CHUNK));
            if (ch.read(b) < 0) {
                return b.position();
            }
            b.limit(b.capacity());
        }
        return ch.read(ByteBuffer.allocate(1)) > 0 ? all.length + 1L : all.length;
    }
}
