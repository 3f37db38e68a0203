package io.netforge.annotations;

/** Whether a monitored metric improves by going down or up; {@code AUTO} infers it from the name (accuracy up, loss down), as Keras does. */
public enum Mode {
    AUTO,
    MIN,
    MAX
}
