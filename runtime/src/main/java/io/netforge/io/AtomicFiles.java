package io.netforge.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Replaces a file so that a reader, or the file system after a crash, sees either the old content or the new,
 * never a mix: the bytes go to a temp file in the same directory, which is fsynced, renamed over the target,
 * and the directory is fsynced. Any failure (no space left, an I/O error, a failed rename) deletes the temp file
 * and leaves the previous file untouched.
 */
public final class AtomicFiles {
    /** The file-system calls a write makes; tests replace them to inject failures. */
    interface FileSystemCalls {
        FileChannel openTemp(Path tmp) throws IOException;

        void move(Path from, Path to) throws IOException;
    }

    static final FileSystemCalls REAL = new FileSystemCalls() {
        @Override
        public FileChannel openTemp(Path tmp) throws IOException {
            return FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }

        @Override
        public void move(Path from, Path to) throws IOException {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    };

    static volatile FileSystemCalls calls = REAL;

    private AtomicFiles() {}

    /** The prefix of temp files written beside {@code file}; a crash can leave one, which is ignored and cleaned up. */
    static String tempPrefix(Path file) {
        return "." + file.getFileName() + ".";
    }

    static final String TEMP_SUFFIX = ".tmp";

    /**
     * A new empty temp file beside {@code file} ({@code .<name>.<random>.tmp}), created with the permissions any new
     * file gets (the umask's), so that the renamed result is readable by whoever may read the user's other files;
     * {@code Files.createTempFile} would make it owner-only.
     */
    public static Path newTempBeside(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(tempPrefix(file) + Long.toUnsignedString(RANDOM.nextLong(), 36) + TEMP_SUFFIX);
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    public static void write(Path file, byte[] bytes, String what) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = newTempBeside(file);
            FileSystemCalls fs = calls;
            try (FileChannel ch = fs.openTemp(tmp)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            fs.move(tmp, file);
            tmp = null;
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // Some file systems cannot sync a directory; the rename is still atomic.
            }
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new IOException(
                    file + ": cannot write " + what + " (the previous file, if any, is unchanged): " + e, e);
        }
    }
}
