package io.netforge.samples;

import io.netforge.annotations.Adam;
import io.netforge.annotations.Dense;
import io.netforge.annotations.Input;
import io.netforge.annotations.Layer;
import io.netforge.annotations.Lstm;
import io.netforge.annotations.Model;
import io.netforge.annotations.Train;

/**
 * PyTorch's classic recurrent-network tutorial on Fashion-MNIST: each 28×28 image read as a sequence of its 28 rows of
 * 28 pixels ({@code Transforms.rowsAsSequence()}), an LSTM of 128 units, its last state, a dense layer. In PyTorch:
 * {@code nn.LSTM(28, 128, batch_first=True)} on {@code images.reshape(-1, 28, 28)}, {@code nn.Linear(128, 10)} on
 * {@code out[:, -1, :]}.
 */
@Model(input = @Input(steps = 28, features = 28), classes = 10)
@Train(epochs = 2, batchSize = 64, seed = 42)
@Adam(learningRate = 2e-3)
public abstract class FashionLstm {
    @Lstm(units = 128)
    Layer rnn;

    @Dense(10)
    Layer out;
}
