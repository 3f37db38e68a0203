package io.netforge.processor.validation;

import io.netforge.processor.model.InitSpec;
import io.netforge.processor.model.LayerSpec;
import io.netforge.processor.model.ModelSpec;
import io.netforge.processor.model.OptimizerSpec;
import io.netforge.processor.model.PenaltySpec;
import io.netforge.processor.model.Shape;
import io.netforge.processor.model.TrainSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads one {@code @Model} class into a {@link ModelSpec}, reporting every problem found on the narrowest
 * element, annotation and value. All of a class's errors are reported; the model is returned only when
 * there were none.
 */
public final class ModelValidator {
    private final Elements elements;
    private final Types types;
    private final Messager messager;

    public ModelValidator(Elements elements, Types types, Messager messager) {
        this.elements = elements;
        this.types = types;
        this.messager = messager;
    }

    public Optional<ModelSpec> validate(TypeElement type) {
        Diagnostics diagnostics = new Diagnostics(messager);
        AnnotationView model = AnnotationView.find(type, Names.MODEL, elements)
                .orElseThrow(() -> new IllegalArgumentException(type + " is not annotated with @Model"));
        String name = type.getSimpleName().toString();
        if (type.getKind() != ElementKind.CLASS) {
            diagnostics.report(
                    Message.MODEL_NOT_A_CLASS, model.location(), type.getQualifiedName(), kindText(type.getKind()));
            return Optional.empty();
        }
        checkClass(type, model, diagnostics);

        ValueChecks check = new ValueChecks(diagnostics, name);
        Shape input = input(model, diagnostics);
        int classes =
                check.nonNegativeInt(model, "classes", "classes", "0 (the last layer's width) or a positive integer");
        String task = model.enumValue("task");
        boolean regression = "REGRESSION".equals(task);
        boolean perStep = "CLASS_PER_STEP".equals(task);
        TrainingReader training = new TrainingReader(elements, diagnostics);
        TrainSpec train = training.train(type, check);
        if (regression) {
            train = regressionTraining(type, train, diagnostics);
        } else {
            if (perStep && !"SOFTMAX_CROSS_ENTROPY".equals(train.loss())) {
                AnnotationView t =
                        AnnotationView.find(type, Names.TRAIN, elements).orElseThrow();
                diagnostics.report(Message.PER_STEP_LOSS, t.at("loss"), name, train.loss());
            }
            if (List.of("MAE", "HUBER").contains(train.loss())) {
                AnnotationView t =
                        AnnotationView.find(type, Names.TRAIN, elements).orElseThrow();
                diagnostics.report(Message.CLASSIFIER_REGRESSION_LOSS, t.at("loss"), name, train.loss());
            }
            for (String annotation : List.of(Names.EARLY_STOPPING, Names.PLATEAU_LR)) {
                AnnotationView.find(type, annotation, elements)
                        .filter(a -> List.of("val_mae", "val_rmse").contains(a.stringValue("monitor")))
                        .ifPresent(a -> diagnostics.report(
                                Message.CLASSIFIER_REGRESSION_METRIC, a.at("monitor"), name, a.stringValue("monitor")));
            }
        }
        OptimizerSpec optimizer = training.optimizer(type, check);
        Optional<InitSpec> init =
                AnnotationView.find(type, Names.INIT, elements).map(a -> LayerReader.readInit(a, check));
        PenaltySpec penalty = AnnotationView.find(type, Names.REGULARIZE, elements)
                .map(a -> LayerReader.readPenalty(a, check))
                .orElse(PenaltySpec.NONE);

        LayerReader reader = new LayerReader(elements, types, diagnostics, init, penalty);
        BlockExpander blocks = new BlockExpander(elements, diagnostics, reader);
        List<ReadLayer> layers = new ArrayList<>();
        Map<String, TypeElement> declaredIn = new HashMap<>();
        for (TypeElement declaring : Hierarchy.classes(type)) {
            for (Element e : declaring.getEnclosedElements()) {
                if (LayerReader.isField(e) && BlockExpander.isBlocksField(e, elements)) {
                    TypeElement first = declaredIn.putIfAbsent(e.getSimpleName().toString(), declaring);
                    if (first != null) {
                        diagnostics.report(
                                Message.DUPLICATE_LAYER, Location.of(e), e.getSimpleName(), first.getSimpleName());
                    }
                    layers.addAll(blocks.expand((VariableElement) e, type, layersClass(type), layers.size()));
                } else if (LayerReader.isField(e)) {
                    Optional<ReadLayer> layer = reader.read((VariableElement) e, type, layersClass(type));
                    if (layer.isEmpty()) {
                        continue;
                    }
                    TypeElement first = declaredIn.putIfAbsent(layer.get().name(), declaring);
                    if (first != null) {
                        diagnostics.report(
                                Message.DUPLICATE_LAYER,
                                Location.of(e),
                                layer.get().name(),
                                first.getSimpleName());
                    }
                    layers.add(layer.get());
                }
            }
        }
        if (layers.isEmpty()) {
            diagnostics.report(Message.NO_LAYERS, model.location(), name);
            return Optional.empty();
        }

        ShapeChecker.Result shapes = new ShapeChecker(diagnostics).check(input, layers);
        Shape output = shapes.shape();
        ReadLayer last = layers.get(layers.size() - 1);
        AnnotationView lastOp =
                last.isWellFormed() ? last.ops().get(last.ops().size() - 1).annotation() : null;
        if (perStep && output != null && lastOp != null) {
            if (!(output instanceof Shape.Sequence sequence)) {
                // after an earlier layer's error the shape is a guess (a dense layer's own width): say nothing more
                if (diagnostics.isClean()) {
                    diagnostics.report(Message.PER_STEP_NEEDS_SEQUENCE, lastOp.location(), last.name(), output.text());
                }
            } else if (classes > 0 && sequence.features() != classes) {
                diagnostics.report(
                        Message.CLASSES_MISMATCH, shapes.widthAt(), last.name(), sequence.features(), classes);
            }
        } else if (output != null && !(output instanceof Shape.Flat) && lastOp != null) {
            if (output instanceof Shape.Image) {
                diagnostics.report(Message.LAST_LAYER_NOT_FLAT, lastOp.location(), last.name(), output.text());
            } else {
                diagnostics.report(
                        Message.LAST_LAYER_SEQUENCE,
                        lastOp.location(),
                        last.name(),
                        output.text(),
                        ShapeChecker.sequenceOrigin(input));
            }
        } else if (output instanceof Shape.Flat flat && regression && classes > 0) {
            diagnostics.report(Message.REGRESSION_CLASSES, model.at("classes"), name, classes, flat.features());
        } else if (output instanceof Shape.Flat flat && classes > 0 && flat.features() != classes) {
            diagnostics.report(Message.CLASSES_MISMATCH, shapes.widthAt(), last.name(), flat.features(), classes);
        }
        if (output instanceof Shape.Flat flat
                && !regression
                && flat.features() == 1
                && (classes == 0 || classes == 1)
                && "SOFTMAX_CROSS_ENTROPY".equals(train.loss())
                && shapes.widthAt() != null) {
            diagnostics.report(Message.ONE_OUTPUT_CROSS_ENTROPY, shapes.widthAt(), last.name());
        }
        new LikelyMistakes(diagnostics).check(layers, train);
        if (!diagnostics.isClean()) {
            return Optional.empty();
        }
        List<LayerSpec> specs = layers.stream().map(ReadLayer::spec).toList();
        int resolvedClasses = classes > 0
                ? classes
                : output instanceof Shape.Sequence sequence ? sequence.features() : ((Shape.Flat) output).features();
        return Optional.of(new ModelSpec(
                elements.getPackageOf(type).getQualifiedName().toString(),
                name,
                input,
                specs,
                resolvedClasses,
                train,
                optimizer,
                enclosingNames(type),
                task));
    }

    /**
     * A regression model's training settings: MSE when no loss is written (the annotation's default is a
     * classifier's), and an error on the loss, label techniques and accuracy monitors that need class labels.
     */
    private TrainSpec regressionTraining(TypeElement type, TrainSpec train, Diagnostics diagnostics) {
        String name = type.getSimpleName().toString();
        Optional<AnnotationView> t = AnnotationView.find(type, Names.TRAIN, elements);
        String loss = train.loss();
        if (t.isEmpty() || !t.get().isSet("loss")) {
            loss = "MSE";
        } else if (!List.of("MSE", "MAE", "HUBER").contains(loss)) {
            diagnostics.report(Message.REGRESSION_LOSS, t.get().at("loss"), name, loss);
        }
        for (String annotation : List.of(Names.LABEL_SMOOTHING, Names.DISTURB_LABEL)) {
            AnnotationView.find(type, annotation, elements)
                    .ifPresent(
                            a -> diagnostics.report(Message.REGRESSION_CLASS_SETTING, a.location(), name, a.display()));
        }
        for (String annotation : List.of(Names.EARLY_STOPPING, Names.PLATEAU_LR)) {
            AnnotationView.find(type, annotation, elements)
                    .filter(a -> a.stringValue("monitor").endsWith("accuracy"))
                    .ifPresent(a -> diagnostics.report(
                            Message.REGRESSION_CLASS_SETTING,
                            a.at("monitor"),
                            name,
                            "monitor = \"" + a.stringValue("monitor") + "\""));
        }
        return new TrainSpec(
                train.epochs(),
                train.batchSize(),
                train.seed(),
                loss,
                train.decayBiasesAndNorms(),
                train.labelSmoothing(),
                train.disturbLabel(),
                train.clipping(),
                train.schedule(),
                train.warmup(),
                train.earlyStopping());
    }

    private void checkClass(TypeElement type, AnnotationView model, Diagnostics diagnostics) {
        String name = type.getSimpleName().toString();
        List<String> path = new ArrayList<>(enclosingNames(type));
        path.add(name);
        String stem = String.join("_", path);
        boolean nested = type.getEnclosingElement() instanceof TypeElement;
        if (nested && !type.getModifiers().contains(Modifier.STATIC)) {
            diagnostics.report(Message.MODEL_NOT_STATIC, model.location(), name);
        }
        if (type.getModifiers().contains(Modifier.PRIVATE)) {
            diagnostics.report(Message.MODEL_PRIVATE, model.location(), name, stem + "Graph", stem + "Trainer");
        }
        if (!type.getModifiers().contains(Modifier.ABSTRACT)) {
            diagnostics.report(
                    Message.MODEL_NOT_ABSTRACT,
                    model.location(),
                    name,
                    stem + "Graph",
                    stem + "Trainer",
                    type.getModifiers().contains(Modifier.FINAL)
                            ? "replace `final` with `abstract`"
                            : "add `abstract`");
        }
        if (!type.getTypeParameters().isEmpty()) {
            String parameters =
                    type.getTypeParameters().stream().map(Object::toString).collect(Collectors.joining(", ", "<", ">"));
            diagnostics.report(Message.MODEL_GENERIC, model.location(), name, parameters);
        }
        List<ExecutableElement> constructors = ElementFilter.constructorsIn(type.getEnclosedElements());
        boolean instantiable = constructors.stream()
                .anyMatch(c -> c.getParameters().isEmpty() && !c.getModifiers().contains(Modifier.PRIVATE));
        // a private class's implicit constructor is private too: MODEL_PRIVATE's fix (drop `private`) fixes both
        boolean onlyImplicit = constructors.stream().allMatch(c -> elements.getOrigin(c) == Elements.Origin.MANDATED);
        if (!instantiable && !(onlyImplicit && type.getModifiers().contains(Modifier.PRIVATE))) {
            Element at = constructors.isEmpty() ? type : constructors.get(0);
            diagnostics.report(
                    Message.NO_CONSTRUCTOR,
                    at == type ? model.location() : Location.of(at),
                    name,
                    layersClass(type),
                    name);
        }
        checkSuperclassSettings(type, model, diagnostics);
        for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(type))) {
            if (method.getModifiers().contains(Modifier.ABSTRACT)) {
                Location at = method.getEnclosingElement().equals(type) ? Location.of(method) : model.location();
                diagnostics.report(
                        Message.ABSTRACT_METHOD,
                        at,
                        name,
                        layersClass(type),
                        method.getEnclosingElement().getSimpleName() + "." + method);
            }
        }
    }

    /**
     * The rule for class-level annotations on a model that extends another class (docs/annotations.md, "The model
     * class"): layer fields are inherited, class-level settings ({@code @Train}, the optimizer, the schedule,
     * {@code @Regularize}, {@code @Init}, …) are not, as each generated trainer reads only its own class. A superclass
     * setting the model does not redeclare (an optimizer or a schedule of another kind counts as redeclared) is a
     * warning, so that it is not silently dropped.
     */
    private void checkSuperclassSettings(TypeElement type, AnnotationView model, Diagnostics diagnostics) {
        java.util.Set<String> own = new java.util.HashSet<>();
        for (javax.lang.model.element.AnnotationMirror m : type.getAnnotationMirrors()) {
            own.add(settingGroup(AnnotationView.qualifiedName(m)));
        }
        javax.lang.model.type.TypeMirror parent = type.getSuperclass();
        while (parent instanceof javax.lang.model.type.DeclaredType declared
                && declared.asElement() instanceof TypeElement superclass
                && !superclass.getQualifiedName().contentEquals("java.lang.Object")) {
            List<String> dropped = new ArrayList<>();
            for (javax.lang.model.element.AnnotationMirror m : superclass.getAnnotationMirrors()) {
                String name = AnnotationView.qualifiedName(m);
                if (name.startsWith(Names.PACKAGE + ".")
                        && !name.equals(Names.MODEL)
                        && !name.equals(Names.BLOCK)
                        && own.add(settingGroup(name))) {
                    dropped.add(Names.display(name));
                }
            }
            if (!dropped.isEmpty()) {
                diagnostics.report(
                        Message.SUPERCLASS_SETTINGS_NOT_INHERITED,
                        model.location(),
                        type.getSimpleName(),
                        superclass.getSimpleName(),
                        String.join(", ", dropped),
                        type.getSimpleName());
            }
            parent = superclass.getSuperclass();
        }
    }

    /** Annotations that replace one another count as one setting: any optimizer, any schedule. */
    private static String settingGroup(String annotation) {
        if (Names.OPTIMIZERS.contains(annotation)) {
            return "optimizer";
        }
        if (Names.SCHEDULES.contains(annotation)) {
            return "schedule";
        }
        return annotation;
    }

    /** The generated subclass, for messages: {@code MnistCnnGraph.Layers}. */
    private static String layersClass(TypeElement type) {
        List<String> path = new ArrayList<>(enclosingNames(type));
        path.add(type.getSimpleName().toString());
        return String.join("_", path) + "Graph.Layers";
    }

    /** The input shape, or {@code null} (reported) when {@code @Input} is neither form or both. */
    private Shape input(AnnotationView model, Diagnostics diagnostics) {
        AnnotationView in = model.annotationValue("input", elements);
        int c = in.intValue("channels");
        int h = in.intValue("height");
        int w = in.intValue("width");
        int f = in.intValue("features");
        int t = in.intValue("tokens");
        int v = in.intValue("vocabulary");
        int s = in.intValue("steps");
        boolean image = c > 0 && h > 0 && w > 0;
        boolean flat = f > 0;
        boolean imageMentioned = c != 0 || h != 0 || w != 0;
        boolean tokensMentioned = t != 0 || v != 0;
        int forms = (imageMentioned ? 1 : 0) + (f != 0 || s != 0 ? 1 : 0) + (tokensMentioned ? 1 : 0);
        String name = model.element().getSimpleName().toString();
        if (forms > 1) {
            diagnostics.report(Message.INPUT_TWO_SHAPES, model.at("input"), name, c, h, w, f, t);
            return null;
        }
        if (s != 0) {
            if (s < 0 || f <= 0) {
                diagnostics.report(Message.INPUT_SEQUENCE, model.at("input"), name, s, f);
                return null;
            }
            return new Shape.Sequence(s, f);
        }
        if (image) {
            return new Shape.Image(c, h, w);
        }
        if (flat) {
            return new Shape.Flat(f);
        }
        if (t > 0) {
            if (v < 2) {
                diagnostics.report(Message.INPUT_VOCABULARY, model.at("input"), name, t, v);
                return null;
            }
            return new Shape.Tokens(t, v);
        }
        diagnostics.report(Message.INPUT_NO_SHAPE, model.at("input"), name, c, h, w, f, t);
        return null;
    }

    private static List<String> enclosingNames(TypeElement type) {
        List<String> names = new ArrayList<>();
        for (Element e = type.getEnclosingElement(); e instanceof TypeElement t; e = t.getEnclosingElement()) {
            names.add(0, t.getSimpleName().toString());
        }
        return names;
    }

    private static String kindText(ElementKind kind) {
        return switch (kind) {
            case INTERFACE -> "an interface";
            case ENUM -> "an enum";
            case ANNOTATION_TYPE -> "an annotation type";
            case RECORD -> "a record";
            default -> "a " + kind.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
