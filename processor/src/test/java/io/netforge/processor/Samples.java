package io.netforge.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

/** The tutorials' models as sources, and a compiler running the processor. */
public final class Samples {
    /** Flat 64 → 4 × (Dense 100, ReLU, Dropout 0.5) → Dense 10: 37,810 parameters. */
    public static final JavaFileObject DIGITS_MLP = JavaFileObjects.forSourceString("com.example.DigitsMlp", """
            package com.example;

            import io.netforge.annotations.Dense;
            import io.netforge.annotations.Dropout;
            import io.netforge.annotations.Input;
            import io.netforge.annotations.Layer;
            import io.netforge.annotations.Model;
            import io.netforge.annotations.Relu;
            import io.netforge.annotations.Train;

            @Model(input = @Input(features = 64), classes = 10)
            @Train(epochs = 100, batchSize = 32)
            public abstract class DigitsMlp {
                @Dense(100) @Relu @Dropout(0.5) Layer fc1;
                @Dense(100) @Relu @Dropout(0.5) Layer fc2;
                @Dense(100) @Relu @Dropout(0.5) Layer fc3;
                @Dense(100) @Relu @Dropout(0.5) Layer fc4;
                @Dense(10) Layer logits;
            }
            """);

    /** The MNIST CNN of the design: 338,006 parameters. */
    public static final JavaFileObject MNIST_CNN = JavaFileObjects.forSourceString("com.example.MnistCnn", """
            package com.example;

            import io.netforge.annotations.*;

            @Model(input = @Input(channels = 1, height = 28, width = 28))
            @Train(epochs = 10, batchSize = 256)
            @Adam(learningRate = 2e-4)
            public abstract class MnistCnn {
                @Conv(filters = 16, kernel = 3, padding = 1) @Relu Layer conv1;
                @Conv(filters = 32, kernel = 3, padding = 1) @Relu Layer conv2;
                @MaxPool(2)                                     Layer pool1;
                @Conv(filters = 64, kernel = 3, padding = 1) @Relu Layer conv3;
                @MaxPool(2)                                     Layer pool2;
                @Flatten                                        Layer flat;
                @Dense(100) @Relu                               Layer fc1;
                @Dense(10)                                      Layer logits;
            }
            """);

    private Samples() {
    }

    public static Compiler javac() {
        return Compiler.javac().withProcessors(new ModelProcessor());
    }

    public static Compilation compile(JavaFileObject... sources) {
        return javac().compile(sources);
    }
}
