package io.netforge.io;

import java.nio.file.Path;

/**
 * A checkpoint that cannot be used: names the file, what is wrong ({@link #problem()}) and, for a file that is
 * damaged, the byte offset. Nothing is changed in the model when this is thrown.
 */
public final class CheckpointException extends ModelFileException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the file. */
    public enum Problem {
        /** Not a NetForge checkpoint at all (another format, or random bytes). */
        FOREIGN,
        /** A NetForge checkpoint of a format version this release cannot read. */
        VERSION,
        /** Shorter than its header says: the write was cut off or the copy is incomplete. */
        TRUNCATED,
        /** Its content hash does not match: bytes were changed after it was written. */
        CORRUPTED,
        /** The hash matches but the content is impossible: the file was edited and its hash recomputed. */
        TAMPERED,
        /** A checkpoint of another model. */
        WRONG_MODEL,
        /** A checkpoint of this model's name but a different architecture (the first differing variable is named). */
        ARCHITECTURE,
        /** No checkpoint where one was asked for. */
        MISSING,
        /** Not a regular file: a directory, a device such as {@code /dev/zero}, a FIFO or a socket (never opened). */
        NOT_A_FILE,
        /** Larger than any checkpoint of this model can be (its arrays plus a header allowance); refused unread. */
        TOO_LARGE,
        /**
         * Well-formed and of this model, but a value no training writes: a weight or optimizer buffer that is not finite,
         * a negative second moment, a counter or learning rate out of range, a callback that refuses its state.
         */
        INVALID_VALUE,
        /**
         * A checkpoint of this model trained with settings this trainer does not have: another optimizer (or other
         * optimizer settings that change its state), or a learning-rate schedule whose state does not fit.
         */
        SETTINGS
    }

    private final Problem problem;

    public CheckpointException(Path file, Problem problem, long offset, String message) {
        super(file, offset, message);
        this.problem = problem;
    }

    public CheckpointException(Path file, Problem problem, String message) {
        this(file, problem, -1, message);
    }

    public Problem problem() {
        return problem;
    }

    /**
     * A checkpoint whose hash matches but whose content no NetForge trainer writes: edited with its hash recomputed,
     * or written by another program.
     */
    public static CheckpointException tampered(Path file, String what) {
        return new CheckpointException(
                file,
                Problem.TAMPERED,
                "tampered: " + what + " (the hash matches, so the file was edited"
                        + " and its hash recomputed, or written by another program)");
    }
}
