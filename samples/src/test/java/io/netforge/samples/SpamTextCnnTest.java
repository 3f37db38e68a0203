package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.train.History;
import io.netforge.train.inference.Evaluation;
import org.junit.jupiter.api.Test;

/** The convolutional spam filter, trained for real on the SpamAssassin corpus that scripts/setup.sh installs. */
class SpamTextCnnTest {
    @Test
    void countsPyTorchsParametersUnderPyTorchsNames() {
        SpamTextCnnTrainer t = new SpamTextCnnTrainer();
        // sum(p.numel() for p in model.parameters()) of the modules in SpamTextCnn's Javadoc
        assertThat(t.parameterCount()).isEqualTo(10_000 * 32 + 5 * 32 * 64 + 64 + 64 * 2 + 2);
        assertThat(t.torchNames().values())
                .containsExactly("embed.weight", "conv.weight", "conv.bias", "out.weight", "out.bias");
    }

    @Test
    void separatesSpamFromHamOnHeldOutMail() throws Exception {
        Spam spam = Spam.wordIds(null, 42);
        SpamTextCnnTrainer trainer = SpamTextCnnTrainer.builder().verbose(false).create();
        History h = trainer.fit(spam.splits().train());
        Evaluation test = trainer.evaluate(spam.splits().test());
        System.out.println("spam text CNN: " + test + ", first/last train loss " + h.loss()[0] + " / "
                + h.last().loss() + ", " + h.last().seconds() + " s an epoch");
        assertThat(test.accuracy()).isGreaterThanOrEqualTo(0.97);
        assertThat(h.last().loss()).isLessThan(h.loss()[0] / 4);
    }
}
