package io.netforge.train;

import io.netforge.annotations.LossFunction;
import io.netforge.train.engine.Engine;
import io.netforge.train.state.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Training settings. Generated trainers start from the model's annotations ({@code defaults()}); any value
 * can be overridden through {@link #toBuilder()} or the trainer's {@code builder()}.
 *
 * @param epochs passes over the training data
 * @param batchSize samples per step (the last batch of an epoch may be smaller)
 * @param seed seeds weight init, shuffling, dropout masks and DisturbLabel
 * @param loss the loss function
 * @param optimizer optimizer and its (base) learning rate
 * @param decayBiasesAndNorms whether the optimizer's weight decay also applies to biases and BatchNorm scales and
 *                            shifts (PyTorch's default, {@code true}); {@code false} decays only the dense and
 *                            convolution weights (parameters named {@code <layer>/W})
 * @param schedule the learning-rate schedule ({@link LrSchedule#NONE}: constant)
 * @param scheduleMonitor the metric a {@code ReduceLROnPlateau} schedule watches ({@link Metric#VAL_LOSS} by default)
 * @param earlyStopping early stopping; empty for none
 * @param labelSmoothing target smoothing in [0, 1) (PyTorch's {@code label_smoothing})
 * @param disturbLabel DisturbLabel's alpha in [0, 1] (0: off)
 * @param clipping gradient clipping ({@link GradientClipping#NONE}: off)
 * @param verbose print progress (a Keras-like bar on a terminal, one line per epoch otherwise)
 * @param dropLast drop each epoch's last, incomplete training batch (PyTorch's {@code drop_last}; default false)
 * @param prefetch training batches built ahead on a background thread while a step runs (default 2; 0: none)
 * @param checkpoints where and how often {@code fit} writes checkpoints ({@link Checkpoints#none()}: never)
 * @param callbacks the user's {@link Callback}s, called in this order after the built-in ones (empty: none)
 * @param engine what computes the steps ({@link Engine#PLANNED} unless {@code -Dnetforge.engine} says otherwise)
 */
public record TrainConfig(
        int epochs,
        int batchSize,
        long seed,
        LossFunction loss,
        Optimizer optimizer,
        boolean decayBiasesAndNorms,
        LrSchedule schedule,
        Metric scheduleMonitor,
        Optional<EarlyStopping> earlyStopping,
        double labelSmoothing,
        double disturbLabel,
        GradientClipping clipping,
        boolean verbose,
        boolean dropLast,
        int prefetch,
        Checkpoints checkpoints,
        List<Callback> callbacks,
        Engine engine) {
    public TrainConfig {
        Checks.positive("epochs", epochs);
        Checks.positive("batchSize", batchSize);
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(clipping, "clipping");
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(engine, "engine");
        callbacks = List.copyOf(callbacks);
        Objects.requireNonNull(scheduleMonitor, "scheduleMonitor");
        Objects.requireNonNull(earlyStopping, "earlyStopping");
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException(
                    "Invalid value for `labelSmoothing`. Expected a number in [0, 1). Received: labelSmoothing="
                            + labelSmoothing);
        }
        if (!(disturbLabel >= 0 && disturbLabel <= 1)) {
            throw new IllegalArgumentException(
                    "Invalid value for `disturbLabel`. Expected a number in [0, 1]. Received: disturbLabel="
                            + disturbLabel);
        }
        if (prefetch < 0) {
            throw new IllegalArgumentException(
                    "Invalid value for `prefetch`. Expected 0 (off) or a positive number of batches."
                            + " Received: prefetch=" + prefetch);
        }
        if (schedule.needsMetric() && schedule.interval() == LrSchedule.Interval.STEP) {
            throw new IllegalArgumentException(
                    "ReduceLROnPlateau steps once per epoch, after validation; use Interval.EPOCH");
        }
    }

    /** Samples per batch when evaluating and predicting: at least 256 (no gradients are kept, so larger batches fit). */
    public int evalBatchSize() {
        return Math.max(256, batchSize);
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
        private boolean decayBiasesAndNorms = true;
        private LrSchedule schedule = LrSchedule.NONE;
        private Metric scheduleMonitor = Metric.VAL_LOSS;
        private Optional<EarlyStopping> earlyStopping = Optional.empty();
        private double labelSmoothing;
        private double disturbLabel;
        private GradientClipping clipping = GradientClipping.NONE;
        private boolean verbose = true;
        private boolean dropLast;
        private int prefetch = 2;
        private Checkpoints checkpoints = Checkpoints.none();
        private final List<Callback> callbacks = new ArrayList<>();
        private Engine engine = Engine.fromSystemProperty();

        /** Starts from the documented defaults (10 epochs, batch 32, seed 42, Adam 1e-3, weight decay on every parameter). */
        public Builder() {}

        /** Starts from {@code from}'s settings. */
        protected Builder(TrainConfig from) {
            epochs = from.epochs;
            batchSize = from.batchSize;
            seed = from.seed;
            loss = from.loss;
            optimizer = from.optimizer;
            decayBiasesAndNorms = from.decayBiasesAndNorms;
            schedule = from.schedule;
            scheduleMonitor = from.scheduleMonitor;
            earlyStopping = from.earlyStopping;
            labelSmoothing = from.labelSmoothing;
            disturbLabel = from.disturbLabel;
            clipping = from.clipping;
            verbose = from.verbose;
            dropLast = from.dropLast;
            prefetch = from.prefetch;
            checkpoints = from.checkpoints;
            callbacks.addAll(from.callbacks);
            engine = from.engine;
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

        /** Whether weight decay also applies to biases and BatchNorm parameters (default {@code true}, as PyTorch). */
        public Builder decayBiasesAndNorms(boolean decayBiasesAndNorms) {
            this.decayBiasesAndNorms = decayBiasesAndNorms;
            return this;
        }

        /** The learning-rate schedule; {@link LrSchedule#NONE} keeps the rate constant. */
        public Builder schedule(LrSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** What a {@code ReduceLROnPlateau} schedule monitors: {@link Metric#VAL_LOSS} (default), or another {@link Metric}. */
        public Builder scheduleMonitor(Metric metric) {
            this.scheduleMonitor = metric;
            return this;
        }

        /** Early stopping (none by default). */
        public Builder earlyStopping(EarlyStopping earlyStopping) {
            this.earlyStopping = Optional.of(earlyStopping);
            return this;
        }

        /** No early stopping, whatever the annotations declared. */
        public Builder noEarlyStopping() {
            this.earlyStopping = Optional.empty();
            return this;
        }

        public Builder labelSmoothing(double labelSmoothing) {
            this.labelSmoothing = labelSmoothing;
            return this;
        }

        /** DisturbLabel's alpha; 0 turns it off. */
        public Builder disturbLabel(double alpha) {
            this.disturbLabel = alpha;
            return this;
        }

        public Builder clipping(GradientClipping clipping) {
            this.clipping = clipping;
            return this;
        }

        public Builder verbose(boolean verbose) {
            this.verbose = verbose;
            return this;
        }

        /** Drop each epoch's last, incomplete training batch. */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Training batches to build ahead on a background thread (0: build each when needed). */
        public Builder prefetch(int batches) {
            this.prefetch = batches;
            return this;
        }

        /** Checkpoints during {@code fit} ({@link Checkpoints#none()}: none, the default). */
        public Builder checkpoints(Checkpoints checkpoints) {
            this.checkpoints = checkpoints;
            return this;
        }

        /** Adds callbacks, called after the built-in ones and after those added before (Keras' {@code callbacks=[...]}). */
        public Builder callbacks(Callback... callbacks) {
            for (Callback c : callbacks) {
                this.callbacks.add(Objects.requireNonNull(c, "callback"));
            }
            return this;
        }

        /** What computes the steps: the planned engine (default) or SameDiff's session, the reference. */
        public Builder engine(Engine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        public TrainConfig build() {
            return new TrainConfig(
                    epochs,
                    batchSize,
                    seed,
                    loss,
                    optimizer,
                    decayBiasesAndNorms,
                    schedule,
                    scheduleMonitor,
                    earlyStopping,
                    labelSmoothing,
                    disturbLabel,
                    clipping,
                    verbose,
                    dropLast,
                    prefetch,
                    checkpoints,
                    callbacks,
                    engine);
        }
    }
}
