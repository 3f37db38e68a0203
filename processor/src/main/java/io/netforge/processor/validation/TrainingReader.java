package io.netforge.processor.validation;

import io.netforge.processor.model.AdamSpec;
import io.netforge.processor.model.OptimizerSpec;
import io.netforge.processor.model.SgdSpec;
import io.netforge.processor.model.TrainSpec;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** Reads the training annotations of a model class: {@code @Train} and its one optimizer. */
final class TrainingReader {
    private final Elements elements;
    private final Diagnostics diagnostics;

    TrainingReader(Elements elements, Diagnostics diagnostics) {
        this.elements = elements;
        this.diagnostics = diagnostics;
    }

    TrainSpec train(TypeElement type, ValueChecks check) {
        return AnnotationView.find(type, Names.TRAIN, elements)
                .map(a -> new TrainSpec(
                        check.positiveInt(a, "epochs", "epochs"),
                        check.positiveInt(a, "batchSize", "batchSize"),
                        a.longValue("seed"),
                        a.enumValue("loss")))
                .orElse(TrainSpec.DEFAULT);
    }

    /** The declared optimizer (the first, if two are), else Adam with its defaults. */
    OptimizerSpec optimizer(TypeElement type, ValueChecks check) {
        List<AnnotationView> declared = new ArrayList<>();
        for (AnnotationMirror mirror : type.getAnnotationMirrors()) {
            if (Names.OPTIMIZERS.contains(AnnotationView.qualifiedName(mirror))) {
                declared.add(new AnnotationView(type, mirror, elements));
            }
        }
        if (declared.isEmpty()) {
            return AdamSpec.DEFAULT;
        }
        for (int i = 1; i < declared.size(); i++) {
            diagnostics.report(Message.TWO_OPTIMIZERS, declared.get(i).location(), type.getSimpleName(),
                    declared.get(0).display(), declared.get(i).display());
        }
        List<OptimizerSpec> specs = declared.stream().map(a -> read(a, check)).toList();
        return specs.get(0);
    }

    private OptimizerSpec read(AnnotationView a, ValueChecks check) {
        if (AnnotationView.qualifiedName(a.mirror()).equals(Names.SGD)) {
            double lr = check.positive(a, "learningRate", "learningRate");
            double momentum = check.inRange(a, "momentum", "momentum", 0, 1, false);
            boolean nesterov = a.booleanValue("nesterov");
            if (nesterov && momentum == 0) {
                diagnostics.report(Message.NESTEROV_WITHOUT_MOMENTUM, a.at("nesterov"), a.element().getSimpleName(), momentum);
            }
            return new SgdSpec(lr, momentum, nesterov, check.nonNegative(a, "weightDecay", "weightDecay"));
        }
        return new AdamSpec(
                check.positive(a, "learningRate", "learningRate"),
                check.inRange(a, "beta1", "beta1", 0, 1, false),
                check.inRange(a, "beta2", "beta2", 0, 1, false),
                check.positive(a, "eps", "eps"),
                check.nonNegative(a, "weightDecay", "weightDecay"));
    }
}
