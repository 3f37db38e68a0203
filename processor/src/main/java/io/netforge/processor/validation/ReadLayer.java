package io.netforge.processor.validation;

import io.netforge.processor.model.LayerSpec;
import java.util.List;
import javax.lang.model.element.VariableElement;

/**
 * One layer as read: a layer field, or one layer of a {@code @Blocks} field's expansion.
 *
 * @param field the field that declares it (for a block's layers, the {@code @Blocks} field of the model)
 * @param name the layer's name: the field's, or {@code layer2.0.conv1} in a block expansion
 * @param ops its layer annotations in source order
 * @param spec the layer, or {@code null} when the field itself is wrong (no layer annotation, two main
 *     layers, wrong type); shapes after such a field are unknown
 */
record ReadLayer(VariableElement field, String name, List<ReadOp> ops, LayerSpec spec) {
    ReadLayer(VariableElement field, List<ReadOp> ops, LayerSpec spec) {
        this(field, field.getSimpleName().toString(), ops, spec);
    }

    boolean isWellFormed() {
        return spec != null;
    }
}
