package io.netforge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitsTest {

    private static Dataset constantPlusIndex(String name, int n, float offset) {
        float[] features = new float[n];
        for (int i = 0; i < n; i++) {
            features[i] = offset + i;
        }
        return new Dataset(name, features, new int[n], new int[] {1}, 2);
    }

    @Test
    void withValidationCarvesTheFractionOutOfTrain() {
        Splits splits = new Splits(constantPlusIndex("toy/train", 20, 0), null, constantPlusIndex("toy/test", 5, 100));
        Splits carved = splits.withValidation(0.25, 9);

        assertThat(carved.validation().size()).isEqualTo(5);
        assertThat(carved.train().size()).isEqualTo(15);
        assertThat(carved.test()).isSameAs(splits.test());
        assertThat(carved.train().name()).isEqualTo("toy/train");
        assertThat(carved.validation().name()).isEqualTo("toy/validation");

        Set<Float> values = new HashSet<>();
        for (Dataset d : new Dataset[] {carved.train(), carved.validation()}) {
            for (int i = 0; i < d.size(); i++) {
                values.add(d.features(i)[0]);
            }
        }
        assertThat(values).hasSize(20);
    }

    @Test
    void withValidationIsSeeded() {
        Splits splits = new Splits(constantPlusIndex("train", 50, 0), null, constantPlusIndex("test", 5, 0));
        float[] a = splits.withValidation(0.2, 1).validation().features(0);
        assertThat(splits.withValidation(0.2, 1).validation().features(0)).isEqualTo(a);
        Dataset v1 = splits.withValidation(0.2, 1).validation();
        Dataset v2 = splits.withValidation(0.2, 2).validation();
        boolean same = true;
        for (int i = 0; i < v1.size(); i++) {
            same &= v1.features(i)[0] == v2.features(i)[0];
        }
        assertThat(same).isFalse();
    }

    @Test
    void withValidationRefusesToReplaceAnExistingOne() {
        Splits splits = new Splits(constantPlusIndex("train", 10, 0), null, constantPlusIndex("test", 5, 0))
                .withValidation(0.2, 1);
        assertThatThrownBy(() -> splits.withValidation(0.2, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Splits(constantPlusIndex("train", 10, 0), null, constantPlusIndex("test", 5, 0))
                        .withValidation(1.0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void standardizeUsesTrainStatisticsOnly() {
        Dataset train = constantPlusIndex("train", 5, 0); // 0..4: mean 2, std sqrt(2)
        Dataset validation = constantPlusIndex("validation", 5, 10);
        Dataset test = constantPlusIndex("test", 5, 100); // 100..104
        Splits s = new Splits(train, validation, test).standardize();

        float std = (float) Math.sqrt(2);
        assertThat(s.train().statistics().mean()[0]).isCloseTo(0f, within(1e-6f));
        assertThat(s.train().statistics().std()[0]).isCloseTo(1f, within(1e-6f));
        assertThat(s.test().statistics().mean()[0]).isCloseTo((102 - 2) / std, within(1e-4f));
        assertThat(s.validation().statistics().mean()[0]).isCloseTo((12 - 2) / std, within(1e-4f));
        assertThat(s.test().features(0)[0]).isCloseTo((100 - 2) / std, within(1e-4f));
    }

    @Test
    void standardizeWithConstantsAppliesToAllAndToleratesMissingValidation() {
        Splits s =
                new Splits(constantPlusIndex("train", 3, 0), null, constantPlusIndex("test", 3, 1)).standardize(1f, 2f);
        assertThat(s.validation()).isNull();
        assertThat(s.train().features(0)).containsExactly(-0.5f);
        assertThat(s.test().features(2)).containsExactly(1f);
        assertThat(new Splits(constantPlusIndex("train", 3, 0), null, constantPlusIndex("test", 3, 1))
                        .standardize()
                        .validation())
                .isNull();
    }

    @Test
    void rejectsMismatchedShapesOrClassCounts() {
        Dataset train = constantPlusIndex("train", 4, 0);
        Dataset wide = new Dataset("wide", new float[4], new int[2], new int[] {2}, 2);
        Dataset manyClasses = new Dataset("many", new float[2], new int[2], new int[] {1}, 5);
        assertThatThrownBy(() -> new Splits(train, null, wide))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wide");
        assertThatThrownBy(() -> new Splits(train, manyClasses, train))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("many");
        assertThatThrownBy(() -> new Splits(null, null, train)).isInstanceOf(IllegalArgumentException.class);
    }
}
