package io.netforge.train;

/**
 * Steps the trainer's learning-rate schedule, the one place that does: after every optimizer step for a per-step
 * schedule, after every epoch (validation included) for a per-epoch one, with the configured monitor's value for
 * ReduceLROnPlateau. The schedule's state belongs to the trainer (it carries over to the next {@code fit}).
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
        if (scheduler.interval() == LrSchedule.Interval.STEP) {
            scheduler.step();
        }
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochResult logs) {
        if (scheduler.interval() == LrSchedule.Interval.EPOCH) {
            if (scheduler.needsMetric()) {
                scheduler.step(monitor.of(logs));
            } else {
                scheduler.step();
            }
        }
    }
}
