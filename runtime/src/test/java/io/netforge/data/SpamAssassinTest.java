package io.netforge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.datasets.SpamAssassin;
import io.netforge.text.LabeledTexts;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SpamAssassin corpus as scripts/setup.sh installs it, and a damaged copy. */
class SpamAssassinTest {
    @Test
    void readsEveryMessageOfTheCorpus() throws Exception {
        LabeledTexts all = SpamAssassin.load();
        assertThat(all.size()).isEqualTo(6046);
        assertThat(all.classCounts()).containsExactly(4150, 1896);
        assertThat(all.classes()).containsExactly("ham", "spam");
        long blank = all.texts().stream().filter(String::isBlank).count();
        assertThat(blank).as("messages with neither subject nor text").isZero();
        int first = all.sources()
                .indexOf(SpamAssassin.defaultDirectory()
                        .resolve("easy-ham-1/00001.7c53336b37003a9286aba55d2945844c.txt")
                        .toString());
        assertThat(all.texts().get(first)).startsWith("Re: New Sequences Window\n\nDate:");
    }

    @Test
    void namesTheMissingCorpusAndTheDamagedFile(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> SpamAssassin.load(dir.resolve("nowhere")))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("scripts/setup.sh installs it");
        for (String group : new String[] {"easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1"}) {
            Files.createDirectories(dir.resolve(group));
        }
        assertThatThrownBy(() -> SpamAssassin.load(dir))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("spam-2");
        Files.createDirectories(dir.resolve("spam-2"));
        Files.writeString(dir.resolve("spam-1/00001.a.txt"), "Subject: hi\n\nbuy now");
        Path damaged = dir.resolve("easy-ham-2/00002.b.txt");
        Files.write(damaged, new byte[0]);
        assertThatThrownBy(() -> SpamAssassin.load(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(damaged + ": the file is empty, not an e-mail");
        Files.writeString(damaged, "Subject: fine\n\nlunch?");
        LabeledTexts two = SpamAssassin.load(dir);
        assertThat(two.texts()).containsExactly("fine\n\nlunch?", "hi\n\nbuy now");
        assertThat(two.labels()).containsExactly(0, 1);
    }
}
