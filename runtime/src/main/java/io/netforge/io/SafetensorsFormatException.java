package io.netforge.io;

import java.nio.file.Path;

/** A safetensors file that is not what it should be: names the file, the byte offset and what is wrong. */
public final class SafetensorsFormatException extends ModelFileException {
    private static final long serialVersionUID = 1L;

    public SafetensorsFormatException(Path file, long offset, String problem) {
        super(file, offset, problem);
    }

    /** A problem that is not about one place in the file: a wrong model, a missing variable, a value out of range. */
    public SafetensorsFormatException(Path file, String problem) {
        super(file, -1, problem);
    }
}
