package io.netforge.train.progress;

/**
 * What {@link Callback#onBatchEnd} receives after one optimizer step.
 *
 * @param epoch the epoch (1-based, over the trainer's life)
 * @param batch the batch within the epoch (1-based)
 * @param size the batch's samples
 * @param loss the batch's mean loss with weight penalties
 * @param correct the batch's correct predictions (training mode, before the step)
 * @param epochLoss the epoch's mean loss so far
 * @param epochAccuracy the epoch's accuracy so far
 * @param learningRate the learning rate this step used
 * @param globalStep optimizer steps taken by this trainer, this one included
 */
public record BatchLogs(
        int epoch,
        int batch,
        int size,
        double loss,
        long correct,
        double epochLoss,
        double epochAccuracy,
        double learningRate,
        long globalStep) {}
