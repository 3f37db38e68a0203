package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.annotations.Mode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Early stopping on scripted metric sequences: when it stops, which epoch is best. */
class EarlyStoppingTest {

    /** Feeds values until the tracker says stop; returns the 1-based epoch it stopped after (or the count). */
    private static int run(EarlyStopping.Tracker t, double... values) {
        for (int e = 1; e <= values.length; e++) {
            t.update(e, values[e - 1]);
            if (t.shouldStop()) {
                return e;
            }
        }
        return values.length;
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovement() {
        EarlyStopping.Tracker t = EarlyStopping.onValLoss(2).start();
        // best at epoch 3 (0.5); epochs 4 and 5 wait, epoch 6 is the third without improvement -> stop.
        int stopped = run(t, 0.9, 0.7, 0.5, 0.6, 0.55, 0.51, 0.4);
        assertThat(stopped).isEqualTo(6);
        assertThat(t.bestEpoch()).isEqualTo(3);
        assertThat(t.best()).isEqualTo(0.5);
    }

    @Test
    void minDeltaIgnoresTinyImprovements() {
        EarlyStopping rule = new EarlyStopping(Metric.VAL_LOSS, Mode.MIN, 1, 0.01, true, Optional.empty());
        EarlyStopping.Tracker t = rule.start();
        int stopped = run(t, 1.0, 0.995, 0.992, 0.5);
        assertThat(stopped).isEqualTo(3);
        assertThat(t.bestEpoch()).isEqualTo(1);
    }

    @Test
    void accuracyIsMaximizedInAutoMode() {
        EarlyStopping rule = new EarlyStopping(Metric.VAL_ACCURACY, Mode.AUTO, 0, 0, true, Optional.empty());
        assertThat(rule.maximizes()).isTrue();
        EarlyStopping.Tracker t = rule.start();
        assertThat(run(t, 0.5, 0.6, 0.59, 0.9)).isEqualTo(3);
        assertThat(t.bestEpoch()).isEqualTo(2);
        assertThat(new EarlyStopping(Metric.VAL_LOSS, Mode.MAX, 0, 0, true, Optional.empty()).maximizes())
                .isTrue();
    }

    @Test
    void nonFiniteValuesNeverBecomeBest() {
        EarlyStopping.Tracker t = EarlyStopping.onValLoss(5).start();
        assertThat(t.update(1, Double.NaN)).isFalse();
        assertThat(t.update(2, 0.8)).isTrue();
        assertThat(t.update(3, Double.NEGATIVE_INFINITY)).isFalse();
        assertThat(t.update(4, Double.NaN)).isFalse();
        assertThat(t.bestEpoch()).isEqualTo(2);
        assertThat(t.best()).isEqualTo(0.8);
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThatThrownBy(() -> Metric.of("val_acc"))
                .hasMessage(
                        "Invalid value for `monitor`. Expected one of val_loss, val_accuracy, loss, accuracy, val_mae, val_rmse. Received: monitor=val_acc");
        assertThatThrownBy(() -> new EarlyStopping(Metric.LOSS, Mode.AUTO, -1, 0, true, Optional.empty()))
                .hasMessageContaining("Received: patience=-1");
    }
}
