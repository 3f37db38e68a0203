package io.netforge.train;

import io.netforge.annotations.LossFunction;
import java.util.Objects;

/**
 * Training settings. Generated trainers start from the model's annotations ({@code defaults()}); any value
 * can be overridden through {@link #toBuilder()} or the trainer's {@code builder()}.
 *
 * @param epochs passes over the training data
 * @param batchSize samples per step (the last batch of an epoch may be smaller)
 * @param seed seeds weight init, shuffling and dropout masks
 * @param loss the loss function
 * @param optimizer optimizer and its learning rate
 * @param verbose print one progress line per epoch
 */
public record TrainConfig(int epochs, int batchSize, long seed, LossFunction loss, Optimizer optimizer, boolean verbose) {
    public TrainConfig {
        Checks.positive("epochs", epochs);
        Checks.positive("batchSize", batchSize);
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(optimizer, "optimizer");
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable builder; {@link #build()} validates. */
    public static class Builder {
        private int epochs = 10;
        private int batchSize = 32;
        private long seed = 42;
        private LossFunction loss = LossFunction.SOFTMAX_CROSS_ENTROPY;
        private Optimizer optimizer = Optimizer.adam(1e-3);
        private boolean verbose = true;

        /** Starts from the documented defaults (10 epochs, batch 32, seed 42, Adam 1e-3). */
        public Builder() {
        }

        /** Starts from {@code from}'s settings. */
        protected Builder(TrainConfig from) {
            epochs = from.epochs;
            batchSize = from.batchSize;
            seed = from.seed;
            loss = from.loss;
            optimizer = from.optimizer;
            verbose = from.verbose;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder loss(LossFunction loss) {
            this.loss = loss;
            return this;
        }

        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** Keeps the optimizer and changes its learning rate. */
        public Builder learningRate(double learningRate) {
            this.optimizer = optimizer.withLearningRate(learningRate);
            return this;
        }

        public Builder verbose(boolean verbose) {
            this.verbose = verbose;
            return this;
        }

        public TrainConfig build() {
            return new TrainConfig(epochs, batchSize, seed, loss, optimizer, verbose);
        }
    }
}
