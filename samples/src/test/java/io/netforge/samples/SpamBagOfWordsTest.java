package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.train.History;
import io.netforge.train.inference.Evaluation;
import org.junit.jupiter.api.Test;

/** The bag-of-words spam filter, trained for real on the SpamAssassin corpus that scripts/setup.sh installs. */
class SpamBagOfWordsTest {
    @Test
    void countsPyTorchsParameters() {
        // sum(p.numel() for p in model.parameters()) of the nn.Sequential in SpamBagOfWords' Javadoc
        assertThat(new SpamBagOfWordsTrainer().parameterCount()).isEqualTo(2000 * 64 + 64 + 64 * 2 + 2);
    }

    @Test
    void separatesSpamFromHamOnHeldOutMail() throws Exception {
        Spam spam = Spam.bagOfWords(null, 42);
        assertThat(spam.vocabulary().size()).isEqualTo(SpamBagOfWords.VOCABULARY);
        assertThat(spam.splits().train().size()).isEqualTo(4837);
        assertThat(spam.splits().test().size()).isEqualTo(1209);
        assertThat(spam.test().classCounts()).containsExactly(830, 379);
        SpamBagOfWordsTrainer trainer =
                SpamBagOfWordsTrainer.builder().verbose(false).create();
        History h = trainer.fit(spam.splits().train());
        Evaluation test = trainer.evaluate(spam.splits().test());
        System.out.println("spam bag of words: " + test + ", first/last train loss " + h.loss()[0] + " / "
                + h.last().loss());
        assertThat(test.accuracy()).isGreaterThanOrEqualTo(0.97);
        assertThat(h.last().loss()).isLessThan(h.loss()[0] / 4);
    }
}
