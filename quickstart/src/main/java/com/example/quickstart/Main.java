package com.example.quickstart;

import io.netforge.data.Dataset;
import io.netforge.data.Splits;
import io.netforge.datasets.FashionMnist;
import io.netforge.train.inference.Evaluation;
import java.io.IOException;
import java.util.Locale;

/** Trains FashionMlp on 6,000 Fashion-MNIST images and prints its test accuracy. */
public final class Main {
    public static void main(String[] args) throws IOException {
        Splits data = FashionMnist.load()                   // Debian's dataset-fashion-mnist
                .withValidation(0.1, 42)
                .standardize();
        Dataset train = data.train().take(6000);            // a quick run: the first 6,000 images
        FashionMlpTrainer trainer = FashionMlpTrainer.builder().create();
        trainer.fit(train, data.validation());
        Evaluation test = trainer.evaluate(data.test());
        System.out.printf(Locale.ROOT, "Test accuracy: %.2f%%%n", 100 * test.accuracy());
    }
}
