package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.data.Splits;
import io.netforge.train.History;
import io.netforge.train.Optimizer;
import io.netforge.train.TrainConfig;
import io.netforge.train.inference.Evaluation;
import org.junit.jupiter.api.Test;

/** The generated digits MLP, trained for real on the embedded scikit-learn digits. */
class DigitsMlpTest {
    @Test
    void hasTorchsummarysParameterCount() {
        assertThat(new DigitsMlpTrainer().parameterCount()).isEqualTo(37_810);
    }

    @Test
    void defaultsComeFromTheAnnotations() {
        TrainConfig d = DigitsMlpTrainer.defaults();
        assertThat(d.epochs()).isEqualTo(100);
        assertThat(d.batchSize()).isEqualTo(32);
        assertThat(d.seed()).isEqualTo(42);
        assertThat(d.optimizer()).isEqualTo(new Optimizer.Adam(1e-3, 0.9, 0.999, 1e-8, 0));
        assertThat(DigitsMlpTrainer.builder()
                        .epochs(3)
                        .learningRate(0.01)
                        .create()
                        .config())
                .isEqualTo(d.toBuilder()
                        .epochs(3)
                        .optimizer(new Optimizer.Adam(0.01, 0.9, 0.999, 1e-8, 0))
                        .build());
    }

    @Test
    void reachesNinetyFivePercentOnTheSeededTestSplit() {
        Splits data = Digits.splits(42);
        assertThat(data.train().size()).isEqualTo(1438);
        assertThat(data.test().size()).isEqualTo(359);
        DigitsMlpTrainer trainer = DigitsMlpTrainer.builder().verbose(false).create();
        History h = trainer.fit(data.train(), data.test());
        Evaluation test = trainer.evaluate(data.test());
        System.out.println("digits MLP: " + test + ", first/last train loss " + h.loss()[0] + " / "
                + h.last().loss());
        assertThat(test.accuracy()).isGreaterThanOrEqualTo(0.95);
        assertThat(h.last().loss()).isLessThan(h.loss()[0] / 4);
    }

    @Test
    void sameSeedGivesIdenticalHistories() {
        Splits data = Digits.splits(7).withValidation(0.2, 7);
        History a = DigitsMlpTrainer.builder().epochs(3).verbose(false).create().fit(data.train(), data.validation());
        History b = DigitsMlpTrainer.builder().epochs(3).verbose(false).create().fit(data.train(), data.validation());
        assertThat(a.sameMetrics(b)).as("%s%nvs%n%s", a, b).isTrue();
        History c = DigitsMlpTrainer.builder()
                .epochs(3)
                .seed(8)
                .verbose(false)
                .create()
                .fit(data.train(), data.validation());
        assertThat(c.sameMetrics(a)).isFalse();
    }
}
