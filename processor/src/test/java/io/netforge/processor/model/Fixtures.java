package io.netforge.processor.model;

import java.util.ArrayList;
import java.util.List;

/** The tutorials' models as specs, without javac. */
final class Fixtures {
    static final Shape DIGITS_INPUT = new Shape.Flat(64);
    static final Shape MNIST_INPUT = new Shape.Image(1, 28, 28);

    private Fixtures() {}

    static List<LayerSpec> digitsMlp() {
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            layers.add(LayerSpec.of("fc" + i, new DenseOp(100, true), new ReluOp(), new DropoutOp(0.5)));
        }
        layers.add(LayerSpec.of("logits", new DenseOp(10, true)));
        return layers;
    }

    static List<LayerSpec> mnistCnn() {
        return List.of(
                LayerSpec.of("conv1", new ConvOp(16, 3, 1, 1, true), new ReluOp()),
                LayerSpec.of("conv2", new ConvOp(32, 3, 1, 1, true), new ReluOp()),
                LayerSpec.of("pool1", new MaxPoolOp(2, 0, 0)),
                LayerSpec.of("conv3", new ConvOp(64, 3, 1, 1, true), new ReluOp()),
                LayerSpec.of("pool2", new MaxPoolOp(2, 0, 0)),
                LayerSpec.of("flat", new FlattenOp()),
                LayerSpec.of("fc1", new DenseOp(100, true), new ReluOp()),
                LayerSpec.of("logits", new DenseOp(10, true)));
    }

    static ModelSpec model(String name, Shape input, List<LayerSpec> layers, int classes) {
        return new ModelSpec(
                "com.example", name, input, layers, classes, TrainSpec.DEFAULT, AdamSpec.DEFAULT, List.of());
    }
}
