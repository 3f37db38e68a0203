package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.data.Splits;
import io.netforge.train.History;
import io.netforge.train.inference.Evaluation;
import org.junit.jupiter.api.Test;

/** The generated LayerNorm MLP, trained for real on the embedded scikit-learn digits. */
class DigitsLayerNormTest {
    @Test
    void countsPyTorchsParametersUnderPyTorchsNames() {
        DigitsLayerNormTrainer t = new DigitsLayerNormTrainer();
        // sum(p.numel() for p in model.parameters()) of the nn.Sequential in DigitsLayerNorm's Javadoc
        assertThat(t.parameterCount()).isEqualTo(64 * 128 + 128 + 2 * 128 + 128 * 64 + 64 + 2 * 64 + 64 * 10 + 10);
        assertThat(t.torchNames().values())
                .containsExactly(
                        "fc1.weight",
                        "fc1.bias",
                        "fc1_ln.weight",
                        "fc1_ln.bias",
                        "fc2.weight",
                        "fc2.bias",
                        "fc2_ln.weight",
                        "fc2_ln.bias",
                        "logits.weight",
                        "logits.bias");
    }

    @Test
    void reachesNinetySixPercentOnTheSeededTestSplit() {
        Splits data = Digits.splits(42);
        DigitsLayerNormTrainer trainer =
                DigitsLayerNormTrainer.builder().verbose(false).create();
        History h = trainer.fit(data.train(), data.test());
        Evaluation test = trainer.evaluate(data.test());
        System.out.println("digits LayerNorm MLP: " + test + ", first/last train loss " + h.loss()[0] + " / "
                + h.last().loss());
        assertThat(test.accuracy()).isGreaterThanOrEqualTo(0.96);
        assertThat(h.last().loss()).isLessThan(h.loss()[0] / 10);
    }
}
