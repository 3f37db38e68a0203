package io.netforge.train;

import io.netforge.train.progress.EpochResult;
import io.netforge.train.state.ModelState;
import io.netforge.train.state.State;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@link EarlyStopping} as a callback: tracks the monitor after every epoch, keeps the best epoch's weights (and
 * BatchNorm statistics) in memory when they are to be restored, writes them to {@code saveBestTo} whenever they
 * improve, asks the loop to stop after {@code patience} epochs without improvement, and restores the best weights
 * at the end of the run. Checkpointed under {@code early_stopping}: the tracker and the best weights
 * ({@code best/<variable>}).
 */
final class EarlyStoppingCallback implements Callback {
    private final EarlyStopping rule;
    private final ModelState model;
    private final EarlyStopping.Tracker tracker;
    private Map<String, float[]> best;

    EarlyStoppingCallback(EarlyStopping rule, ModelState model) {
        this.rule = rule;
        this.model = model;
        this.tracker = rule.start();
    }

    EarlyStopping.Tracker tracker() {
        return tracker;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        if (tracker.shouldStop()) { // a run resumed after its stopping epoch
            context.requestStop("early stopping");
        }
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochResult logs) {
        if (tracker.update(logs.epoch(), rule.monitor().of(logs))) {
            if (rule.restoreBestWeights()) {
                best = model.snapshot();
            }
            if (rule.saveBestTo().isPresent()) {
                try {
                    context.trainer().saveWeights(rule.saveBestTo().get());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        if (tracker.shouldStop()) {
            context.requestStop("early stopping");
            if (context.verbose()) {
                context.console()
                        .printf(
                                Locale.ROOT,
                                "Early stopping after epoch %d: %s has not improved for %d epochs (best %.4f at"
                                        + " epoch %d)%n",
                                logs.epoch(),
                                rule.monitor(),
                                rule.patience() + 1,
                                tracker.best(),
                                tracker.bestEpoch());
            }
        }
    }

    @Override
    public void onTrainEnd(TrainingContext context, History history) {
        if (rule.restoreBestWeights() && best != null && tracker.bestEpoch() != context.epochsDone()) {
            model.restore(best);
            if (context.verbose()) {
                context.console()
                        .printf(
                                Locale.ROOT,
                                "Restored the weights of epoch %d (%s %.4f)%n",
                                tracker.bestEpoch(),
                                rule.monitor(),
                                tracker.best());
            }
        }
    }

    @Override
    public String stateKey() {
        return "early_stopping";
    }

    @Override
    public void saveState(State state) {
        tracker.save(state);
        if (best != null) {
            for (Map.Entry<String, float[]> e : best.entrySet()) {
                state.put("best/" + e.getKey(), new long[] {e.getValue().length}, e.getValue());
            }
        }
    }

    /** The best weights' names and sizes are checked against the model's. */
    @Override
    public void loadState(State state) {
        tracker.load(state);
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (String name : model.stateNames()) {
            if (state.has("best/" + name)) {
                float[] v = state.floats("best/" + name);
                if (!java.util.Arrays.equals(
                        state.shape("best/" + name),
                        new long[] {model.array(name).length()})) { // stored flat
                    throw new IllegalArgumentException("best weights " + name + " of " + v.length + " values");
                }
                weights.put(name, v);
            }
        }
        if (!weights.isEmpty() && weights.size() != model.stateNames().size()) {
            throw new IllegalArgumentException("incomplete best weights");
        }
        if (state.arrayNames().size() != weights.size()) {
            throw new IllegalArgumentException("unexpected early-stopping arrays");
        }
        best = weights.isEmpty() ? null : weights;
    }
}
