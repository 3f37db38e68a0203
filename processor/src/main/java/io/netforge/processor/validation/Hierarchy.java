package io.netforge.processor.validation;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * A model's class and its superclasses below {@code Object}, top first: layers declared in a superclass come
 * before the model's own, as a base class's fields are initialized first.
 */
final class Hierarchy {
    private Hierarchy() {}

    static List<TypeElement> classes(TypeElement type) {
        List<TypeElement> classes = new ArrayList<>();
        for (TypeElement t = type; t != null; t = superclass(t)) {
            classes.add(0, t);
        }
        return classes;
    }

    /** Whether some superclass of {@code type} is not resolved yet (another processor may generate it). */
    static boolean hasUnresolvedSuperclass(TypeElement type) {
        for (TypeElement t = type; t != null; t = superclass(t)) {
            if (t.getSuperclass().getKind() == TypeKind.ERROR) {
                return true;
            }
        }
        return false;
    }

    private static TypeElement superclass(TypeElement type) {
        TypeMirror superclass = type.getSuperclass();
        if (superclass.getKind() != TypeKind.DECLARED) {
            return null;
        }
        Element e = ((DeclaredType) superclass).asElement();
        if (!(e instanceof TypeElement t)
                || t.getKind() != ElementKind.CLASS
                || t.getQualifiedName().contentEquals("java.lang.Object")) {
            return null;
        }
        return t;
    }
}
