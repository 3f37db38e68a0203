package io.netforge.processor.model;

import java.util.List;

/** A learning-rate schedule annotation; {@code interval} is an {@code Interval} constant's name. */
public sealed interface ScheduleSpec {
    /** {@code @StepLR}. */
    record Step(int stepSize, double gamma, String interval) implements ScheduleSpec {}

    /** {@code @MultiStepLR}. */
    record MultiStep(List<Integer> milestones, double gamma, String interval) implements ScheduleSpec {
        public MultiStep {
            milestones = List.copyOf(milestones);
        }
    }

    /** {@code @ExponentialLR}. */
    record Exponential(double gamma, String interval) implements ScheduleSpec {}

    /** {@code @CosineAnnealingLR}. */
    record Cosine(int tMax, double etaMin, String interval) implements ScheduleSpec {}

    /** {@code @ReduceLROnPlateau}; {@code mode} and {@code thresholdMode} are enum constants' names. */
    record Plateau(
            String monitor,
            String mode,
            double factor,
            int patience,
            double threshold,
            String thresholdMode,
            int cooldown,
            double minLr)
            implements ScheduleSpec {}

    /** {@code @WarmupLR}, which combines with one of the others. */
    record Warmup(int steps, double startFactor, String interval) {}
}
