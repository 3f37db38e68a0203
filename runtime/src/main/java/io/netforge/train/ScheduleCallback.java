package io.netforge.train;

/**
 * Steps the trainer's learning-rate schedule during {@code fit}: after every optimizer step and every epoch
 * (validation included), by {@link LrScheduler}'s one rule ({@code afterStep}, {@code afterEpoch}), with the
 * configured monitor's value for ReduceLROnPlateau. The schedule's state belongs to the trainer (it carries over to the next {@code fit}).
 */
final class ScheduleCallback implements Callback {
    private final LrScheduler scheduler;
    private final Metric monitor;

    ScheduleCallback(LrScheduler scheduler, Metric monitor) {
        this.scheduler = scheduler;
        this.monitor = monitor;
    }

    @Override
    public void onBatchEnd(TrainingContext context, BatchLogs logs) {
        scheduler.afterStep();
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochResult logs) {
        scheduler.afterEpoch(() -> monitor.of(logs));
    }
}
