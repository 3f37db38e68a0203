package io.netforge.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabeledTextsTest {
    private static LabeledTexts corpus() {
        List<String> texts = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            texts.add("text " + i);
            sources.add("file" + i);
            labels[i] = i < 70 ? 0 : 1;
        }
        return new LabeledTexts("corpus", texts, labels, List.of("ham", "spam"), sources);
    }

    @Test
    void splitsEachClassAtTheFractionDisjointAndSeeded() {
        LabeledTexts all = corpus();
        List<LabeledTexts> parts = all.split(0.8, 42);
        assertThat(parts.get(0).classCounts()).containsExactly(56, 24);
        assertThat(parts.get(1).classCounts()).containsExactly(14, 6);
        Set<String> seen = new HashSet<>(parts.get(0).sources());
        for (String s : parts.get(1).sources()) {
            assertThat(seen.add(s)).as("%s in both parts", s).isTrue();
        }
        assertThat(seen).hasSize(100);
        for (LabeledTexts p : parts) {
            for (int i = 0; i < p.size(); i++) {
                int index = Integer.parseInt(p.sources().get(i).substring(4));
                assertThat(p.texts().get(i)).isEqualTo("text " + index);
                assertThat(p.label(i)).isEqualTo(index < 70 ? 0 : 1);
            }
        }
        assertThat(all.split(0.8, 42).get(1).sources()).isEqualTo(parts.get(1).sources());
        assertThat(all.split(0.8, 43).get(1).sources())
                .isNotEqualTo(parts.get(1).sources());
    }

    @Test
    void refusesInconsistentLabels() {
        assertThatThrownBy(() -> new LabeledTexts("c", List.of("a"), new int[] {2}, List.of("x", "y"), List.of("f")))
                .hasMessage("c: text 0 (f) has label 2 but there are 2 classes [x, y]");
        assertThatThrownBy(() -> new LabeledTexts("c", List.of("a", "b"), new int[] {0}, List.of("x"), List.of("f")))
                .hasMessageContaining("2 texts, 1 labels and 1 sources");
        assertThatThrownBy(() -> corpus().split(1.0, 1)).hasMessageContaining("must be in (0, 1)");
    }
}
