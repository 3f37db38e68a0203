package io.netforge.train;

import io.netforge.train.engine.Engine;
import java.util.function.Function;

/**
 * A {@link TrainConfig.Builder} that builds a typed trainer; generated trainers return one from
 * {@code builder()}, pre-filled with the model's annotated defaults.
 */
public final class TrainerBuilder<T extends Trainer> extends TrainConfig.Builder {
    private final Function<TrainConfig, T> factory;

    public TrainerBuilder(TrainConfig defaults, Function<TrainConfig, T> factory) {
        super(defaults);
        this.factory = factory;
    }

    @Override
    public TrainerBuilder<T> epochs(int epochs) {
        super.epochs(epochs);
        return this;
    }

    @Override
    public TrainerBuilder<T> batchSize(int batchSize) {
        super.batchSize(batchSize);
        return this;
    }

    @Override
    public TrainerBuilder<T> seed(long seed) {
        super.seed(seed);
        return this;
    }

    @Override
    public TrainerBuilder<T> loss(io.netforge.annotations.LossFunction loss) {
        super.loss(loss);
        return this;
    }

    @Override
    public TrainerBuilder<T> optimizer(Optimizer optimizer) {
        super.optimizer(optimizer);
        return this;
    }

    @Override
    public TrainerBuilder<T> learningRate(double learningRate) {
        super.learningRate(learningRate);
        return this;
    }

    @Override
    public TrainerBuilder<T> decayBiasesAndNorms(boolean decayBiasesAndNorms) {
        super.decayBiasesAndNorms(decayBiasesAndNorms);
        return this;
    }

    @Override
    public TrainerBuilder<T> schedule(LrSchedule schedule) {
        super.schedule(schedule);
        return this;
    }

    @Override
    public TrainerBuilder<T> scheduleMonitor(Metric metric) {
        super.scheduleMonitor(metric);
        return this;
    }

    @Override
    public TrainerBuilder<T> earlyStopping(EarlyStopping earlyStopping) {
        super.earlyStopping(earlyStopping);
        return this;
    }

    @Override
    public TrainerBuilder<T> noEarlyStopping() {
        super.noEarlyStopping();
        return this;
    }

    @Override
    public TrainerBuilder<T> labelSmoothing(double labelSmoothing) {
        super.labelSmoothing(labelSmoothing);
        return this;
    }

    @Override
    public TrainerBuilder<T> disturbLabel(double alpha) {
        super.disturbLabel(alpha);
        return this;
    }

    @Override
    public TrainerBuilder<T> clipping(GradientClipping clipping) {
        super.clipping(clipping);
        return this;
    }

    @Override
    public TrainerBuilder<T> verbose(boolean verbose) {
        super.verbose(verbose);
        return this;
    }

    @Override
    public TrainerBuilder<T> dropLast(boolean dropLast) {
        super.dropLast(dropLast);
        return this;
    }

    @Override
    public TrainerBuilder<T> prefetch(int batches) {
        super.prefetch(batches);
        return this;
    }

    @Override
    public TrainerBuilder<T> checkpoints(Checkpoints checkpoints) {
        super.checkpoints(checkpoints);
        return this;
    }

    @Override
    public TrainerBuilder<T> callbacks(Callback... callbacks) {
        super.callbacks(callbacks);
        return this;
    }

    @Override
    public TrainerBuilder<T> engine(Engine engine) {
        super.engine(engine);
        return this;
    }

    /** Validates the settings and creates the trainer (which builds the graph). */
    public T create() {
        return factory.apply(build());
    }
}
