package io.netforge.processor;

import javax.lang.model.element.TypeElement;

/** Processes one root-annotated class whose types are all resolved. */
interface ProcessingStep {
    void process(TypeElement type);
}
