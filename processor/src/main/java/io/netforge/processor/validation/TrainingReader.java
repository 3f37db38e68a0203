package io.netforge.processor.validation;

import io.netforge.processor.model.AdaGradSpec;
import io.netforge.processor.model.AdamSpec;
import io.netforge.processor.model.AdamWSpec;
import io.netforge.processor.model.OptimizerSpec;
import io.netforge.processor.model.RmsPropSpec;
import io.netforge.processor.model.ScheduleSpec;
import io.netforge.processor.model.SgdSpec;
import io.netforge.processor.model.TrainSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Reads the training annotations of a model class: {@code @Train}, its one optimizer, its one learning-rate
 * schedule (plus {@code @WarmupLR}), {@code @EarlyStopping}, {@code @LabelSmoothing}, {@code @DisturbLabel}
 * and {@code @ClipGradients}, checking every value against what PyTorch accepts.
 */
final class TrainingReader {
    private final Elements elements;
    private final Diagnostics diagnostics;

    TrainingReader(Elements elements, Diagnostics diagnostics) {
        this.elements = elements;
        this.diagnostics = diagnostics;
    }

    TrainSpec train(TypeElement type, ValueChecks check) {
        TrainSpec basic = AnnotationView.find(type, Names.TRAIN, elements)
                .map(a -> new TrainSpec(
                        check.positiveInt(a, "epochs", "epochs"),
                        check.positiveInt(a, "batchSize", "batchSize"),
                        a.longValue("seed"),
                        a.enumValue("loss"),
                        a.booleanValue("decayBiasesAndNorms"),
                        0,
                        0,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()))
                .orElse(TrainSpec.DEFAULT);
        double smoothing = find(type, Names.LABEL_SMOOTHING)
                .map(a -> check.inRange(a, "value", "value", 0, 1, false))
                .orElse(0.0);
        double disturb = find(type, Names.DISTURB_LABEL)
                .map(a -> check.inRange(a, "alpha", "alpha", 0, 1, true))
                .orElse(0.0);
        Optional<TrainSpec.ClipSpec> clip = find(type, Names.CLIP_GRADIENTS).map(a -> clipping(a, check));
        Optional<ScheduleSpec> schedule = schedule(type, check);
        Optional<ScheduleSpec.Warmup> warmup = find(type, Names.WARMUP_LR)
                .map(a -> new ScheduleSpec.Warmup(
                        check.positiveInt(a, "steps", "steps"),
                        check.inRange(a, "startFactor", "startFactor", 0, false, 1, true),
                        a.enumValue("interval")));
        if (warmup.isPresent() && schedule.isPresent()) {
            String scheduleInterval = interval(schedule.get());
            if (!scheduleInterval.equals(warmup.get().interval())) {
                AnnotationView w = find(type, Names.WARMUP_LR).orElseThrow();
                diagnostics.report(
                        Message.WARMUP_INTERVAL,
                        w.at("interval"),
                        type.getSimpleName(),
                        warmup.get().interval(),
                        scheduleName(type),
                        scheduleInterval);
            }
        }
        Optional<TrainSpec.EarlyStoppingSpec> early = find(type, Names.EARLY_STOPPING)
                .map(a -> new TrainSpec.EarlyStoppingSpec(
                        monitor(a),
                        a.enumValue("mode"),
                        check.nonNegativeInt(a, "patience", "patience", "an integer >= 0"),
                        check.nonNegative(a, "minDelta", "minDelta"),
                        a.booleanValue("restoreBestWeights"),
                        a.stringValue("saveBestTo")));
        return new TrainSpec(
                basic.epochs(),
                basic.batchSize(),
                basic.seed(),
                basic.loss(),
                basic.decayBiasesAndNorms(),
                smoothing,
                disturb,
                clip,
                schedule,
                warmup,
                early);
    }

    /** A schedule's decay factor: in (0, 1], as the runtime requires (a gamma above 1 would raise the rate). */
    private static double gamma(AnnotationView a, ValueChecks check) {
        return check.inRange(a, "gamma", "gamma", 0, false, 1, true);
    }

    private static String interval(ScheduleSpec s) {
        if (s instanceof ScheduleSpec.Step x) {
            return x.interval();
        }
        if (s instanceof ScheduleSpec.MultiStep x) {
            return x.interval();
        }
        if (s instanceof ScheduleSpec.Exponential x) {
            return x.interval();
        }
        if (s instanceof ScheduleSpec.Cosine x) {
            return x.interval();
        }
        return "EPOCH";
    }

    private String scheduleName(TypeElement type) {
        for (AnnotationMirror mirror : type.getAnnotationMirrors()) {
            if (Names.SCHEDULES.contains(AnnotationView.qualifiedName(mirror))) {
                return Names.display(AnnotationView.qualifiedName(mirror));
            }
        }
        return "the schedule";
    }

    /** The declared optimizer (the first, if two are), else Adam with its defaults. */
    OptimizerSpec optimizer(TypeElement type, ValueChecks check) {
        List<AnnotationView> declared = declared(type, Names.OPTIMIZERS, Message.TWO_OPTIMIZERS);
        if (declared.isEmpty()) {
            return AdamSpec.DEFAULT;
        }
        List<OptimizerSpec> specs =
                declared.stream().map(a -> optimizer(a, check)).toList();
        return specs.get(0);
    }

    private Optional<ScheduleSpec> schedule(TypeElement type, ValueChecks check) {
        List<AnnotationView> declared = declared(type, Names.SCHEDULES, Message.TWO_SCHEDULES);
        List<ScheduleSpec> specs =
                declared.stream().map(a -> schedule(a, check)).toList();
        return specs.stream().findFirst();
    }

    /** The annotations of {@code names} on {@code type}; a second one is reported with {@code two}. */
    private List<AnnotationView> declared(TypeElement type, List<String> names, Message two) {
        List<AnnotationView> declared = new ArrayList<>();
        for (AnnotationMirror mirror : type.getAnnotationMirrors()) {
            if (names.contains(AnnotationView.qualifiedName(mirror))) {
                declared.add(new AnnotationView(type, mirror, elements));
            }
        }
        for (int i = 1; i < declared.size(); i++) {
            diagnostics.report(
                    two,
                    declared.get(i).location(),
                    type.getSimpleName(),
                    declared.get(0).display(),
                    declared.get(i).display());
        }
        return declared;
    }

    private Optional<AnnotationView> find(TypeElement type, String name) {
        return AnnotationView.find(type, name, elements);
    }

    /** The largest learning rate the runtime takes (docs/annotations.md, the optimizers). */
    private static final double MAX_LEARNING_RATE = 1e6;

    private OptimizerSpec optimizer(AnnotationView a, ValueChecks check) {
        String name = AnnotationView.qualifiedName(a.mirror());
        double lr = check.positive(a, "learningRate", "learningRate");
        if (lr > MAX_LEARNING_RATE && !Double.isInfinite(lr)) { // the runtime's ceiling: docs/annotations.md
            check.inRange(a, "learningRate", "learningRate", 0, false, MAX_LEARNING_RATE, true);
        }
        if (name.equals(Names.SGD)) {
            double momentum = check.inRange(a, "momentum", "momentum", 0, 1, false);
            double dampening = check.inRange(a, "dampening", "dampening", 0, 1, true);
            boolean nesterov = a.booleanValue("nesterov");
            if (nesterov && (momentum == 0 || dampening != 0)) {
                diagnostics.report(
                        Message.NESTEROV_WITHOUT_MOMENTUM,
                        a.at("nesterov"),
                        a.element().getSimpleName(),
                        momentum,
                        dampening);
            }
            return new SgdSpec(lr, momentum, dampening, nesterov, check.nonNegative(a, "weightDecay", "weightDecay"));
        } else if (name.equals(Names.ADAM_W)) {
            return new AdamWSpec(
                    lr,
                    beta(a, check, "beta1"),
                    beta(a, check, "beta2"),
                    check.positive(a, "eps", "eps"),
                    check.nonNegative(a, "weightDecay", "weightDecay"));
        } else if (name.equals(Names.ADA_GRAD)) {
            return new AdaGradSpec(
                    lr,
                    check.nonNegative(a, "lrDecay", "lrDecay"),
                    check.nonNegative(a, "weightDecay", "weightDecay"),
                    check.nonNegative(a, "initialAccumulator", "initialAccumulator"),
                    check.positive(a, "eps", "eps"));
        } else if (name.equals(Names.RMS_PROP)) {
            return new RmsPropSpec(
                    lr,
                    check.inRange(a, "alpha", "alpha", 0, 1, false),
                    check.positive(a, "eps", "eps"),
                    check.nonNegative(a, "weightDecay", "weightDecay"),
                    check.inRange(a, "momentum", "momentum", 0, 1, false),
                    a.booleanValue("centered"));
        } else {
            return new AdamSpec(
                    lr,
                    beta(a, check, "beta1"),
                    beta(a, check, "beta2"),
                    check.positive(a, "eps", "eps"),
                    check.nonNegative(a, "weightDecay", "weightDecay"));
        }
    }

    private static double beta(AnnotationView a, ValueChecks check, String member) {
        return check.inRange(a, member, member, 0, 1, false);
    }

    private ScheduleSpec schedule(AnnotationView a, ValueChecks check) {
        String name = AnnotationView.qualifiedName(a.mirror());
        if (name.equals(Names.STEP_LR)) {
            return new ScheduleSpec.Step(
                    check.positiveInt(a, "stepSize", "stepSize"), gamma(a, check), a.enumValue("interval"));
        } else if (name.equals(Names.MULTI_STEP_LR)) {
            List<Integer> milestones = a.intValues("milestones");
            boolean increasing = !milestones.isEmpty() && milestones.get(0) > 0;
            for (int i = 1; i < milestones.size(); i++) {
                increasing &= milestones.get(i) > milestones.get(i - 1);
            }
            if (!increasing) {
                diagnostics.report(
                        Message.MILESTONES_NOT_INCREASING,
                        a.at("milestones"),
                        a.element().getSimpleName(),
                        milestones);
            }
            return new ScheduleSpec.MultiStep(milestones, gamma(a, check), a.enumValue("interval"));
        } else if (name.equals(Names.EXPONENTIAL_LR)) {
            return new ScheduleSpec.Exponential(gamma(a, check), a.enumValue("interval"));
        } else if (name.equals(Names.COSINE_LR)) {
            return new ScheduleSpec.Cosine(
                    check.positiveInt(a, "tMax", "tMax"),
                    check.nonNegative(a, "etaMin", "etaMin"),
                    a.enumValue("interval"));
        } else {
            // the same ranges the runtime's LrSchedule enforces, so a value it would refuse is a javac error
            String metric = monitor(a);
            String mode = a.enumValue("mode");
            boolean minimizes =
                    "MIN".equals(mode) || ("AUTO".equals(mode) && metric != null && !metric.endsWith("accuracy"));
            boolean relativeMin = "REL".equals(a.enumValue("thresholdMode")) && minimizes;
            return new ScheduleSpec.Plateau(
                    metric,
                    mode,
                    check.inRange(a, "factor", "factor", 0, false, 1, false),
                    check.nonNegativeInt(a, "patience", "patience", "an integer >= 0"),
                    relativeMin
                            ? check.inRange(a, "threshold", "threshold", 0, 1, false)
                            : check.nonNegative(a, "threshold", "threshold"),
                    a.enumValue("thresholdMode"),
                    check.nonNegativeInt(a, "cooldown", "cooldown", "an integer >= 0"),
                    check.nonNegative(a, "minLr", "minLr"));
        }
    }

    private String monitor(AnnotationView a) {
        String monitor = a.stringValue("monitor");
        if (!Names.METRICS.contains(monitor)) {
            diagnostics.report(
                    Message.UNKNOWN_METRIC,
                    a.at("monitor"),
                    a.element().getSimpleName(),
                    a.display(),
                    String.join(", ", Names.METRICS),
                    monitor);
        }
        return monitor;
    }

    private TrainSpec.ClipSpec clipping(AnnotationView a, ValueChecks check) {
        double maxNorm = check.nonNegative(a, "maxNorm", "maxNorm");
        double value = check.nonNegative(a, "value", "value");
        if ((maxNorm > 0) == (value > 0)) {
            diagnostics.report(Message.CLIP_NEEDS_ONE, a.location(), a.element().getSimpleName(), maxNorm, value);
        }
        return new TrainSpec.ClipSpec(maxNorm, value);
    }
}
