package com.example;

import io.netforge.annotations.LossFunction;
import io.netforge.annotations.Mode;
import io.netforge.train.EarlyStopping;
import io.netforge.train.GradientClipping;
import io.netforge.train.LrSchedule;
import io.netforge.train.Metric;
import io.netforge.train.Optimizer;
import io.netforge.train.TrainConfig;
import io.netforge.train.Trainer;
import io.netforge.train.TrainerBuilder;
import java.nio.file.Path;
import java.util.Optional;
import javax.annotation.processing.Generated;

/**
 * Trains, evaluates and runs {@link SmallCnn}.
 */
@Generated(
        value = "io.netforge.processor.ModelProcessor",
        comments = "NetForge: see docs/annotations.md"
)
public final class SmallCnnTrainer extends Trainer {
    private final SmallCnn model = new SmallCnnGraph.Layers();

    /**
     * A trainer with the settings declared on {@link SmallCnn}.
     */
    public SmallCnnTrainer() {
        this(defaults());
    }

    public SmallCnnTrainer(TrainConfig config) {
        super(config, SmallCnnGraph::build, SmallCnnGraph.SUMMARY);
    }

    /**
     * The model as declared, each layer field describing its layer: name, output shape, parameters.
     */
    public SmallCnn model() {
        return model;
    }

    /**
     * The settings declared by the annotations on {@link SmallCnn}.
     */
    public static TrainConfig defaults() {
        return TrainConfig.builder().epochs(5).batchSize(64).seed(7L).loss(LossFunction.SOFTMAX_CROSS_ENTROPY)
                .optimizer(new Optimizer.Sgd(0.05, 0.9, 0.0, true, 5.0E-4))
                .decayBiasesAndNorms(false)
                .schedule(new LrSchedule.Step(2, 0.5, LrSchedule.Interval.EPOCH).withWarmup(1, 0.3333333333333333))
                .earlyStopping(new EarlyStopping(Metric.VAL_LOSS, Mode.AUTO, 2, 0.0, true, Optional.of(Path.of("runs/best.nfw"))))
                .labelSmoothing(0.1)
                .disturbLabel(0.05)
                .clipping(GradientClipping.byNorm(5.0))
                .build();
    }

    /**
     * Starts from {@link #defaults()}; override any setting, then {@code create()}.
     */
    public static TrainerBuilder<SmallCnnTrainer> builder() {
        return new TrainerBuilder<>(defaults(), SmallCnnTrainer::new);
    }
}
