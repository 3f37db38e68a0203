package io.netforge.samples;

import io.netforge.annotations.Adam;
import io.netforge.annotations.Dense;
import io.netforge.annotations.Dropout;
import io.netforge.annotations.Input;
import io.netforge.annotations.Layer;
import io.netforge.annotations.Model;
import io.netforge.annotations.Relu;
import io.netforge.annotations.Train;

/**
 * The scikit-learn digits MLP of the Dropout/BatchNorm tutorial: 64-100-100-100-100-10 with ReLU and
 * Dropout 0.5 after every hidden layer, Adam with PyTorch's defaults, batch 32. torchsummary counts
 * 37,810 parameters.
 */
@Model(input = @Input(features = 64), classes = 10)
@Train(epochs = 100, batchSize = 32, seed = 42)
@Adam(learningRate = 1e-3)
public abstract class DigitsMlp {
    @Dense(100)
    @Relu
    @Dropout(0.5)
    Layer fc1;

    @Dense(100)
    @Relu
    @Dropout(0.5)
    Layer fc2;

    @Dense(100)
    @Relu
    @Dropout(0.5)
    Layer fc3;

    @Dense(100)
    @Relu
    @Dropout(0.5)
    Layer fc4;

    @Dense(10)
    Layer logits;
}
