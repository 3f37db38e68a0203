package io.netforge.train.engine;

/**
 * One training step's outcome, as a {@link StepEngine} or a {@link TrainingStrategy} reports it.
 *
 * @param loss the batch's mean loss with weight penalties
 * @param correct correct predictions of the batch (training mode, before the update)
 * @param size samples in the batch
 */
public record StepResult(double loss, long correct, int size) {}
