package io.netforge.spark;

import io.netforge.train.Trainer;
import java.io.Serializable;
import java.util.function.Supplier;

/** Makes a trainer of the model on each executor, e.g. {@code MnistCnnTrainer::new}; serializable so Spark can ship it. */
@FunctionalInterface
public interface TrainerFactory<T extends Trainer> extends Supplier<T>, Serializable {}
