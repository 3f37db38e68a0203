package com.example.quickstart;

import io.netforge.annotations.Adam;
import io.netforge.annotations.Dense;
import io.netforge.annotations.Flatten;
import io.netforge.annotations.Input;
import io.netforge.annotations.Layer;
import io.netforge.annotations.Model;
import io.netforge.annotations.Relu;
import io.netforge.annotations.Train;

/** A small MLP for Fashion-MNIST: the model is this class; javac checks it and generates FashionMlpTrainer. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
@Train(epochs = 2, batchSize = 64, seed = 42)
@Adam(learningRate = 1e-3)
public abstract class FashionMlp {
    @Flatten            Layer flat;
    @Dense(128) @Relu   Layer hidden;
    @Dense(10)          Layer logits;
}
