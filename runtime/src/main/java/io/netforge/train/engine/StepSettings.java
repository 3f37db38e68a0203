package io.netforge.train.engine;

/**
 * What the engines and inference take of a trainer's settings.
 *
 * @param batchSize samples per training step
 * @param evalBatchSize samples per evaluation batch
 * @param labelSmoothing the targets' smoothing, 0 for one-hot targets
 */
public record StepSettings(int batchSize, int evalBatchSize, double labelSmoothing) {}
