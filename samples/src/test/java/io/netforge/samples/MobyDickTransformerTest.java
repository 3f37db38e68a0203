package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.data.Dataset;
import io.netforge.datasets.MobyDick;
import io.netforge.text.Characters;
import io.netforge.text.TextDatasets;
import io.netforge.train.inference.Evaluation;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The small GPT of Moby Dick's characters, trained briefly on the book as scripts/setup.sh installs it: it must learn
 * below the letters' own frequencies and write text, its keys-and-values cache giving the window's text. The long
 * run's figures are in docs/attention.md.
 */
class MobyDickTransformerTest {
    @Test
    void countsPyTorchsParameters() {
        // nn.Embedding(82, 64), nn.Embedding(100, 64), two nn.TransformerEncoderLayer(64, 4, 256) of 49,984 each,
        // nn.LayerNorm(64), nn.Linear(64, 82)
        assertThat(new MobyDickTransformerTrainer().parameterCount())
                .isEqualTo(82 * 64 + 100 * 64 + 2 * 49_984 + 2 * 64 + 64 * 82 + 82);
    }

    @Test
    void learnsTheBooksCharactersAndWritesTextWithItsCache() throws Exception {
        String text = MobyDick.text();
        Characters chars = Characters.of(text);
        int[] ids = chars.encode(text);
        Dataset train = TextDatasets.nextToken("moby/train", Arrays.copyOf(ids, 500_001), 100, chars.size());
        Dataset validation =
                TextDatasets.nextToken("moby/val", Arrays.copyOfRange(ids, ids.length - 50_001, ids.length), 100, 82);
        MobyDickTransformerTrainer trainer =
                MobyDickTransformerTrainer.builder().epochs(1).verbose(false).create();
        trainer.characters(chars);
        Evaluation before = trainer.evaluate(validation);
        trainer.fit(train, validation);
        Evaluation after = trainer.evaluate(validation);
        String sampled = trainer.predictor().generate("The whale ", 80, 0.8, 0, 42);
        System.out.printf(
                "moby-transformer after 500,000 characters: validation %.3f nats per character (before %.3f),"
                        + " accuracy %.1f%%%n  sampled: %s%n",
                after.loss(), before.loss(), after.accuracy() * 100, sampled.replace('\n', ' '));
        assertThat(before.loss()).isGreaterThan(4.0);
        assertThat(after.loss()).isLessThan(2.7); // the letters' own frequencies give about 3.1 nats
        assertThat(sampled).hasSize(80).isEqualTo(trainer.predictor().generate("The whale ", 80, 0.8, 0, 42));
        // each layer's keys and values kept: the same characters as running the window for each one
        int[] prompt = chars.encode("The whale ");
        assertThat(trainer.predictor().generate(prompt, 60, 0.8, 5, 7))
                .containsExactly(trainer.predictor().generateWithoutCache(prompt, 60, 0.8, 5, 7));
    }
}
