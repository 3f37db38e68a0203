package io.netforge.processor.validation;

import io.netforge.processor.model.LayerSpec;
import java.util.List;
import javax.lang.model.element.VariableElement;

/**
 * One layer field as read.
 *
 * @param ops its layer annotations in source order
 * @param spec the layer, or {@code null} when the field itself is wrong (no layer annotation, two main
 *     layers, wrong type); shapes after such a field are unknown
 */
record ReadLayer(VariableElement field, List<ReadOp> ops, LayerSpec spec) {
    String name() {
        return field.getSimpleName().toString();
    }

    boolean isWellFormed() {
        return spec != null;
    }
}
