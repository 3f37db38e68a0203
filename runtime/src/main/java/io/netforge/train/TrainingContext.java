package io.netforge.train;

import java.io.PrintStream;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Callback} sees of the running {@code fit}: the trainer, where the run stands, where progress goes,
 * and the way to stop it.
 */
public final class TrainingContext {
    private final Trainer trainer;
    private final Run run;
    private final Network.Parts parts;
    private final PrintStream console;
    private final boolean validation;
    private final int batchesPerEpoch;
    private String stopReason;

    TrainingContext(
            Trainer trainer,
            Run run,
            Network.Parts parts,
            PrintStream console,
            boolean validation,
            int batchesPerEpoch) {
        this.trainer = trainer;
        this.run = run;
        this.parts = parts;
        this.console = console;
        this.validation = validation;
        this.batchesPerEpoch = batchesPerEpoch;
    }

    /** The trainer being fit: its model, settings, evaluation and files. */
    public Trainer trainer() {
        return trainer;
    }

    /** Epochs done so far by the trainer, over its life (a resumed run counts the epochs before the resume). */
    public int epochsDone() {
        return trainer.epochsDone();
    }

    /** The epoch this run ends after, unless stopped earlier. */
    public int lastEpoch() {
        return run.lastEpoch;
    }

    /** Epochs done when this run started (0 for a first run, the checkpoint's epoch for a resumed one). */
    public int firstEpoch() {
        return run.firstEpoch;
    }

    /** Training batches (optimizer steps) per epoch. */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** Optimizer steps taken by this trainer so far. */
    public long globalStep() {
        return trainer.globalStep();
    }

    /** Whether fit was given validation data (so the {@code val_} metrics are numbers). */
    public boolean hasValidation() {
        return validation;
    }

    /** The learning rate the next step uses. */
    public double learningRate() {
        return trainer.learningRate();
    }

    /** The run's history so far. */
    public History history() {
        return run.history;
    }

    /** Where progress and messages go (the trainer's {@code progressTo}); print only when {@link #verbose()}. */
    public PrintStream console() {
        return console;
    }

    /** Whether the trainer prints progress ({@code verbose} setting). */
    public boolean verbose() {
        return trainer.config().verbose();
    }

    /**
     * Asks the loop to stop, as Keras' {@code model.stop_training = True}: after the current batch when called during
     * one, else before the next epoch. The first reason given is kept.
     */
    public void requestStop(String reason) {
        if (stopReason == null) {
            stopReason = Objects.requireNonNull(reason, "reason");
        }
    }

    /** Whether a callback asked to stop. */
    public boolean stopRequested() {
        return stopReason != null;
    }

    /** Why training stops early, if a callback asked it to. */
    public Optional<String> stopReason() {
        return Optional.ofNullable(stopReason);
    }

    /** Whether the epoch that just ended is the run's last: its final epoch, or a stop was asked for. */
    public boolean isLastEpoch() {
        return trainer.epochsDone() >= run.lastEpoch || stopRequested();
    }

    /** The run being fit and the trainer's parts: what a built-in callback writing a checkpoint encodes. */
    Run run() {
        return run;
    }

    Network.Parts parts() {
        return parts;
    }
}
