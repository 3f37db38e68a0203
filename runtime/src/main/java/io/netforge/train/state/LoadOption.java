package io.netforge.train.state;

/**
 * How a loader ({@link Trainer#loadWeights}, {@link Trainer#loadCheckpoint}, {@link Trainer#importSafetensors},
 * {@link Trainer#load}) treats a file whose values it would otherwise refuse (docs/checkpoints.md, "What a loader
 * accepts").
 */
public enum LoadOption {
    /**
     * Accept weights, BatchNorm statistics and optimizer buffers that are NaN or infinite, e.g. to look at the weights
     * of a run that diverged. Without it such a file is refused, naming the array and the first bad position.
     */
    ALLOW_NON_FINITE
}
