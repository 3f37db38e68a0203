package io.netforge.processor.validation;

import java.util.Objects;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Where a diagnostic points, as narrowly as known: an element, optionally one of its annotations, and
 * optionally one value of that annotation (so an IDE underlines {@code 1.5} in {@code @Dropout(1.5)}).
 */
public record Location(Element element, AnnotationMirror mirror, AnnotationValue value) {
    public Location {
        Objects.requireNonNull(element, "element");
        if (value != null && mirror == null) {
            throw new IllegalArgumentException("an annotation value needs its annotation");
        }
    }

    public static Location of(Element element) {
        return new Location(element, null, null);
    }

    public static Location of(Element element, AnnotationMirror mirror) {
        return new Location(element, mirror, null);
    }
}
