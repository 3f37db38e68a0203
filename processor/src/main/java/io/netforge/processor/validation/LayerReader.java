package io.netforge.processor.validation;

import io.netforge.processor.model.InitSpec;
import io.netforge.processor.model.LayerSpec;
import io.netforge.processor.model.OpSpec;
import io.netforge.processor.model.PenaltySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads the fields of a model into layers: which fields are layers, their annotations in source order,
 * and the {@code @Init}/{@code @Regularize} that apply (the field's own over the model's).
 */
final class LayerReader {
    private final Elements elements;
    private final Types types;
    private final Diagnostics diagnostics;
    private final Optional<InitSpec> defaultInit;
    private final PenaltySpec defaultPenalty;

    LayerReader(
            Elements elements,
            Types types,
            Diagnostics diagnostics,
            Optional<InitSpec> defaultInit,
            PenaltySpec defaultPenalty) {
        this.elements = elements;
        this.types = types;
        this.diagnostics = diagnostics;
        this.defaultInit = defaultInit;
        this.defaultPenalty = defaultPenalty;
    }

    /**
     * The layer this field declares, if it is meant as one (a {@code Layer} field, or any field with NetForge
     * annotations).
     *
     * @param model the {@code @Model} class, whose generated subclass must be able to set the field
     * @param layersClass that subclass's name, for messages
     */
    Optional<ReadLayer> read(VariableElement field, TypeElement model, String layersClass) {
        return read(field, model, layersClass, false);
    }

    /** A field of a {@code @Block} class: sentinels allowed, and nothing generated sets it. */
    Optional<ReadLayer> readBlockField(VariableElement field) {
        return read(field, null, null, true);
    }

    Optional<InitSpec> defaultInit() {
        return defaultInit;
    }

    PenaltySpec defaultPenalty() {
        return defaultPenalty;
    }

    private Optional<ReadLayer> read(VariableElement field, TypeElement model, String layersClass, boolean inBlock) {
        List<AnnotationMirror> netforge = new ArrayList<>();
        List<AnnotationMirror> opMirrors = new ArrayList<>();
        for (AnnotationMirror mirror : field.getAnnotationMirrors()) {
            String name = AnnotationView.qualifiedName(mirror);
            if (name.startsWith(Names.PACKAGE + ".")) {
                netforge.add(mirror);
            }
            if (OpKind.of(name).isPresent()) {
                opMirrors.add(mirror);
            }
        }
        boolean isLayerType = isLayer(field.asType());
        boolean isStatic = field.getModifiers().contains(Modifier.STATIC);
        if (netforge.isEmpty() && (isStatic || !isLayerType)) {
            return Optional.empty();
        }
        String name = field.getSimpleName().toString();
        if (isStatic) {
            diagnostics.report(Message.FIELD_STATIC, Location.of(field, netforge.get(0)), name);
            return Optional.of(new ReadLayer(field, List.of(), null));
        }
        if (!isLayerType) {
            diagnostics.report(
                    Message.FIELD_NOT_LAYER,
                    Location.of(field, netforge.get(0)),
                    name,
                    Names.display(AnnotationView.qualifiedName(netforge.get(0))),
                    field.asType());
            return Optional.of(new ReadLayer(field, List.of(), null));
        }
        if (opMirrors.isEmpty()) {
            Location at = netforge.isEmpty() ? Location.of(field) : Location.of(field, netforge.get(0));
            diagnostics.report(Message.LAYER_WITHOUT_OP, at, name, OpKind.list());
            return Optional.of(new ReadLayer(field, List.of(), null));
        }

        if (!inBlock) {
            checkAssignable(field, model, layersClass);
        }

        ValueChecks check = new ValueChecks(diagnostics, name, inBlock);
        List<ReadOp> ops = new ArrayList<>();
        ReadOp main = null;
        ReadOp activation = null;
        boolean wellFormed = true;
        for (AnnotationMirror mirror : opMirrors) {
            AnnotationView view = new AnnotationView(field, mirror, elements);
            int before = diagnostics.errorCount();
            OpKind kind = OpKind.of(AnnotationView.qualifiedName(mirror)).orElseThrow();
            OpSpec op = kind.read(view, check);
            ReadOp read = new ReadOp(view, op, diagnostics.errorCount() == before);
            if (kind.isActivation()) {
                if (activation != null) {
                    diagnostics.report(
                            Message.TWO_ACTIVATIONS,
                            view.location(),
                            name,
                            activation.annotation().display(),
                            view.display());
                } else {
                    activation = read;
                }
            }
            if (op.isMain()) {
                if (main != null) {
                    diagnostics.report(
                            Message.TWO_MAIN_OPS,
                            view.location(),
                            name,
                            main.annotation().display(),
                            view.display());
                    wellFormed = false;
                } else {
                    main = read;
                }
            }
            ops.add(read);
        }
        Optional<InitSpec> init = AnnotationView.find(field, Names.INIT, elements)
                .map(a -> readInit(a, check))
                .or(() -> defaultInit);
        PenaltySpec penalty = AnnotationView.find(field, Names.REGULARIZE, elements)
                .map(a -> readPenalty(a, check))
                .orElse(defaultPenalty);
        LayerSpec spec =
                wellFormed ? new LayerSpec(name, ops.stream().map(ReadOp::op).toList(), init, penalty) : null;
        return Optional.of(new ReadLayer(field, List.copyOf(ops), spec));
    }

    /** Reports a field the generated {@code Layers} subclass could not set. */
    void checkAssignable(VariableElement field, TypeElement model, String layersClass) {
        Location fieldAt = field.getAnnotationMirrors().stream()
                .filter(m -> AnnotationView.qualifiedName(m).startsWith(Names.PACKAGE + "."))
                .findFirst()
                .map(m -> Location.of(field, m))
                .orElse(Location.of(field));
        String name = field.getSimpleName().toString();
        unassignable(field, model)
                .ifPresent(what -> diagnostics.report(Message.FIELD_NOT_ASSIGNABLE, fieldAt, name, what, layersClass));
    }

    /** Reads {@code @Init}, on a field or on the model. */
    static InitSpec readInit(AnnotationView a, ValueChecks check) {
        String scheme = a.enumValue("value");
        double mean = check.finite(a, "mean", "mean");
        double std = "NORMAL".equals(scheme) ? check.positive(a, "std", "std") : check.finite(a, "std", "std");
        double bias = check.finite(a, "bias", "bias");
        return new InitSpec(scheme, mean, std, bias);
    }

    /** Reads {@code @Regularize}, on a field or on the model. */
    static PenaltySpec readPenalty(AnnotationView a, ValueChecks check) {
        return new PenaltySpec(check.nonNegative(a, "l1", "l1"), check.nonNegative(a, "l2", "l2"));
    }

    /** Why the generated subclass of {@code model} could not set {@code field}, if it could not. */
    private Optional<String> unassignable(VariableElement field, TypeElement model) {
        if (field.getModifiers().contains(Modifier.PRIVATE)) {
            return Optional.of("private");
        }
        if (field.getModifiers().contains(Modifier.FINAL)) {
            return Optional.of("final");
        }
        boolean open = field.getModifiers().contains(Modifier.PUBLIC)
                || field.getModifiers().contains(Modifier.PROTECTED);
        if (!open && !elements.getPackageOf(field).equals(elements.getPackageOf(model))) {
            return Optional.of("package-private in another package than " + model.getSimpleName());
        }
        return Optional.empty();
    }

    boolean isLayer(TypeMirror type) {
        TypeElement layer = elements.getTypeElement(Names.LAYER);
        return layer != null && types.isSameType(type, layer.asType());
    }

    static boolean isField(Element e) {
        return e instanceof VariableElement && e.getKind().isField();
    }
}
