package io.netforge.train.optim;

/**
 * What the optimizer state needs of an optimizer's settings ({@code io.netforge.train.Optimizer} is one): fresh
 * per-parameter state, and the text a checkpoint stores to say which optimizer wrote it.
 */
public interface UpdateRule {
    /**
     * Fresh state for one parameter of the given shape.
     *
     * @param decay whether the optimizer's weight decay applies to this parameter
     */
    Updater newUpdater(long[] shape, boolean decay);

    /** The settings as a checkpoint stores them. */
    String kind();

    /**
     * Whether {@code kind}, read from a checkpoint, names an optimizer of this rule's type (whose state this rule can
     * continue from).
     *
     * @throws IllegalArgumentException when {@code kind} is not an optimizer's text
     */
    boolean sameType(String kind);

    /**
     * Whether {@code kind} names this rule with the same settings but perhaps another learning rate (so that its
     * state has the same buffers).
     *
     * @throws IllegalArgumentException when {@code kind} is not an optimizer's text
     */
    boolean sameSettings(String kind);
}
