package io.netforge.processor.validation;

import java.util.List;

/**
 * Qualified names of the DSL's types. The processor reads annotations as mirrors by these names and never
 * loads the runtime's classes.
 */
final class Names {
    static final String PACKAGE = "io.netforge.annotations";
    static final String MODEL = PACKAGE + ".Model";
    static final String TRAIN = PACKAGE + ".Train";
    static final String SGD = PACKAGE + ".Sgd";
    static final String ADAM = PACKAGE + ".Adam";
    static final String INIT = PACKAGE + ".Init";
    static final String REGULARIZE = PACKAGE + ".Regularize";
    static final String LAYER = PACKAGE + ".Layer";

    /** Optimizer annotations, in the order they are looked for. */
    static final List<String> OPTIMIZERS = List.of(SGD, ADAM);

    private Names() {
    }

    /** {@code io.netforge.annotations.Conv} to {@code @Conv}. */
    static String display(String qualifiedName) {
        return "@" + qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
    }
}
