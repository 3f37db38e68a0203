package io.netforge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NormalizationTest {
    /** Two channels of 2×1 pixels: channel 0 holds 1, 3 (then 5, 7), channel 1 holds 10, 30 (then 50, 70). */
    private static Dataset twoChannels() {
        return new Dataset(
                "rgb-ish", new float[] {1, 3, 10, 30, 5, 7, 50, 70}, new int[] {0, 1}, new int[] {2, 2, 1}, 2);
    }

    @Test
    void standardizeAndMinMaxApplyPerChannel() {
        Normalization std = Normalization.standardize(new float[] {4, 40}, new float[] {2, 20});
        float[] v = {1, 3, 10, 30, 5, 7, 50, 70};
        std.applyInPlace(v, 0, 2, 2);
        assertThat(v).containsExactly(-1.5f, -0.5f, -1.5f, -0.5f, 0.5f, 1.5f, 0.5f, 1.5f);
        Normalization mm = twoChannels().fitMinMax();
        assertThat(mm.first()).containsExactly(1f, 10f);
        assertThat(mm.second()).containsExactly(7f, 70f);
        Dataset scaled = twoChannels().minMaxScale();
        assertThat(scaled.features(0)).containsExactly(0f, 1f / 3, 0f, 1f / 3);
        assertThat(scaled.features(1)).containsExactly(2f / 3, 1f, 2f / 3, 1f);
        assertThat(scaled.normalization()).isEqualTo(mm);
        assertThat(mm.zero(2)).containsExactly(-1f / 6, -10f / 60);
        assertThat(std.zero(2)).containsExactly(-2f, -2f);
        assertThat(Normalization.none().zero(3)).containsExactly(0f, 0f, 0f);
    }

    @Test
    void datasetsRememberTheirNormalizationAndRefuseASecondOne() {
        Dataset raw = twoChannels();
        assertThat(raw.normalization().isNone()).isTrue();
        Dataset s = raw.standardize();
        Statistics stats = raw.statistics();
        assertThat(s.normalization()).isEqualTo(Normalization.standardize(stats.mean(), stats.std()));
        assertThat(s.statistics().mean()[0]).isCloseTo(0f, within(1e-6f));
        assertThat(s.split(0.5, 1).first().normalization()).isEqualTo(s.normalization());
        assertThatThrownBy(s::minMaxScale)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dataset 'rgb-ish' is already normalized (Standardize(mean=[4.0, 40.0]")
                .hasMessageContaining("normalize the raw data once");
        assertThat(raw.standardize(0.5f, 2f).normalization().toString())
                .isEqualTo("Standardize(mean=[0.5, 0.5], std=[2.0, 2.0])");
        assertThat(raw.normalize(Normalization.none())).isSameAs(raw);
    }

    @Test
    void constantChannelsAndBadStatisticsAreRefused() {
        Dataset constant = new Dataset("flat", new float[] {2, 2, 2}, new int[] {0, 0, 0}, new int[] {1}, 1);
        assertThatThrownBy(constant::fitMinMax).hasMessageContaining("channel 0 is constant (2.0 everywhere)");
        assertThatThrownBy(constant::fitStandardization).hasMessageContaining("channel 0 is constant");
        assertThatThrownBy(() -> Normalization.standardize(new float[] {0}, new float[] {0}))
                .hasMessageContaining("positive finite std");
        assertThatThrownBy(() -> Normalization.minMax(new float[] {1}, new float[] {1}))
                .hasMessageContaining("finite min < max");
        assertThatThrownBy(() -> Normalization.standardize(new float[] {0, 1}, new float[] {1}))
                .hasMessageContaining("one value per channel");
        assertThatThrownBy(() -> Normalization.standardize(new float[] {Float.NaN}, new float[] {1}))
                .hasMessageContaining("finite mean");
        assertThatThrownBy(() -> twoChannels().normalize(Normalization.standardize(new float[] {0}, new float[] {1})))
                .hasMessageContaining("1 channel(s), the data has 2");
    }

    @Test
    void splitsFitOnTrainOnly() {
        Dataset train = new Dataset("train", new float[] {0, 10}, new int[] {0, 1}, new int[] {1}, 2);
        Dataset test = new Dataset("test", new float[] {20, -10}, new int[] {0, 1}, new int[] {1}, 2);
        Splits s = new Splits(train, null, test).minMaxScale();
        assertThat(s.test().features(0)).containsExactly(2f);
        assertThat(s.test().features(1)).containsExactly(-1f);
        assertThat(s.test().normalization()).isEqualTo(s.train().normalization());
        Splits c = new Splits(train, null, test).standardize(new float[] {5}, new float[] {5});
        assertThat(c.test().features(0)).containsExactly(3f);
    }

    @Test
    void equalityIsByValue() {
        assertThat(Normalization.standardize(new float[] {1}, new float[] {2}))
                .isEqualTo(Normalization.standardize(new float[] {1}, new float[] {2}))
                .hasSameHashCodeAs(Normalization.standardize(new float[] {1}, new float[] {2}))
                .isNotEqualTo(Normalization.minMax(new float[] {1}, new float[] {2}));
    }
}
