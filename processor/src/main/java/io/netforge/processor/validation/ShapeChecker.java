package io.netforge.processor.validation;

import io.netforge.processor.model.OpSpec;
import io.netforge.processor.model.ResidualOp;
import io.netforge.processor.model.Shape;
import io.netforge.processor.model.ShapeInference;
import io.netforge.processor.model.ShapeProblem;
import io.netforge.processor.model.Windowed;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Walks the layers with {@link ShapeInference} and reports every operation that cannot take the shape it
 * receives, naming where that shape comes from. Where a shape cannot be known (an invalid value before
 * it), checks pause until a dense layer fixes the shape again, so one mistake is reported once.
 */
final class ShapeChecker {
    private final Diagnostics diagnostics;

    /**
     * @param shape the last known shape, or {@code null} if unknown
     * @param widthAt the annotation that produced the final width: where a class-count mismatch is reported
     */
    record Result(Shape shape, Location widthAt) {}

    ShapeChecker(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /**
     * Also resolves each residual block's input shape: the layers holding a {@link ResidualOp} are replaced
     * in {@code layers} by ones whose op knows it (or left unresolved where the shape is unknown).
     *
     * @param input the input shape, or {@code null} if {@code @Input} was invalid
     */
    /**
     * How to make a block's paths addable: padding only helps a main path of convolutions; one that pools, flattens or
     * has a dense layer changes the shape in a way no 1×1 projection follows, so that layer has to leave the block.
     */
    private static String blockPathsFix(List<ReadLayer> mainPath) {
        for (ReadLayer l : mainPath) {
            for (ReadOp o : l.ops()) {
                OpSpec op = o.op();
                if (!op.projectionFollows()) {
                    return "the main path's " + op.annotation() + " (" + l.name() + ") changes the shape in a way"
                            + " no projection follows; move it out of the block, after the @Blocks layer";
                }
            }
        }
        return "make the main path keep the size or change it by the stride (padding = kernel / 2)";
    }

    /**
     * Where a sequence comes from when the input already is one ({@code "; the input is a sequence, 8×2
     * (steps×features)"}): a model whose {@code @Input} declares steps gets the sequence errors of every layer, and
     * this names their cause. Empty for any other input (an embedding's sequence names itself).
     */
    static String sequenceOrigin(Shape input) {
        return input instanceof Shape.Sequence ? "; the input is a sequence, " + input.text() : "";
    }

    private Shape input;

    Result check(Shape input, List<ReadLayer> layers) {
        this.input = input;
        Shape shape = input;
        String source = null;
        Location widthAt = null;
        List<Shape> starts = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            ReadLayer layer = layers.get(i);
            starts.add(shape);
            if (!layer.isWellFormed()) {
                shape = null;
                source = layer.name();
                continue;
            }
            String producer = source;
            for (ReadOp read : layer.ops()) {
                OpSpec op = read.op();
                if (op.role() == OpSpec.Role.BLOCK_END) {
                    ResidualOp r = (ResidualOp) op;
                    Shape blockInput = starts.get(i - r.span());
                    if (shape != null && blockInput != null) {
                        ResidualOp resolved = r.resolve(blockInput);
                        layers.set(
                                i,
                                new ReadLayer(
                                        layer.field(),
                                        layer.name(),
                                        List.of(new ReadOp(read.annotation(), resolved, true)),
                                        layer.spec().withOps(List.of(resolved))));
                        if (ShapeInference.problem(shape, resolved).isPresent()) {
                            Shape projection = resolved.projection(shape);
                            diagnostics.report(
                                    Message.BLOCK_PATHS_DIFFER,
                                    read.annotation().location(),
                                    layer.name(),
                                    r.block(),
                                    shape.text(),
                                    blockInput.text(),
                                    r.stride(),
                                    projection == null ? "nothing (it needs images)" : projection.text(),
                                    blockPathsFix(layers.subList(i - r.span(), i)));
                            shape = null;
                        }
                    } else {
                        shape = null;
                    }
                    continue;
                }
                if (!read.valid()) {
                    shape = op.isMain() ? null : shape;
                } else if (shape == null) {
                    shape = op.outputOfAnyInput().orElse(null);
                } else {
                    Optional<ShapeProblem> problem = ShapeInference.problem(shape, op);
                    if (problem.isPresent()) {
                        report(problem.get(), layer.name(), read, shape, producer);
                        shape = op.outputOfAnyInput().orElse(null);
                    } else {
                        shape = ShapeInference.output(shape, op);
                    }
                }
                if (op.isMain()) {
                    producer = layer.name() + "'s " + op.annotation();
                    widthAt = read.annotation().location();
                }
            }
            source = layer.name();
        }
        return new Result(shape, widthAt);
    }

    private void report(ShapeProblem problem, String layer, ReadOp read, Shape in, String producer) {
        String from = producer == null ? "the input is " + in.text() : producer + " produces " + in.text();
        AnnotationView a = read.annotation();
        switch (problem) {
            case NEEDS_FLAT -> diagnostics.report(Message.NEEDS_FLAT, a.location(), layer, a.display(), from, layer);
            case NEEDS_IMAGE -> diagnostics.report(Message.NEEDS_IMAGE, a.location(), layer, a.display(), from);
            case ONE_FEATURE -> diagnostics.report(Message.ONE_FEATURE, a.location(), layer, a.display(), from);
            case NEEDS_TOKENS -> diagnostics.report(Message.NEEDS_TOKENS, a.location(), layer, a.display(), from);
            case NEEDS_EMBEDDING -> diagnostics.report(Message.NEEDS_EMBEDDING, a.location(), layer, a.display(), from);
            case NEEDS_POOLING ->
                diagnostics.report(
                        Message.NEEDS_POOLING,
                        a.location(),
                        layer,
                        a.display(),
                        from,
                        producer == null ? "" : sequenceOrigin(input));
            case NEEDS_SEQUENCE -> diagnostics.report(Message.NEEDS_SEQUENCE, a.location(), layer, a.display(), from);
            case TIME_WINDOW_TOO_LONG ->
                diagnostics.report(
                        Message.TIME_WINDOW_TOO_LONG,
                        a.at("value"),
                        layer,
                        a.display(),
                        a.intValue("value"),
                        ((Shape.Sequence) in).steps(),
                        from);
            case TIME_POOL_STRIDE ->
                diagnostics.report(
                        Message.TIME_POOL_STRIDE,
                        a.at(
                                a.isSet("stride")
                                                && a.intValue("stride") != a.intValue("value")
                                                && a.intValue("stride") != 0
                                        ? "stride"
                                        : "padding"),
                        layer,
                        a.display(),
                        a.intValue("value"),
                        a.intValue("stride"),
                        a.intValue("padding"));
            case POSITIONS_TOO_SHORT ->
                diagnostics.report(
                        Message.POSITIONS_TOO_SHORT,
                        a.at("length"),
                        layer,
                        a.display(),
                        a.intValue("length"),
                        ((Shape.Sequence) in).steps(),
                        from);
            case HEADS_DIVIDE, HEADS_SPLIT_FEATURES ->
                diagnostics.report(
                        Message.HEADS_DIVIDE,
                        a.at("heads"),
                        layer,
                        a.display(),
                        ((Shape.Sequence) in).features(),
                        a.intValue("heads"),
                        from,
                        problem == ShapeProblem.HEADS_DIVIDE ? ", or give each head its keyDimension" : "");
            case KERNEL_TOO_LONG ->
                diagnostics.report(
                        Message.KERNEL_TOO_LONG,
                        a.at("kernel"),
                        layer,
                        a.display(),
                        a.intValue("kernel"),
                        (long) (a.intValue("kernel") - 1) * a.intValue("dilation") + 1,
                        ((Shape.Sequence) in).steps(),
                        from);
            case TOO_LARGE ->
                diagnostics.report(
                        Message.SHAPE_TOO_LARGE,
                        a.location(),
                        layer,
                        a.display(),
                        from,
                        read.op() instanceof Windowed w && w.tooLargeOnlyByPadding(in)
                                ? "use a smaller padding (kernel / 2 keeps the size; without padding the output fits)"
                                : "use a smaller input, a larger stride or a pooling layer first");
            case PATHS_DIFFER -> {
                // reported where the residual block is resolved, with both paths' shapes (BLOCK_PATHS_DIFFER)
            }
            case WEIGHTS_TOO_LARGE ->
                diagnostics.report(
                        Message.WEIGHTS_TOO_LARGE,
                        a.location(),
                        layer,
                        a.display(),
                        from,
                        String.format(java.util.Locale.ROOT, "%,d", read.op().weights(in)));
            case WINDOW_TOO_LARGE -> {
                Shape.Image image = (Shape.Image) in;
                Windowed window = (Windowed) read.op(); // the only kinds with a window
                int kernel = window.kernel();
                int padding = window.padding();
                String padded = (image.height() + 2L * padding) + "×" + (image.width() + 2L * padding);
                diagnostics.report(
                        Message.WINDOW_TOO_LARGE,
                        a.at(window.windowAttribute()),
                        layer,
                        a.display(),
                        window.windowName(),
                        kernel,
                        padded,
                        from,
                        padding);
            }
        }
    }
}
