package io.netforge.data;

/**
 * Thrown for a malformed data file (a checked {@code IOException}, like every file error: docs/api.md). The message names the file, the byte offset or line, and what was
 * expected versus found, because "bad data" without a location sends the user to a hex editor.
 */
public class DatasetFormatException extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    private final String source;

    /** The message is {@code source + ": " + detail}. */
    public DatasetFormatException(String source, String detail) {
        super(source + ": " + detail);
        this.source = source;
    }

    public DatasetFormatException(String source, String detail, Throwable cause) {
        super(source + ": " + detail, cause);
        this.source = source;
    }

    /** The file or resource name the problem was found in. */
    public String source() {
        return source;
    }
}
