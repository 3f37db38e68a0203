package io.netforge.train.state;

/**
 * Something whose state a checkpoint carries (Lightning's {@code state_key} / {@code state_dict} /
 * {@code load_state_dict}): the model, the optimizer, the schedule, the random streams, the loop's position, and
 * every {@link Callback} that saves any. {@link Trainer#saveCheckpoint} asks each for its state under its key;
 * {@link Trainer#loadCheckpoint} gives each its own back. Keys are stable names: a checkpoint written by one run is
 * read by another.
 */
public interface Stateful {
    /** The key this state is stored under: unique in a trainer, the same from run to run. */
    String stateKey();

    /** Writes the state into {@code state} (empty on entry); writing nothing leaves this owner out of the checkpoint. */
    void saveState(State state);

    /**
     * Continues from {@code state}, written by {@link #saveState} of an owner with the same key.
     *
     * @throws IllegalArgumentException if the state cannot have come from such an owner
     */
    void loadState(State state);
}
