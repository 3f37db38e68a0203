package io.netforge.processor.validation;

import io.netforge.processor.model.LayerSpec;
import io.netforge.processor.model.OpSpec;
import io.netforge.processor.model.ResidualOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Expands a {@code @Blocks} field into the layers it stands for: for each repetition {@code r}, the block
 * class's layers named {@code <field>.<r>.<block field>} with {@code Block.WIDTH} and {@code Block.STRIDE}
 * replaced, then a layer {@code <field>.<r>} holding the {@link ResidualOp} that adds the shortcut. The
 * shortcut's kind (identity or projection) is left to shape checking, which knows the shapes.
 *
 * <p>A block class is read once per model, so a mistake in it is reported once, on the block's own field;
 * shape problems of an expansion are reported on the {@code @Blocks} annotation that uses it.
 */
final class BlockExpander {
    private final Elements elements;
    private final Diagnostics diagnostics;
    private final LayerReader reader;
    private final Map<String, Optional<Template>> templates = new HashMap<>();

    /**
     * The most layers a model may expand to: several times the deepest published ResNet (1,202 layers), and far
     * below what would exhaust the processor's memory (a layer costs a few kilobytes while compiling).
     */
    static final int MAX_LAYERS = 10_000;

    /** A block class as read: its layers (the main path) and whether ReLU follows the addition. */
    private record Template(String name, List<ReadLayer> layers, boolean relu, boolean usesWidth) {}

    BlockExpander(Elements elements, Diagnostics diagnostics, LayerReader reader) {
        this.elements = elements;
        this.diagnostics = diagnostics;
        this.reader = reader;
    }

    static boolean isBlocksField(Element e, Elements elements) {
        return AnnotationView.find(e, Names.BLOCKS, elements).isPresent();
    }

    /**
     * The layers of one {@code @Blocks} field; a single ill-formed layer when it cannot be expanded.
     *
     * @param layersSoFar how many layers the model has before this field; the expansion is refused before any
     *     work is spent when it would take the model past {@link #MAX_LAYERS}
     */
    List<ReadLayer> expand(VariableElement field, TypeElement model, String layersClass, int layersSoFar) {
        AnnotationView blocks =
                AnnotationView.find(field, Names.BLOCKS, elements).orElseThrow();
        String name = field.getSimpleName().toString();
        List<ReadLayer> broken = List.of(new ReadLayer(field, List.of(), null));
        if (!reader.isLayer(field.asType())) {
            diagnostics.report(Message.FIELD_NOT_LAYER, blocks.location(), name, "@Blocks", field.asType());
            return broken;
        }
        reader.checkAssignable(field, model, layersClass);
        ValueChecks check = new ValueChecks(diagnostics, name);
        int before = diagnostics.errorCount();
        int width = check.nonNegativeInt(blocks, "width", "width", "a positive integer");
        int stride = check.positiveInt(blocks, "stride", "stride");
        int repeat = check.positiveInt(blocks, "repeat", "repeat");
        TypeMirror value = blocks.typeValue("value");
        if (value == null || value.getKind() == TypeKind.ERROR) {
            return broken; // javac reports a class that does not resolve
        }
        if (value.getKind() != TypeKind.DECLARED) {
            String kind = value.getKind() == TypeKind.ARRAY
                    ? "an array type"
                    : value.getKind() == TypeKind.VOID ? "not a class" : "a primitive type";
            diagnostics.report(
                    Message.BLOCKS_NOT_A_CLASS,
                    blocks.at("value"),
                    name,
                    value.toString().replaceAll("([\\w$]+\\.)+", ""),
                    kind);
            return broken;
        }
        TypeElement blockType = (TypeElement) ((DeclaredType) value).asElement();
        Optional<AnnotationView> block = AnnotationView.find(blockType, Names.BLOCK, elements);
        if (block.isEmpty()) {
            diagnostics.report(Message.BLOCKS_NOT_A_BLOCK, blocks.at("value"), name, blockType.getSimpleName());
            return broken;
        }
        Optional<Template> template =
                templates.computeIfAbsent(blockType.getQualifiedName().toString(), k -> read(blockType, block.get()));
        if (template.isEmpty()) {
            return broken;
        }
        Template t = template.get();
        if (t.usesWidth() && width == 0) {
            diagnostics.report(Message.BLOCKS_NEED_WIDTH, blocks.at("width"), name, t.name());
        }
        long expanded = (long) repeat * (t.layers().size() + 1);
        if (repeat > 0 && layersSoFar + expanded > MAX_LAYERS) {
            diagnostics.report(
                    Message.TOO_MANY_LAYERS,
                    blocks.at("repeat"),
                    name,
                    repeat,
                    t.name(),
                    t.layers().size() + 1,
                    layersSoFar + expanded,
                    MAX_LAYERS);
        }
        if (diagnostics.errorCount() != before) {
            return broken;
        }
        List<ReadLayer> out = new ArrayList<>();
        for (int r = 0; r < repeat; r++) {
            int s = r == 0 ? stride : 1;
            for (ReadLayer layer : t.layers()) {
                List<OpSpec> ops = new ArrayList<>();
                List<ReadOp> reads = new ArrayList<>();
                for (ReadOp read : layer.ops()) {
                    OpSpec op = substitute(read.op(), width, s);
                    ops.add(op);
                    reads.add(new ReadOp(blocks, op, true));
                }
                String layerName = name + "." + r + "." + layer.name();
                out.add(new ReadLayer(
                        field,
                        layerName,
                        reads,
                        new LayerSpec(
                                layerName,
                                ops,
                                layer.spec().init(),
                                layer.spec().penalty(),
                                name)));
            }
            String blockName = name + "." + r;
            ResidualOp add = new ResidualOp(t.name(), t.layers().size(), s, t.relu(), null);
            out.add(new ReadLayer(
                    field,
                    blockName,
                    List.of(new ReadOp(blocks, add, true)),
                    new LayerSpec(blockName, List.of(add), reader.defaultInit(), reader.defaultPenalty(), name)));
        }
        return out;
    }

    private Optional<Template> read(TypeElement blockType, AnnotationView block) {
        int before = diagnostics.errorCount();
        List<ReadLayer> layers = new ArrayList<>();
        for (Element e : blockType.getEnclosedElements()) {
            if (LayerReader.isField(e)) {
                reader.readBlockField((VariableElement) e).ifPresent(layers::add);
            }
        }
        String name = blockType.getSimpleName().toString();
        if (layers.isEmpty()) {
            diagnostics.report(Message.BLOCK_NO_LAYERS, block.location(), name);
        }
        if (diagnostics.errorCount() != before || layers.stream().anyMatch(l -> !l.isWellFormed())) {
            return Optional.empty();
        }
        boolean usesWidth = layers.stream().flatMap(l -> l.ops().stream()).anyMatch(r -> r.op().usesBlockWidth());
        return Optional.of(new Template(name, List.copyOf(layers), block.booleanValue("relu"), usesWidth));
    }

    /** {@code Block.WIDTH} and {@code Block.STRIDE} (both -1) replaced by this repetition's values. */
    private static OpSpec substitute(OpSpec op, int width, int stride) {
        return op.inBlock(width, stride);
    }
}
