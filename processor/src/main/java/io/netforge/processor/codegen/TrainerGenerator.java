package io.netforge.processor.codegen;

import static io.netforge.processor.codegen.RuntimeTypes.EARLY_STOPPING;
import static io.netforge.processor.codegen.RuntimeTypes.GRADIENT_CLIPPING;
import static io.netforge.processor.codegen.RuntimeTypes.LOSS_FUNCTION;
import static io.netforge.processor.codegen.RuntimeTypes.LR_SCHEDULE;
import static io.netforge.processor.codegen.RuntimeTypes.METRIC;
import static io.netforge.processor.codegen.RuntimeTypes.MODE;
import static io.netforge.processor.codegen.RuntimeTypes.OPTIMIZER_ADAM;
import static io.netforge.processor.codegen.RuntimeTypes.OPTIMIZER_ADAM_W;
import static io.netforge.processor.codegen.RuntimeTypes.OPTIMIZER_ADA_GRAD;
import static io.netforge.processor.codegen.RuntimeTypes.OPTIMIZER_RMS_PROP;
import static io.netforge.processor.codegen.RuntimeTypes.OPTIMIZER_SGD;
import static io.netforge.processor.codegen.RuntimeTypes.OPTIONAL;
import static io.netforge.processor.codegen.RuntimeTypes.PATH;
import static io.netforge.processor.codegen.RuntimeTypes.TRAINER;
import static io.netforge.processor.codegen.RuntimeTypes.TRAINER_BUILDER;
import static io.netforge.processor.codegen.RuntimeTypes.TRAIN_CONFIG;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import io.netforge.processor.model.AdaGradSpec;
import io.netforge.processor.model.AdamSpec;
import io.netforge.processor.model.AdamWSpec;
import io.netforge.processor.model.ModelSpec;
import io.netforge.processor.model.OptimizerSpec;
import io.netforge.processor.model.RmsPropSpec;
import io.netforge.processor.model.ScheduleSpec;
import io.netforge.processor.model.SgdSpec;
import io.netforge.processor.model.TrainSpec;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Modifier;
import javax.lang.model.util.Elements;

/**
 * Writes {@code <Model>Trainer}: a {@code Trainer} whose defaults are the model's training annotations,
 * with a builder to override them at run time.
 */
public final class TrainerGenerator extends SourceFileGenerator {

    /** Whether the runtime the generated code calls is on the class path being compiled against. */
    public static boolean runtimePresent(Elements elements) {
        return elements.getTypeElement(TRAINER.canonicalName()) != null;
    }

    public TrainerGenerator(Filer filer, Elements elements) {
        super(filer, elements);
    }

    @Override
    public String fileName(ModelSpec model) {
        return Naming.trainer(model).canonicalName();
    }

    @Override
    public TypeSpec.Builder write(ModelSpec model) {
        ClassName self = Naming.trainer(model);
        ClassName modelClass = Naming.model(model);
        return TypeSpec.classBuilder(self)
                .addJavadoc("Trains, evaluates and runs {@link $T}.\n", modelClass)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(TRAINER)
                .addMethod(MethodSpec.constructorBuilder()
                        .addJavadoc("A trainer with the settings declared on {@link $T}.\n", modelClass)
                        .addModifiers(Modifier.PUBLIC)
                        .addStatement("this(defaults())")
                        .build())
                .addMethod(MethodSpec.constructorBuilder()
                        .addModifiers(Modifier.PUBLIC)
                        .addParameter(TRAIN_CONFIG, "config")
                        .addStatement("super(config, $T::build, $T.SUMMARY)", Naming.graph(model), Naming.graph(model))
                        .build())
                .addField(FieldSpec.builder(modelClass, "model", Modifier.PRIVATE, Modifier.FINAL)
                        .initializer("new $T()", Naming.layers(model))
                        .build())
                .addMethod(MethodSpec.methodBuilder("model")
                        .addJavadoc("The model as declared, each layer field describing its layer: name, output shape,"
                                + " parameters.\n")
                        .addModifiers(Modifier.PUBLIC)
                        .returns(modelClass)
                        .addStatement("return model")
                        .build())
                .addMethod(MethodSpec.methodBuilder("defaults")
                        .addJavadoc("The settings declared by the annotations on {@link $T}.\n", modelClass)
                        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .returns(TRAIN_CONFIG)
                        .addStatement("return $L", defaults(model.train(), model.optimizer()))
                        .build())
                .addMethod(MethodSpec.methodBuilder("builder")
                        .addJavadoc("Starts from {@link #defaults()}; override any setting, then {@code create()}.\n")
                        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .returns(ParameterizedTypeName.get(TRAINER_BUILDER, self))
                        .addStatement("return new $T<>(defaults(), $T::new)", TRAINER_BUILDER, self)
                        .build());
    }

    /** The builder chain: {@code @Train}'s four settings and the optimizer always, the techniques when declared. */
    private static CodeBlock defaults(TrainSpec train, OptimizerSpec optimizer) {
        CodeBlock.Builder chain = CodeBlock.builder()
                .add(
                        "$T.builder().epochs($L).batchSize($L).seed($L).loss($T.$L)",
                        TRAIN_CONFIG,
                        train.epochs(),
                        train.batchSize(),
                        Literals.of(train.seed()),
                        LOSS_FUNCTION,
                        train.loss())
                .add("\n.optimizer($L)", optimizer(optimizer));
        if (!train.decayBiasesAndNorms()) {
            chain.add("\n.decayBiasesAndNorms(false)");
        }
        schedule(train).ifPresent(s -> chain.add("\n.schedule($L)", s));
        train.schedule()
                .filter(s -> s instanceof ScheduleSpec.Plateau)
                .map(s -> ((ScheduleSpec.Plateau) s).monitor())
                .filter(monitor -> !monitor.equals("val_loss"))
                .ifPresent(monitor -> chain.add("\n.scheduleMonitor($L)", metric(monitor)));
        train.earlyStopping()
                .ifPresent(e -> chain.add(
                        "\n.earlyStopping(new $T($L, $T.$L, $L, $L, $L, $L))",
                        EARLY_STOPPING,
                        metric(e.monitor()),
                        MODE,
                        e.mode(),
                        e.patience(),
                        Literals.of(e.minDelta()),
                        e.restoreBestWeights(),
                        e.saveBestTo().isEmpty()
                                ? CodeBlock.of("$T.empty()", OPTIONAL)
                                : CodeBlock.of("$T.of($T.of($S))", OPTIONAL, PATH, e.saveBestTo())));
        if (train.labelSmoothing() != 0) {
            chain.add("\n.labelSmoothing($L)", Literals.of(train.labelSmoothing()));
        }
        if (train.disturbLabel() != 0) {
            chain.add("\n.disturbLabel($L)", Literals.of(train.disturbLabel()));
        }
        train.clipping()
                .ifPresent(c -> chain.add(
                        c.maxNorm() > 0 ? "\n.clipping($T.byNorm($L))" : "\n.clipping($T.byValue($L))",
                        GRADIENT_CLIPPING,
                        Literals.of(c.maxNorm() > 0 ? c.maxNorm() : c.value())));
        return chain.add("\n.build()").build();
    }

    /** {@code Metric.VAL_LOSS} for {@code "val_loss"} (a name the validation step has checked). */
    private static CodeBlock metric(String name) {
        return CodeBlock.of("$T.$L", METRIC, name.toUpperCase(java.util.Locale.ROOT));
    }

    static CodeBlock optimizer(OptimizerSpec optimizer) {
        if (optimizer instanceof SgdSpec s) {
            return CodeBlock.of(
                    "new $T($L, $L, $L, $L, $L)",
                    OPTIMIZER_SGD,
                    Literals.of(s.learningRate()),
                    Literals.of(s.momentum()),
                    Literals.of(s.dampening()),
                    s.nesterov(),
                    Literals.of(s.weightDecay()));
        }
        if (optimizer instanceof AdamWSpec a) {
            return CodeBlock.of(
                    "new $T($L, $L, $L, $L, $L)",
                    OPTIMIZER_ADAM_W,
                    Literals.of(a.learningRate()),
                    Literals.of(a.beta1()),
                    Literals.of(a.beta2()),
                    Literals.of(a.eps()),
                    Literals.of(a.weightDecay()));
        }
        if (optimizer instanceof AdaGradSpec a) {
            return CodeBlock.of(
                    "new $T($L, $L, $L, $L, $L)",
                    OPTIMIZER_ADA_GRAD,
                    Literals.of(a.learningRate()),
                    Literals.of(a.lrDecay()),
                    Literals.of(a.weightDecay()),
                    Literals.of(a.initialAccumulator()),
                    Literals.of(a.eps()));
        }
        if (optimizer instanceof RmsPropSpec r) {
            return CodeBlock.of(
                    "new $T($L, $L, $L, $L, $L, $L)",
                    OPTIMIZER_RMS_PROP,
                    Literals.of(r.learningRate()),
                    Literals.of(r.alpha()),
                    Literals.of(r.eps()),
                    Literals.of(r.weightDecay()),
                    Literals.of(r.momentum()),
                    r.centered());
        }
        AdamSpec a = (AdamSpec) optimizer;
        return CodeBlock.of(
                "new $T($L, $L, $L, $L, $L)",
                OPTIMIZER_ADAM,
                Literals.of(a.learningRate()),
                Literals.of(a.beta1()),
                Literals.of(a.beta2()),
                Literals.of(a.eps()),
                Literals.of(a.weightDecay()));
    }

    /** The {@code LrSchedule} of the schedule annotation, with {@code @WarmupLR} multiplied on; empty when neither. */
    static Optional<CodeBlock> schedule(TrainSpec train) {
        Optional<CodeBlock> schedule = train.schedule().map(TrainerGenerator::schedule);
        if (train.warmup().isEmpty()) {
            return schedule;
        }
        ScheduleSpec.Warmup w = train.warmup().get();
        CodeBlock base =
                schedule.orElseGet(() -> CodeBlock.of("new $T.Constant($L)", LR_SCHEDULE, interval(w.interval())));
        return Optional.of(CodeBlock.of("$L.withWarmup($L, $L)", base, w.steps(), Literals.of(w.startFactor())));
    }

    private static CodeBlock schedule(ScheduleSpec spec) {
        if (spec instanceof ScheduleSpec.Step s) {
            return CodeBlock.of(
                    "new $T.Step($L, $L, $L)",
                    LR_SCHEDULE,
                    s.stepSize(),
                    Literals.of(s.gamma()),
                    interval(s.interval()));
        }
        if (spec instanceof ScheduleSpec.MultiStep m) {
            String milestones = m.milestones().stream().map(String::valueOf).collect(Collectors.joining(", "));
            return CodeBlock.of(
                    "new $T.MultiStep($T.of($L), $L, $L)",
                    LR_SCHEDULE,
                    List.class,
                    milestones,
                    Literals.of(m.gamma()),
                    interval(m.interval()));
        }
        if (spec instanceof ScheduleSpec.Exponential e) {
            return CodeBlock.of(
                    "new $T.Exponential($L, $L)", LR_SCHEDULE, Literals.of(e.gamma()), interval(e.interval()));
        }
        if (spec instanceof ScheduleSpec.Cosine c) {
            return CodeBlock.of(
                    "new $T.CosineAnnealing($L, $L, $L)",
                    LR_SCHEDULE,
                    c.tMax(),
                    Literals.of(c.etaMin()),
                    interval(c.interval()));
        }
        ScheduleSpec.Plateau p = (ScheduleSpec.Plateau) spec;
        boolean max = p.mode().equals("MAX")
                || (p.mode().equals("AUTO") && p.monitor().endsWith("accuracy"));
        return CodeBlock.of(
                "new $T.ReduceOnPlateau($T.Mode.$L, $L, $L, $L, $T.ThresholdMode.$L, $L, $L, 1.0E-8, $T.Interval.EPOCH)",
                LR_SCHEDULE,
                LR_SCHEDULE,
                max ? "MAX" : "MIN",
                Literals.of(p.factor()),
                p.patience(),
                Literals.of(p.threshold()),
                LR_SCHEDULE,
                p.thresholdMode(),
                p.cooldown(),
                Literals.of(p.minLr()),
                LR_SCHEDULE);
    }

    private static CodeBlock interval(String interval) {
        return CodeBlock.of("$T.Interval.$L", LR_SCHEDULE, interval);
    }
}
