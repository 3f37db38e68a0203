package io.netforge.annotations;

/** How often a learning-rate schedule advances: after every epoch (PyTorch's usual {@code scheduler.step()} per epoch) or after every optimizer step. */
public enum Interval {
    EPOCH,
    STEP
}
