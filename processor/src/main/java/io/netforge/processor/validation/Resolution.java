package io.netforge.processor.validation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Whether a model class can be read yet: the types of its fields and annotations, and the constants its
 * annotations use, may come from another processor in a later round (auto-common's
 * {@code SuperficialValidation} in miniature).
 */
public final class Resolution {
    private Resolution() {}

    /**
     * The first element (the class, its superclass, or one of their fields) that refers to something not
     * resolved yet.
     */
    public static Optional<Element> firstUnresolved(TypeElement type) {
        if (hasUnresolvedAnnotation(type) || Hierarchy.hasUnresolvedSuperclass(type)) {
            return Optional.of(type);
        }
        for (TypeElement declaring : Hierarchy.classes(type)) {
            for (Element e : declaring.getEnclosedElements()) {
                if (LayerReader.isField(e) && (e.asType().getKind() == TypeKind.ERROR || hasUnresolvedAnnotation(e))) {
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean hasUnresolvedAnnotation(Element e) {
        for (AnnotationMirror mirror : e.getAnnotationMirrors()) {
            if (isUnresolved(mirror)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnresolved(AnnotationMirror mirror) {
        if (mirror.getAnnotationType().getKind() == TypeKind.ERROR) {
            return true;
        }
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
                mirror.getElementValues().entrySet()) {
            if (isUnresolved(entry.getKey().getReturnType(), entry.getValue().getValue())) {
                return true;
            }
        }
        return false;
    }

    /** javac gives an unresolved constant ({@code @Dense(Sizes.MISSING)}) as a string where none is expected. */
    private static boolean isUnresolved(TypeMirror expected, Object value) {
        if (value instanceof AnnotationMirror nested) {
            return isUnresolved(nested);
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof AnnotationValue v && isUnresolved(expected, v.getValue())) {
                    return true;
                }
            }
            return false;
        }
        return value instanceof String
                && !expected.toString().equals("java.lang.String")
                && !expected.toString().equals("java.lang.String[]");
    }
}
