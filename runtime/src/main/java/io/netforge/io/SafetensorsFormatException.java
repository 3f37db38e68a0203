package io.netforge.io;

import java.io.IOException;
import java.nio.file.Path;

/** A safetensors file that is not what it should be: names the file, the byte offset and what is wrong. */
public final class SafetensorsFormatException extends IOException {
    private final Path file;
    private final long offset;

    public SafetensorsFormatException(Path file, long offset, String problem) {
        super(file + " (byte " + offset + "): " + problem);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
