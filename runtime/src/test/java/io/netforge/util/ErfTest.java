package io.netforge.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The generator's GELU against PyTorch's {@code F.gelu} (exact form), whose values are {@code x Φ(x)}. */
class ErfTest {
    @Test
    void geluIsXTimesTheNormalDistributionFunction() {
        // x Φ(x), Φ from the normal table to 16 digits: F.gelu(torch.tensor([1., -1., 3., -3., .5], dtype=float64))
        double[][] cases = {
            {1, 0.8413447460685429},
            {-1, -0.15865525393145707},
            {3, 2.9959503059051097},
            {-3, -0.0040496940948902},
            {0.5, 0.34573123063700656},
            {0, 0}
        };
        for (double[] c : cases) {
            assertThat(Erf.gelu(c[0])).as("gelu(%s)", c[0]).isCloseTo(c[1], within(2e-7 * Math.max(1, Math.abs(c[1]))));
        }
        // far out: the identity on the right, 0 on the left, without overflow or NaN
        assertThat(Erf.gelu(40)).isEqualTo(40);
        assertThat(Erf.gelu(-40)).isCloseTo(0, within(1e-300));
    }

    @Test
    void erfcIsOneMinusErf() {
        assertThat(Erf.erfc(0)).isCloseTo(1, within(1.2e-7));
        assertThat(Erf.erfc(1)).isCloseTo(0.15729920705028513, within(0.15729920705028513 * 1.2e-7));
        assertThat(Erf.erfc(-1)).isCloseTo(1.8427007929497148, within(1.8427007929497148 * 1.2e-7));
        assertThat(Erf.erfc(4)).isCloseTo(1.541725790028002e-8, within(1.541725790028002e-8 * 1.2e-7));
    }
}
