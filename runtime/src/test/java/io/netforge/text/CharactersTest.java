package io.netforge.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.data.Batch;
import io.netforge.data.Dataset;
import org.junit.jupiter.api.Test;

/** The character vocabulary and the next-token windows a language model trains on. */
class CharactersTest {
    @Test
    void idsFollowTheCharactersOrderFromOneAndDecodeBack() {
        Characters c = Characters.of("hello, world");
        assertThat(c.characters()).isEqualTo(" ,dehlorw");
        assertThat(c.size()).isEqualTo(10); // 9 characters and the padding 0
        assertThat(c.encode("low")).containsExactly(6, 7, 9);
        assertThat(c.decode(new int[] {6, 0, 7, 9})).isEqualTo("low");
        assertThat(Characters.ofOrdered(c.characters())).isEqualTo(c);
        assertThatThrownBy(() -> c.encode("lox"))
                .hasMessageContaining("character 'x' at 2 is not in the vocabulary of 9 characters");
        assertThatThrownBy(() -> c.encode("—")).hasMessageContaining("character U+2014 at 0");
        assertThatThrownBy(() -> c.character(10)).hasMessageContaining("id 10 is not a character id (1 to 9)");
        assertThatThrownBy(() -> Characters.ofOrdered("aba")).hasMessageContaining("distinct characters");
        assertThatThrownBy(() -> Characters.of("")).hasMessageContaining("non-empty text");
    }

    @Test
    void nextTokenWindowsLabelEachStepWithTheTokenAfterIt() {
        int[] ids = {1, 2, 3, 4, 5, 6, 7, 8};
        Dataset d = TextDatasets.nextToken("abc", ids, 3, 9);
        assertThat(d.size()).isEqualTo(2); // (8 - 1) / 3 whole windows; the rest is dropped
        assertThat(d.labelSteps()).isEqualTo(3);
        Batch b = d.batches(2, false, 0).iterator().next();
        assertThat(b.features()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(b.labels()).containsExactly(2, 3, 4, 5, 6, 7);
        assertThatThrownBy(() -> TextDatasets.nextToken("abc", ids, 8, 9))
                .hasMessageContaining("abc: 8 tokens hold no window of 8 tokens and their successors");
        assertThatThrownBy(() -> TextDatasets.nextToken("abc", new int[] {1, 0, 2}, 1, 9))
                .hasMessageContaining("abc: token 1 has id 0, not in [1, 9)");
        assertThatThrownBy(() -> TextDatasets.nextToken("abc", ids, 0, 9)).hasMessageContaining("window=0");
    }
}
