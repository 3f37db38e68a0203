package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.train.History;
import io.netforge.train.inference.Evaluation;
import org.junit.jupiter.api.Test;

/** The GRU spam filter, trained for real on the SpamAssassin corpus that scripts/setup.sh installs. */
class SpamGruTest {
    @Test
    void countsPyTorchsParametersUnderPyTorchsNames() {
        SpamGruTrainer t = new SpamGruTrainer();
        // sum(p.numel() for p in model.parameters()) of the modules in SpamGru's Javadoc
        assertThat(t.parameterCount()).isEqualTo(10_000 * 32 + 3 * 32 * (32 + 32) + 2 * 3 * 32 + 32 * 2 + 2);
        assertThat(t.torchNames().values())
                .containsExactly(
                        "embed.weight",
                        "rnn.weight_ih_l0",
                        "rnn.weight_hh_l0",
                        "rnn.bias_ih_l0",
                        "rnn.bias_hh_l0",
                        "out.weight",
                        "out.bias");
    }

    @Test
    void separatesSpamFromHamOnHeldOutMail() throws Exception {
        Spam spam = Spam.wordIds(null, 42);
        SpamGruTrainer trainer = SpamGruTrainer.builder().verbose(false).create();
        History h = trainer.fit(spam.splits().train());
        Evaluation test = trainer.evaluate(spam.splits().test());
        System.out.println("spam GRU: " + test + ", first/last train loss " + h.loss()[0] + " / "
                + h.last().loss() + ", " + h.last().seconds() + " s an epoch");
        assertThat(test.accuracy()).isGreaterThanOrEqualTo(0.97);
        assertThat(h.last().loss()).isLessThan(h.loss()[0] / 4);
    }
}
