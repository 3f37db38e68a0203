package io.netforge.io;

import java.nio.file.Path;

/** A weights file that is not what it should be: names the file, the byte offset and what is wrong. */
public final class WeightsFormatException extends ModelFileException {
    private static final long serialVersionUID = 1L;

    public WeightsFormatException(Path file, long offset, String problem) {
        super(file, offset, problem);
    }

    /** A problem that is not about one place in the file: a wrong model, a missing variable, a value out of range. */
    public WeightsFormatException(Path file, String problem) {
        super(file, -1, problem);
    }
}
