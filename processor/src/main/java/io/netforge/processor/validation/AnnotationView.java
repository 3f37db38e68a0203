package io.netforge.processor.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * One NetForge annotation on one element, read as a mirror: typed values with their defaults, and the
 * {@link Location} of each value for diagnostics.
 */
final class AnnotationView {
    private final Element element;
    private final AnnotationMirror mirror;
    private final Map<String, AnnotationValue> explicit = new HashMap<>();
    private final Map<String, AnnotationValue> withDefaults = new HashMap<>();

    AnnotationView(Element element, AnnotationMirror mirror, Elements elements) {
        this.element = element;
        this.mirror = mirror;
        mirror.getElementValues().forEach((k, v) -> explicit.put(name(k), v));
        elements.getElementValuesWithDefaults(mirror).forEach((k, v) -> withDefaults.put(name(k), v));
    }

    /** The annotation of type {@code qualifiedName} on {@code element}, if present. */
    static Optional<AnnotationView> find(Element element, String qualifiedName, Elements elements) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            if (qualifiedName(mirror).equals(qualifiedName)) {
                return Optional.of(new AnnotationView(element, mirror, elements));
            }
        }
        return Optional.empty();
    }

    static String qualifiedName(AnnotationMirror mirror) {
        return ((TypeElement) mirror.getAnnotationType().asElement())
                .getQualifiedName()
                .toString();
    }

    Element element() {
        return element;
    }

    AnnotationMirror mirror() {
        return mirror;
    }

    /** As written in source: {@code @Conv}. */
    String display() {
        return Names.display(qualifiedName(mirror));
    }

    /** The annotation itself. */
    Location location() {
        return Location.of(element, mirror);
    }

    /** The value of {@code member} if written in source, else the annotation. */
    Location at(String member) {
        return new Location(element, mirror, explicit.get(member));
    }

    /** Whether {@code member} is written in source (not left at its default). */
    boolean isSet(String member) {
        return explicit.containsKey(member);
    }

    int intValue(String member) {
        return ((Number) value(member)).intValue();
    }

    long longValue(String member) {
        return ((Number) value(member)).longValue();
    }

    double doubleValue(String member) {
        return ((Number) value(member)).doubleValue();
    }

    boolean booleanValue(String member) {
        return (Boolean) value(member);
    }

    /** An {@code int[]} value. */
    java.util.List<Integer> intValues(String member) {
        Object v = value(member);
        java.util.List<Integer> ints = new java.util.ArrayList<>();
        for (Object item : (java.util.List<?>) v) {
            ints.add(((Number) ((AnnotationValue) item).getValue()).intValue());
        }
        return ints;
    }

    String stringValue(String member) {
        return (String) value(member);
    }

    /** The simple name of an enum constant value. */
    String enumValue(String member) {
        return ((VariableElement) value(member)).getSimpleName().toString();
    }

    /** A {@code Class} value, as the type it names (an error type if it does not compile). */
    javax.lang.model.type.TypeMirror typeValue(String member) {
        Object v = value(member);
        return v instanceof javax.lang.model.type.TypeMirror t ? t : null;
    }

    /** A nested annotation value, viewed on the same element. */
    AnnotationView annotationValue(String member, Elements elements) {
        return new AnnotationView(element, (AnnotationMirror) value(member), elements);
    }

    private Object value(String member) {
        AnnotationValue value = withDefaults.get(member);
        if (value == null) {
            throw new IllegalArgumentException(
                    display() + " has no member " + member + "; members: " + List.copyOf(withDefaults.keySet()));
        }
        return value.getValue();
    }

    private static String name(ExecutableElement member) {
        return member.getSimpleName().toString();
    }
}
