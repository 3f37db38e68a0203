package io.netforge.train;

import io.netforge.train.inference.Evaluation;
import io.netforge.train.progress.BatchLogs;
import io.netforge.train.progress.EpochResult;
import io.netforge.train.state.State;
import io.netforge.train.state.Stateful;

/**
 * A plug-in of the training loop, as Keras' {@code Callback} and Lightning's {@code Callback}: every hook has an
 * empty default, so a callback overrides only what it needs. {@link Trainer#fit} calls the hooks in this order:
 * <pre>
 * onTrainBegin
 *   onEpochBegin(epoch)                      for each epoch of the run
 *     onBatchBegin(batch), onBatchEnd(logs)  for each training batch (one optimizer step)
 *     onValidationEnd(evaluation)            when fit was given validation data
 *   onEpochEnd(result)                       the epoch's metrics: loss, accuracy, val_loss, val_accuracy, lr
 * onTrainEnd(history)
 * </pre>
 * A callback stops training with {@link TrainingContext#requestStop(String)}: asked for during a batch, the epoch
 * ends after that batch (validation and {@code onEpochEnd} still run); asked for at the end of an epoch, no other
 * epoch starts. The built-in features are callbacks too, called before the user's ones: the progress bar, the
 * {@link History}, the learning-rate schedule, {@link EarlyStopping}; the trainer's {@link Checkpoints} and the
 * off-heap collection run after the user's, so a checkpoint holds what every callback did in that epoch.
 *
 * <p><b>State.</b> A callback whose behaviour depends on what it saw (counters, best values) saves it in
 * {@link #saveState} and takes it back in {@link #loadState}: it is stored in every checkpoint under
 * {@link #stateKey()} and survives a resume. A callback that saves nothing is left out of checkpoints.
 *
 * <p>Hooks run on the training thread, between steps, and may use the trainer freely (evaluate, save weights,
 * read the learning rate). Callbacks are added with the trainer's builder ({@code .callbacks(...)}); one instance
 * belongs to one trainer.
 */
public interface Callback extends Stateful {
    /** Before the first epoch of a {@code fit} (also of a resumed one). */
    default void onTrainBegin(TrainingContext context) {}

    /** Before epoch {@code epoch} (1-based, counted over the trainer's life). */
    default void onEpochBegin(TrainingContext context, int epoch) {}

    /** Before training batch {@code batch} (1-based within the epoch). */
    default void onBatchBegin(TrainingContext context, int batch) {}

    /** After the optimizer step of a training batch. */
    default void onBatchEnd(TrainingContext context, BatchLogs logs) {}

    /** After the validation data was evaluated at the end of an epoch (not called without validation data). */
    default void onValidationEnd(TrainingContext context, Evaluation validation) {}

    /** After an epoch, with its metrics; NaN for the validation metrics without validation data. */
    default void onEpochEnd(TrainingContext context, EpochResult logs) {}

    /** After the last epoch of the run, or after a stop; {@code history} is the run's. */
    default void onTrainEnd(TrainingContext context, History history) {}

    /** Lightning's {@code state_key}: by default the class's name. Override it when a trainer holds two of a kind. */
    @Override
    default String stateKey() {
        return getClass().getName();
    }

    /** Saves nothing by default. */
    @Override
    default void saveState(State state) {}

    /** Called only with state this callback saved; nothing to do by default. */
    @Override
    default void loadState(State state) {}
}
