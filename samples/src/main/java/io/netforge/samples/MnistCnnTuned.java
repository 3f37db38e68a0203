package io.netforge.samples;

import io.netforge.annotations.Adam;
import io.netforge.annotations.Conv;
import io.netforge.annotations.Dense;
import io.netforge.annotations.EarlyStopping;
import io.netforge.annotations.Flatten;
import io.netforge.annotations.Input;
import io.netforge.annotations.LabelSmoothing;
import io.netforge.annotations.Layer;
import io.netforge.annotations.MaxPool;
import io.netforge.annotations.Model;
import io.netforge.annotations.ReduceLROnPlateau;
import io.netforge.annotations.Relu;
import io.netforge.annotations.Train;

/**
 * {@link MnistCnn} trained the way the overfitting tutorial trains: Adam, the learning rate halved when the
 * validation loss has not improved for one epoch, early stopping after three epochs without improvement
 * (keeping the best weights), and label smoothing 0.1.
 */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
@Train(epochs = 15, batchSize = 64, seed = 42)
@Adam(learningRate = 1e-3)
@ReduceLROnPlateau(factor = 0.5, patience = 1)
@EarlyStopping(patience = 3)
@LabelSmoothing(0.1)
public abstract class MnistCnnTuned {
    @Conv(filters = 16, kernel = 3, padding = 1)
    @Relu
    Layer conv1;

    @Conv(filters = 32, kernel = 3, padding = 1)
    @Relu
    Layer conv2;

    @MaxPool(2)
    Layer pool1;

    @Conv(filters = 64, kernel = 3, padding = 1)
    @Relu
    Layer conv3;

    @MaxPool(2)
    Layer pool2;

    @Flatten
    Layer flat;

    @Dense(100)
    @Relu
    Layer fc1;

    @Dense(10)
    Layer logits;
}
