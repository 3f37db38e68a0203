package io.netforge.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model file that cannot be used — a checkpoint ({@link CheckpointException}), a weights file
 * ({@link WeightsFormatException}) or safetensors ({@link SafetensorsFormatException}): names the file and, for a
 * problem at one place, the byte offset. Nothing was changed in the model when one is thrown (docs/checkpoints.md,
 * "What a loader accepts"); catch this type to handle a bad file of any of the three formats.
 */
public abstract class ModelFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    /** {@code offset} -1 when the problem is not about one place. */
    protected ModelFileException(Path file, long offset, String message) {
        super(file + (offset >= 0 ? " (byte " + offset + ")" : "") + ": " + message);
        this.file = file;
        this.offset = offset;
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The byte offset where the problem was found, or -1 when it is not about one place. */
    public long offset() {
        return offset;
    }
}
