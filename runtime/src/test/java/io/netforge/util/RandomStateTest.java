package io.netforge.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The checkpointable generators draw exactly what the JDK's draw, and continue exactly from a saved state. */
class RandomStateTest {
    @Test
    void splitMixDrawsWhatSplittableRandomDraws() {
        for (long seed : new long[] {0, 42, -7, Long.MAX_VALUE, 0x632BE59BD9B4E019L}) {
            SplittableRandom jdk = new SplittableRandom(seed);
            SplitMix ours = new SplitMix(seed);
            for (int i = 0; i < 2_000; i++) {
                switch (i % 5) {
                    case 0 -> assertThat(ours.nextLong()).isEqualTo(jdk.nextLong());
                    case 1 -> assertThat(ours.nextInt()).isEqualTo(jdk.nextInt());
                    case 2 -> assertThat(ours.nextDouble()).isEqualTo(jdk.nextDouble());
                    case 3 -> assertThat(ours.nextInt(10)).isEqualTo(jdk.nextInt(10));
                    default -> assertThat(ours.nextInt(1 + i)).isEqualTo(jdk.nextInt(1 + i));
                }
            }
        }
    }

    @Test
    void lcgDrawsWhatRandomDraws() {
        for (long seed : new long[] {0, 42, -7, Long.MIN_VALUE}) {
            Random jdk = new Random(seed);
            Lcg48 ours = new Lcg48(seed);
            for (int i = 0; i < 2_000; i++) {
                switch (i % 4) {
                    case 0 -> assertThat(ours.nextDouble()).isEqualTo(jdk.nextDouble());
                    case 1 -> assertThat(ours.nextInt()).isEqualTo(jdk.nextInt());
                    case 2 -> assertThat(ours.nextLong()).isEqualTo(jdk.nextLong());
                    default -> assertThat(ours.nextInt(7 + i)).isEqualTo(jdk.nextInt(7 + i));
                }
            }
        }
    }

    @Test
    void savedStatesContinueTheStream() {
        SplitMix a = new SplitMix(3);
        Lcg48 b = new Lcg48(3);
        for (int i = 0; i < 17; i++) {
            a.nextLong();
            b.nextDouble();
        }
        SplitMix a2 = new SplitMix(999);
        a2.state(a.state());
        Lcg48 b2 = new Lcg48(999);
        b2.state(b.state());
        for (int i = 0; i < 100; i++) {
            assertThat(a2.nextLong()).isEqualTo(a.nextLong());
            assertThat(b2.nextDouble()).isEqualTo(b.nextDouble());
        }
    }
}
