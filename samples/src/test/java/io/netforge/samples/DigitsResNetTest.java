package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.data.Splits;
import io.netforge.train.History;
import io.netforge.train.inference.Evaluation;
import org.junit.jupiter.api.Test;

/** A small residual network (identity and projection shortcuts, global average pooling) learns the digits. */
class DigitsResNetTest {
    @Test
    void learnsTheDigits() {
        Splits data = Digits.imageSplits(42).standardize();
        DigitsResNetTrainer trainer =
                DigitsResNetTrainer.builder().epochs(5).verbose(false).create();
        assertThat(trainer.parameterCount()).isEqualTo(19_706);
        Evaluation before = trainer.evaluate(data.test());
        History h = trainer.fit(data.train());
        Evaluation after = trainer.evaluate(data.test());
        System.out.println("DigitsResNet on digits: " + after + " (before: " + before + "), train loss " + h.loss()[0]
                + " -> " + h.last().loss());
        assertThat(h.last().loss()).isLessThan(h.loss()[0] / 5);
        assertThat(after.accuracy()).isGreaterThan(0.93).isGreaterThan(before.accuracy() + 0.5);
    }
}
