package io.netforge.graph;

/**
 * What the training loop needs to keep one BatchNorm layer's running statistics, as PyTorch does:
 * {@code running = (1 - momentum) * running + momentum * batch}, with the unbiased batch variance.
 *
 * @param batchMean graph output holding the batch mean (keep-dims shape)
 * @param batchVar graph output holding the biased batch variance (keep-dims shape)
 * @param runningMean constant holding the running mean, shape {@code [C]}
 * @param runningVar constant holding the running variance, shape {@code [C]}
 * @param momentum weight of the batch statistic
 * @param valuesPerChannelPerSample values averaged per channel for one sample (H*W for images, 1 for flat)
 */
public record BatchNormState(
        String batchMean,
        String batchVar,
        String runningMean,
        String runningVar,
        double momentum,
        long valuesPerChannelPerSample) {}
