package io.netforge.processor.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The training settings of a model: {@code @Train} and the training-technique annotations beside it.
 *
 * @param loss the {@code LossFunction} constant's name
 * @param decayBiasesAndNorms whether the optimizer's weight decay applies to biases and BatchNorm parameters
 * @param labelSmoothing {@code @LabelSmoothing}'s value, 0 when absent
 * @param disturbLabel {@code @DisturbLabel}'s alpha, 0 when absent
 * @param clipping {@code @ClipGradients}, if declared
 * @param schedule the one learning-rate schedule, if declared
 * @param warmup {@code @WarmupLR}, if declared
 * @param earlyStopping {@code @EarlyStopping}, if declared
 */
public record TrainSpec(
        int epochs,
        int batchSize,
        long seed,
        String loss,
        boolean decayBiasesAndNorms,
        double labelSmoothing,
        double disturbLabel,
        Optional<ClipSpec> clipping,
        Optional<ScheduleSpec> schedule,
        Optional<ScheduleSpec.Warmup> warmup,
        Optional<EarlyStoppingSpec> earlyStopping) {
    /** {@code @Train}'s own defaults, used when a model declares none. */
    public static final TrainSpec DEFAULT = new TrainSpec(10, 32, 42, "SOFTMAX_CROSS_ENTROPY");

    public TrainSpec {
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(clipping, "clipping");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(earlyStopping, "earlyStopping");
    }

    /** Only {@code @Train}'s four basic settings; no training techniques. */
    public TrainSpec(int epochs, int batchSize, long seed, String loss) {
        this(
                epochs,
                batchSize,
                seed,
                loss,
                true,
                0,
                0,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** {@code @ClipGradients}: one of the two is positive. */
    public record ClipSpec(double maxNorm, double value) {}

    /** {@code @EarlyStopping}; {@code saveBestTo} is empty for none, {@code mode} a {@code Mode} constant's name. */
    public record EarlyStoppingSpec(
            String monitor,
            String mode,
            int patience,
            double minDelta,
            boolean restoreBestWeights,
            String saveBestTo) {}
}
