package io.netforge.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.data.DatasetFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {
    private static final List<String> TRAINING = List.of("the cat sat", "The cat ran; the dog sat.", "a dog");

    @Test
    void numbersTheSpecialTokensFirstThenByCountThenAlphabetically() {
        Vocabulary v = Vocabulary.build(Tokenizer.WORDS, TRAINING, 100, 1);
        // counts: the 3, cat 2, dog 2, sat 2, a 1, ran 1
        assertThat(v.size()).isEqualTo(8);
        assertThat(List.of(
                        v.token(0), v.token(1), v.token(2), v.token(3), v.token(4), v.token(5), v.token(6), v.token(7)))
                .containsExactly(Vocabulary.PAD, Vocabulary.UNKNOWN, "the", "cat", "dog", "sat", "a", "ran");
        assertThat(v.id("the")).isEqualTo(2);
        assertThat(v.id("zebra")).as("a word the training texts did not have").isEqualTo(1);
    }

    @Test
    void keepsOnlyFrequentTokensUpToTheSize() {
        assertThat(Vocabulary.build(Tokenizer.WORDS, TRAINING, 100, 2).size()).isEqualTo(6);
        Vocabulary small = Vocabulary.build(Tokenizer.WORDS, TRAINING, 4, 1);
        assertThat(small.size()).isEqualTo(4);
        assertThat(small.id("dog")).isEqualTo(1);
        assertThatThrownBy(() -> Vocabulary.build(Tokenizer.WORDS, TRAINING, 1, 1))
                .hasMessageContaining("maxSize must be at least 2");
        assertThatThrownBy(() -> Vocabulary.build(Tokenizer.WORDS, TRAINING, 10, 0))
                .hasMessageContaining("minCount must be at least 1");
    }

    @Test
    void encodesPaddedAndTruncatedAndAsAMultiHotVector() {
        Vocabulary v = Vocabulary.build(Tokenizer.WORDS, TRAINING, 100, 1);
        assertThat(v.encode("The zebra sat", 5)).containsExactly(2, 1, 5, 0, 0);
        assertThat(v.encode("the cat sat the dog", 3)).containsExactly(2, 3, 5);
        assertThat(v.multiHot("the the zebra dog")).containsExactly(0, 1, 1, 0, 1, 0, 0, 0);
    }

    @Test
    void tokenizesWordsInLowerCaseAndCharactersAsTheyAre() {
        assertThat(Tokenizer.WORDS.tokens("Don't PANIC: 42 cafés, ÉTÉ!"))
                .containsExactly("don", "t", "panic", "42", "cafés", "été");
        assertThat(Tokenizer.CHARACTERS.tokens("Hi \n😀")).containsExactly("H", "i", " ", "\n", "😀");
    }

    @Test
    void savesAndLoadsEveryTokenEvenLineBreaksAndBackslashes(@TempDir Path dir) throws Exception {
        Vocabulary v = Vocabulary.build(Tokenizer.CHARACTERS, List.of("a\\b\nc\td\r"), 100, 1);
        Path file = dir.resolve("vocab.txt");
        v.save(file);
        assertThat(Vocabulary.load(file)).isEqualTo(v);
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("netforge-vocabulary 1 CHARACTERS");
        v.save(file); // over the old one
        assertThat(Vocabulary.load(file)).isEqualTo(v);
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left").containsExactly(file);
        }
    }

    @Test
    void refusesABadFileNamingItAndTheLine(@TempDir Path dir) throws Exception {
        assertRefused(dir, "words\n<pad>\n<unk>\n", "line 1 must be \"netforge-vocabulary 1 <tokenizer>\"");
        assertRefused(dir, "netforge-vocabulary 1 BYTES\n<pad>\n<unk>\n", "line 1 names tokenizer \"BYTES\"");
        assertRefused(
                dir,
                "netforge-vocabulary 1 WORDS\n<pad>\n<unk>\nthe\ncat\nthe\n",
                "line 6 repeats the token of line 4: \"the\"");
        assertRefused(
                dir, "netforge-vocabulary 1 WORDS\n<pad>\n<unk>\na\\x\n", "line 4 has a backslash not followed by");
        assertRefused(dir, "netforge-vocabulary 1 WORDS\nthe\n<pad>\n<unk>\n", "lines 2 and 3 must be <pad> and <unk>");
        Path binary = dir.resolve("binary.txt");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThatThrownBy(() -> Vocabulary.load(binary))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(binary + ": not UTF-8 text");
    }

    private static void assertRefused(Path dir, String content, String message) throws Exception {
        Path file = dir.resolve("bad.txt");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Vocabulary.load(file))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(file + ": " + message);
    }
}
