package io.netforge.io;

import java.io.IOException;
import java.nio.file.Path;

/** A safetensors file that is not what it should be: names the file, the byte offset and what is wrong. */
public final class SafetensorsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final Path file;
    private final long offset;

    public SafetensorsFormatException(Path file, long offset, String problem) {
        super(file + (offset >= 0 ? " (byte " + offset + ")" : "") + ": " + problem);
        this.file = file;
        this.offset = offset;
    }

    /** A problem that is not about one place in the file: a wrong model, a missing variable, a value out of range. */
    public SafetensorsFormatException(Path file, String problem) {
        this(file, -1, problem);
    }

    public Path file() {
        return file;
    }

    /** The byte offset where the problem was found, or -1 when it is not about one place. */
    public long offset() {
        return offset;
    }
}
