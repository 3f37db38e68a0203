package io.netforge.train;

import io.netforge.graph.NetGraph;
import io.netforge.train.engine.DisturbLabel;
import io.netforge.train.engine.Engine;
import io.netforge.train.engine.Losses;
import io.netforge.train.engine.PlannedEngine;
import io.netforge.train.engine.SameDiffEngine;
import io.netforge.train.engine.StepEngine;
import io.netforge.train.engine.StepSettings;
import io.netforge.train.inference.Inference;
import io.netforge.train.optim.OptimizerState;
import io.netforge.train.state.ModelState;
import io.netforge.train.state.RandomStreams;

/**
 * The working parts of one trainer, made once by {@link Trainer} and handed to what needs them (the run, the steps,
 * the checkpoint codec) so that none of them reaches back into the trainer.
 *
 * @param disturb DisturbLabel's label noise, or null without it
 * @param counters epochs and optimizer steps done over the trainer's life (checkpointed with the run)
 */
record Parts(
        TrainConfig config,
        ModelState model,
        OptimizerState optimizer,
        LrScheduler scheduler,
        RandomStreams rng,
        StepEngine engine,
        Inference inference,
        DisturbLabel disturb,
        Run.Counters counters) {

    /** The parts of a trainer of {@code graph} with {@code config}: the model's state, its optimizer, engine and rest. */
    static Parts of(TrainConfig config, NetGraph graph) {
        ModelState model = new ModelState(graph, config.loss(), config.batchSize());
        RandomStreams rng = new RandomStreams(config.seed());
        DisturbLabel disturb = config.disturbLabel() > 0
                ? new DisturbLabel(config.disturbLabel(), Losses.labelClasses(graph.loss(), graph.classes()))
                : null;
        OptimizerState optimizer =
                new OptimizerState(graph, config.optimizer(), config.clipping(), config.decayBiasesAndNorms());
        StepSettings settings = new StepSettings(config.batchSize(), config.evalBatchSize(), config.labelSmoothing());
        StepEngine engine = config.engine() == Engine.SAMEDIFF
                ? new SameDiffEngine(model, settings, optimizer, rng)
                : new PlannedEngine(model, settings, optimizer, rng);
        LrScheduler scheduler = config.schedule().start(config.optimizer().learningRate());
        return new Parts(
                config,
                model,
                optimizer,
                scheduler,
                rng,
                engine,
                new Inference(model, engine, settings),
                disturb,
                new Run.Counters());
    }
}
