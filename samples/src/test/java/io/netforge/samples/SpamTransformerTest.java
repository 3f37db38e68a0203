package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.train.History;
import io.netforge.train.inference.Evaluation;
import org.junit.jupiter.api.Test;

/** The Transformer spam filter, trained for real on the SpamAssassin corpus that scripts/setup.sh installs. */
class SpamTransformerTest {
    @Test
    void countsPyTorchsParametersUnderPyTorchsNames() {
        SpamTransformerTrainer t = new SpamTransformerTrainer();
        // sum(p.numel()) of the modules in SpamTransformer's Javadoc: nn.TransformerEncoderLayer(32, 2, 32) has
        // 3·32·32 + 3·32 + 32·32 + 32 (attention), 32·32 + 32 and 32·32 + 32 (linear1, linear2), 4·32 (norms)
        long encoder = 3 * 32 * 32 + 3 * 32 + 32 * 32 + 32 + 2 * (32 * 32 + 32) + 4 * 32;
        assertThat(t.parameterCount())
                .isEqualTo(10_000 * 32 + encoder + 32 * 20 + 20 + 20 * 2 + 2); // the sinusoids are constants
        assertThat(t.torchNames().values())
                .containsExactly(
                        "embed.weight",
                        "encoder.self_attn.in_proj_weight",
                        "encoder.self_attn.in_proj_bias",
                        "encoder.self_attn.out_proj.weight",
                        "encoder.self_attn.out_proj.bias",
                        "encoder.norm1.weight",
                        "encoder.norm1.bias",
                        "encoder.linear1.weight",
                        "encoder.linear1.bias",
                        "encoder.linear2.weight",
                        "encoder.linear2.bias",
                        "encoder.norm2.weight",
                        "encoder.norm2.bias",
                        "hidden.weight",
                        "hidden.bias",
                        "out.weight",
                        "out.bias");
    }

    @Test
    void separatesSpamFromHamOnHeldOutMail() throws Exception {
        Spam spam = Spam.wordIds(null, 42);
        SpamTransformerTrainer trainer =
                SpamTransformerTrainer.builder().verbose(false).create();
        History h = trainer.fit(spam.splits().train());
        Evaluation test = trainer.evaluate(spam.splits().test());
        System.out.println("spam Transformer: " + test + ", first/last train loss " + h.loss()[0] + " / "
                + h.last().loss() + ", " + h.last().seconds() + " s an epoch");
        assertThat(test.accuracy()).isGreaterThanOrEqualTo(0.97);
        assertThat(h.last().loss()).isLessThan(h.loss()[0] / 4);
    }
}
