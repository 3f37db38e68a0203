package io.netforge.samples;

import io.netforge.annotations.Adam;
import io.netforge.annotations.Dense;
import io.netforge.annotations.Dropout;
import io.netforge.annotations.Flatten;
import io.netforge.annotations.Input;
import io.netforge.annotations.Layer;
import io.netforge.annotations.Model;
import io.netforge.annotations.Relu;
import io.netforge.annotations.Train;

/**
 * The Keras tutorial's first model: {@code Flatten(28×28)}, {@code Dense(128, relu)}, {@code Dropout(0.2)},
 * {@code Dense(10)}; 101,770 parameters. Keras's {@code activation='softmax'} on the output is left out: the
 * loss applies softmax, and {@code probabilities} returns probabilities.
 */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
@Train(epochs = 5, batchSize = 32, seed = 42)
@Adam
public abstract class KerasMlp {
    @Flatten
    Layer flat;

    @Dense(128)
    @Relu
    @Dropout(0.2)
    Layer fc1;

    @Dense(10)
    Layer logits;
}
