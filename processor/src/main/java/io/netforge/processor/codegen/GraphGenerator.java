package io.netforge.processor.codegen;

import static io.netforge.processor.codegen.RuntimeTypes.BIDIRECTIONAL;
import static io.netforge.processor.codegen.RuntimeTypes.GRAPH_BUILDER;
import static io.netforge.processor.codegen.RuntimeTypes.LAYER_SUMMARY;
import static io.netforge.processor.codegen.RuntimeTypes.LOSS_FUNCTION;
import static io.netforge.processor.codegen.RuntimeTypes.NET_GRAPH;
import static io.netforge.processor.codegen.RuntimeTypes.NODE;
import static io.netforge.processor.codegen.RuntimeTypes.PADDING;
import static io.netforge.processor.codegen.RuntimeTypes.PARAM_INIT;
import static io.netforge.processor.codegen.RuntimeTypes.PENALTY;
import static io.netforge.processor.codegen.RuntimeTypes.SUMMARY;
import static io.netforge.processor.codegen.RuntimeTypes.TASK;
import static io.netforge.processor.codegen.RuntimeTypes.WEIGHT_INIT;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import io.netforge.processor.model.AttentionOp;
import io.netforge.processor.model.AvgPoolOp;
import io.netforge.processor.model.BatchNormOp;
import io.netforge.processor.model.Conv1dOp;
import io.netforge.processor.model.ConvOp;
import io.netforge.processor.model.DenseOp;
import io.netforge.processor.model.DropoutOp;
import io.netforge.processor.model.EmbeddingOp;
import io.netforge.processor.model.FlattenOp;
import io.netforge.processor.model.GeluOp;
import io.netforge.processor.model.GlobalAvgPoolOp;
import io.netforge.processor.model.GlobalMaxPoolOp;
import io.netforge.processor.model.InitSpec;
import io.netforge.processor.model.LayerNormOp;
import io.netforge.processor.model.LayerSpec;
import io.netforge.processor.model.LeakyReluOp;
import io.netforge.processor.model.MaxPoolOp;
import io.netforge.processor.model.ModelSpec;
import io.netforge.processor.model.ModelSummary;
import io.netforge.processor.model.OpSpec;
import io.netforge.processor.model.PenaltySpec;
import io.netforge.processor.model.PositionOp;
import io.netforge.processor.model.RecurrentOp;
import io.netforge.processor.model.ReluOp;
import io.netforge.processor.model.ResidualOp;
import io.netforge.processor.model.Shape;
import io.netforge.processor.model.SigmoidOp;
import io.netforge.processor.model.SoftmaxOp;
import io.netforge.processor.model.SpatialDropoutOp;
import io.netforge.processor.model.TanhOp;
import io.netforge.processor.model.TransformerOp;
import java.util.List;
import java.util.Locale;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Modifier;
import javax.lang.model.util.Elements;

/**
 * Writes {@code <Model>Graph}: one static {@code build(long seed)} that calls one {@code GraphBuilder}
 * method per operation, in source order, with a comment per layer giving its inferred shapes; the model's
 * compile-time {@code SUMMARY}; and {@code Layers}, the model class with its layer fields set to their rows
 * of the summary.
 */
public final class GraphGenerator extends SourceFileGenerator {

    public GraphGenerator(Filer filer, Elements elements) {
        super(filer, elements);
    }

    @Override
    public String fileName(ModelSpec model) {
        return Naming.graph(model).canonicalName();
    }

    @Override
    public TypeSpec.Builder write(ModelSpec model) {
        ModelSummary summary = ModelSummary.of(model);
        return TypeSpec.classBuilder(Naming.graph(model))
                .addJavadoc(
                        "The SameDiff graph of {@link $T}: input $L, $L, $L trainable parameters.\n",
                        Naming.model(model),
                        model.input().text(),
                        ModelSummary.outputsText(model.classes(), model.task()),
                        String.format(Locale.ROOT, "%,d", model.parameterCount()))
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addField(summary(model, summary))
                .addMethod(MethodSpec.constructorBuilder()
                        .addModifiers(Modifier.PRIVATE)
                        .build())
                .addMethod(buildDeclared(model))
                .addMethod(build(model))
                .addMethods(buildParts(model))
                .addMethods(summaryParts(summary))
                .addType(layers(model));
    }

    /** Summary rows per generated method, and characters per string literal of the table, for large models. */
    static final int ROWS_PER_METHOD = 200;

    static final int TABLE_CHARS_PER_LITERAL = 8_000;

    private static FieldSpec summary(ModelSpec model, ModelSummary summary) {
        int rowCount = summary.rows().size();
        CodeBlock rowList;
        if (rowCount <= ROWS_PER_METHOD) {
            rowList = CodeBlock.of("$T.of(\n$>$>$L$<$<)", List.class, rows(summary, 0, rowCount));
        } else {
            CodeBlock.Builder parts = CodeBlock.builder();
            for (int from = 0; from < rowCount; from += ROWS_PER_METHOD) {
                parts.add("$L$L()", from == 0 ? "" : ", ", summaryPartName(from));
            }
            rowList = CodeBlock.of(
                    "$T.of($L).flatMap($T::stream).toList()", java.util.stream.Stream.class, parts.build(), List.class);
        }
        String table = summary.table();
        CodeBlock tableCode;
        if (table.length() <= TABLE_CHARS_PER_LITERAL) {
            tableCode = CodeBlock.of("$S", table);
        } else {
            // not one constant: javac folds "a" + "b" into one, and a constant string is limited to 64 KB
            CodeBlock.Builder pieces = CodeBlock.builder().add("$T.join(\"\"", String.class);
            for (int from = 0; from < table.length(); from += TABLE_CHARS_PER_LITERAL) {
                pieces.add(",\n$S", table.substring(from, Math.min(table.length(), from + TABLE_CHARS_PER_LITERAL)));
            }
            tableCode = pieces.add(")").build();
        }
        return FieldSpec.builder(SUMMARY, "SUMMARY", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(
                        "The compile-time summary of {@link $T}: layers, output shapes, parameters, memory and FLOPs.\n",
                        Naming.model(model))
                .initializer(
                        "new $T($S, $L, $L, $L,\n$>$>$L,\n$L$<$<)",
                        SUMMARY,
                        model.simpleName(),
                        shape(model.input()),
                        model.classes(),
                        rowList,
                        Literals.of(summary.activationValues()),
                        tableCode)
                .build();
    }

    /** Rows {@code [from, to)} of the summary as constructor calls, comma-separated, one per line. */
    private static CodeBlock rows(ModelSummary summary, int from, int to) {
        CodeBlock.Builder rows = CodeBlock.builder();
        for (int i = from; i < to; i++) {
            ModelSummary.Row row = summary.rows().get(i);
            rows.add(
                    "new $T($S, $S, $L, $L, $L, $L)$L\n",
                    LAYER_SUMMARY,
                    row.name(),
                    row.type(),
                    shape(row.output()),
                    Literals.of(row.parameters()),
                    Literals.of(row.buffers()),
                    Literals.of(row.flops()),
                    i + 1 < to ? "," : "");
        }
        return rows.build();
    }

    /** For a summary of more than {@link #ROWS_PER_METHOD} rows, the methods that return its rows in parts. */
    private static List<MethodSpec> summaryParts(ModelSummary summary) {
        int rowCount = summary.rows().size();
        List<MethodSpec> parts = new java.util.ArrayList<>();
        if (rowCount <= ROWS_PER_METHOD) {
            return parts;
        }
        com.palantir.javapoet.TypeName list = com.palantir.javapoet.ParameterizedTypeName.get(
                com.palantir.javapoet.ClassName.get(List.class), LAYER_SUMMARY);
        for (int from = 0; from < rowCount; from += ROWS_PER_METHOD) {
            int to = Math.min(rowCount, from + ROWS_PER_METHOD);
            parts.add(MethodSpec.methodBuilder(summaryPartName(from))
                    .addJavadoc("Rows $L to $L of {@link #SUMMARY}.\n", from, to - 1)
                    .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .returns(list)
                    .addStatement("return $T.of(\n$>$>$L$<$<)", List.class, rows(summary, from, to))
                    .build());
        }
        return parts;
    }

    private static String summaryPartName(int from) {
        return "summaryRows" + from;
    }

    private static CodeBlock shape(Shape shape) {
        if (shape instanceof Shape.Image image) {
            return CodeBlock.of("$T.of($L, $L, $L)", List.class, image.channels(), image.height(), image.width());
        }
        if (shape instanceof Shape.Sequence sequence) {
            return CodeBlock.of("$T.of($L, $L)", List.class, sequence.steps(), sequence.features());
        }
        if (shape instanceof Shape.Tokens tokens) {
            return CodeBlock.of("$T.of($L)", List.class, tokens.length());
        }
        return CodeBlock.of("$T.of($L)", List.class, ((Shape.Flat) shape).features());
    }

    /** The model class with its layer fields set: what the trainer's {@code model()} returns. */
    private static TypeSpec layers(ModelSpec model) {
        ClassName graph = Naming.graph(model);
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
        java.util.Set<String> groups = new java.util.HashSet<>();
        for (LayerSpec layer : model.layers()) {
            if (layer.group() == null) {
                constructor.addStatement("this.$N = $T.SUMMARY.layer($S)", layer.name(), graph, layer.name());
            } else if (groups.add(layer.group())) {
                constructor.addStatement("this.$N = $T.SUMMARY.group($S)", layer.group(), graph, layer.group());
            }
        }
        return TypeSpec.classBuilder(Naming.layers(model))
                .addJavadoc(
                        "{@link $T} with each layer field set to its row of {@link #SUMMARY}.\n", Naming.model(model))
                .addModifiers(Modifier.STATIC, Modifier.FINAL)
                .superclass(Naming.model(model))
                .addMethod(constructor.build())
                .build();
    }

    /** {@code build(seed)}: the declared loss. */
    private static MethodSpec buildDeclared(ModelSpec model) {
        return MethodSpec.methodBuilder("build")
                .addJavadoc(
                        "Builds the SameDiff graph of {@link $T} with its declared loss; parameters drawn from {@code seed}.\n",
                        Naming.model(model))
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(NET_GRAPH)
                .addParameter(long.class, "seed")
                .addStatement(
                        "return build(seed, $T.$L)",
                        LOSS_FUNCTION,
                        model.train().loss())
                .build();
    }

    /**
     * Layers per generated method. A JVM method holds at most 64 KB of bytecode: a model with more layers than this
     * (a ResNet of the depth the ResNet paper trains on CIFAR has 1,202) has its layers written into methods of this
     * many each, which {@code build} calls in order. Smaller models keep one straight method.
     */
    static final int LAYERS_PER_METHOD = 150;

    private static MethodSpec build(ModelSpec model) {
        MethodSpec.Builder method = MethodSpec.methodBuilder("build")
                .addJavadoc(
                        "Builds the SameDiff graph of {@link $T} training with {@code loss}; parameters drawn from {@code seed}.\n",
                        Naming.model(model))
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(NET_GRAPH)
                .addParameter(long.class, "seed")
                .addParameter(LOSS_FUNCTION, "loss")
                .addStatement("$T g = new $T($S, seed)", GRAPH_BUILDER, GRAPH_BUILDER, model.simpleName());
        int n = model.layers().size();
        if (n <= LAYERS_PER_METHOD) {
            method.addStatement("$T x = $L", NODE, input(model.input()));
            java.util.Set<Integer> blockStarts = blockStarts(model);
            if (!blockStarts.isEmpty()) {
                method.addStatement("$T skip", NODE);
            }
            addLayers(method, model, blockStarts, 0, n);
            return method.addCode(buildCall(model, "x")).build();
        }
        method.addComment(
                        "$L layers, written $L to a method (a method's bytecode is limited to 64 KB)",
                        n,
                        LAYERS_PER_METHOD)
                .addStatement("$T[] v = {$L, null}", NODE, input(model.input()));
        for (int from = 0; from < n; from += LAYERS_PER_METHOD) {
            method.addStatement("$L(g, v)", partName(from));
        }
        return method.addCode(buildCall(model, "v[0]")).build();
    }

    /** {@code return g.build(x, classes, loss)}, with the model's {@code Task} unless it is a classifier. */
    private static CodeBlock buildCall(ModelSpec model, String last) {
        return model.task().equals("CLASSIFICATION")
                ? CodeBlock.of("return g.build($L, $L, loss);\n", last, model.classes())
                : CodeBlock.of("return g.build($L, $L, loss, $T.$L);\n", last, model.classes(), TASK, model.task());
    }

    /** The methods {@link #build} calls for a model of more than {@link #LAYERS_PER_METHOD} layers; none otherwise. */
    private static List<MethodSpec> buildParts(ModelSpec model) {
        List<MethodSpec> parts = new java.util.ArrayList<>();
        int n = model.layers().size();
        if (n <= LAYERS_PER_METHOD) {
            return parts;
        }
        java.util.Set<Integer> blockStarts = blockStarts(model);
        for (int from = 0; from < n; from += LAYERS_PER_METHOD) {
            int to = Math.min(n, from + LAYERS_PER_METHOD);
            MethodSpec.Builder part = MethodSpec.methodBuilder(partName(from))
                    .addJavadoc(
                            "Layers $L to $L of {@link #build}: {@code v[0]} is the value so far, {@code v[1]} the input of"
                                    + " the residual block in progress.\n",
                            from,
                            to - 1)
                    .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .addParameter(GRAPH_BUILDER, "g")
                    .addParameter(com.palantir.javapoet.ArrayTypeName.of(NODE), "v")
                    .addStatement("$T x = v[0]", NODE)
                    .addStatement("$T skip = v[1]", NODE);
            addLayers(part, model, blockStarts, from, to);
            parts.add(part.addStatement("v[0] = x").addStatement("v[1] = skip").build());
        }
        return parts;
    }

    private static String partName(int from) {
        return "layers" + from;
    }

    /** Where residual blocks begin: their input is kept in {@code skip} for the shortcut. */
    private static java.util.Set<Integer> blockStarts(ModelSpec model) {
        java.util.Set<Integer> starts = new java.util.HashSet<>();
        for (int i = 0; i < model.layers().size(); i++) {
            for (OpSpec op : model.layers().get(i).ops()) {
                if (op.role() == OpSpec.Role.BLOCK_END) {
                    starts.add(i - ((ResidualOp) op).span());
                }
            }
        }
        return starts;
    }

    /** The statements of layers {@code [from, to)}, on locals {@code g}, {@code x} and {@code skip}. */
    private static void addLayers(
            MethodSpec.Builder method, ModelSpec model, java.util.Set<Integer> blockStarts, int from, int to) {
        List<Shape> shapes = model.shapes();
        Shape in = from == 0 ? model.input() : shapes.get(from - 1);
        for (int i = from; i < to; i++) {
            LayerSpec layer = model.layers().get(i);
            if (blockStarts.contains(i)) {
                method.addStatement("skip = x");
            }
            method.addComment(
                    "$L: $L -> $L", layer.name(), in.text(), shapes.get(i).text());
            for (OpSpec op : layer.ops()) {
                if (op.role() == OpSpec.Role.BLOCK_END) {
                    residual(method, layer, (ResidualOp) op, shapes.get(i));
                } else {
                    method.addStatement("x = $L", call(layer, op));
                }
            }
            in = shapes.get(i);
        }
    }

    /** The shortcut (identity, or the 1×1 projection with BatchNorm), the addition and the ReLU of one block. */
    private static void residual(MethodSpec.Builder method, LayerSpec layer, ResidualOp r, Shape out) {
        String n = layer.name();
        if (r.projects(out)) {
            String d = n + ".downsample";
            int channels = ((Shape.Image) out).channels();
            method.addStatement(
                    "x = g.add($S, x, g.batchNorm($S, g.conv2d($S, skip, $L, 1, $L, 0, false, $L, $L), 0.1, 1e-5))",
                    n,
                    d,
                    d,
                    channels,
                    r.stride(),
                    init(layer),
                    penalty(layer.penalty()));
        } else {
            method.addStatement("x = g.add($S, x, skip)", n);
        }
        if (r.relu()) {
            method.addStatement("x = g.relu($S, x)", n);
        }
    }

    private static CodeBlock input(Shape input) {
        if (input instanceof Shape.Image image) {
            return CodeBlock.of("g.imageInput($L, $L, $L)", image.channels(), image.height(), image.width());
        }
        if (input instanceof Shape.Tokens tokens) {
            return CodeBlock.of("g.tokenInput($L, $L)", tokens.length(), tokens.vocabulary());
        }
        if (input instanceof Shape.Sequence sequence) {
            return CodeBlock.of("g.sequenceInput($L, $L)", sequence.steps(), sequence.features());
        }
        return CodeBlock.of("g.flatInput($L)", ((Shape.Flat) input).features());
    }

    /** The {@code GraphBuilder} call of one operation: one method per kind, so a new kind must say its call. */
    static CodeBlock call(LayerSpec layer, OpSpec op) {
        String n = layer.name();
        return op.accept(new OpSpec.Visitor<>() {
            @Override
            public CodeBlock conv(ConvOp c) {
                return CodeBlock.of(
                        "g.conv2d($S, x, $L, $L, $L, $L, $L, $L, $L)",
                        n,
                        c.filters(),
                        c.kernel(),
                        c.stride(),
                        c.padding(),
                        c.bias(),
                        init(layer),
                        penalty(layer.penalty()));
            }

            @Override
            public CodeBlock maxPool(MaxPoolOp p) {
                return CodeBlock.of("g.maxPool($S, x, $L, $L, $L)", n, p.kernel(), p.stride(), p.padding());
            }

            @Override
            public CodeBlock avgPool(AvgPoolOp p) {
                return CodeBlock.of("g.avgPool($S, x, $L, $L, $L)", n, p.kernel(), p.stride(), p.padding());
            }

            @Override
            public CodeBlock flatten(FlattenOp op) {
                return CodeBlock.of("g.flatten($S, x)", n);
            }

            @Override
            public CodeBlock globalAvgPool(GlobalAvgPoolOp op) {
                return CodeBlock.of("g.globalAvgPool($S, x)", n);
            }

            @Override
            public CodeBlock embedding(EmbeddingOp e) {
                return CodeBlock.of("g.embedding($S, x, $L)", n, e.dimension());
            }

            @Override
            public CodeBlock conv1d(Conv1dOp c) {
                if (!c.padding().equals("SAME")) {
                    return CodeBlock.of(
                            "g.conv1d($S, x, $L, $L, $L, $L, $T.$L, $L, $L, $L)",
                            n,
                            c.filters(),
                            c.kernel(),
                            c.stride(),
                            c.dilation(),
                            PADDING,
                            c.padding(),
                            c.bias(),
                            init(layer),
                            penalty(layer.penalty()));
                }
                if (c.stride() != 1) {
                    return CodeBlock.of(
                            "g.conv1d($S, x, $L, $L, $L, $L, $L, $L, $L)",
                            n,
                            c.filters(),
                            c.kernel(),
                            c.stride(),
                            c.dilation(),
                            c.bias(),
                            init(layer),
                            penalty(layer.penalty()));
                }
                return CodeBlock.of(
                        "g.conv1d($S, x, $L, $L, $L, $L, $L, $L)",
                        n,
                        c.filters(),
                        c.kernel(),
                        c.dilation(),
                        c.bias(),
                        init(layer),
                        penalty(layer.penalty()));
            }

            @Override
            public CodeBlock transformer(TransformerOp t) {
                return CodeBlock.of(
                        "g.transformerEncoder($S, x, $L, $L, $L, $L, $L, $L, $L, $L, $L)",
                        n,
                        t.heads(),
                        t.feedForward(),
                        Literals.of(t.dropout()),
                        t.gelu(),
                        t.normFirst(),
                        t.causal(),
                        t.repeat(),
                        init(layer),
                        penalty(layer.penalty()));
            }

            @Override
            public CodeBlock position(PositionOp p) {
                return CodeBlock.of("g.positionEmbedding($S, x, $L, $L)", n, p.length(), p.sinusoidal());
            }

            @Override
            public CodeBlock attention(AttentionOp a) {
                return CodeBlock.of(
                        "g.multiHeadAttention($S, x, $L, $L, $L, $L, $L, $L)",
                        n,
                        a.heads(),
                        a.keyDimension(),
                        Literals.of(a.dropout()),
                        a.causal(),
                        init(layer),
                        penalty(layer.penalty()));
            }

            @Override
            public CodeBlock recurrent(RecurrentOp l) {
                return CodeBlock.of(
                        l.gru() ? "g.gru($S, x, $L, $L, $T.$L, $L, $L)" : "g.lstm($S, x, $L, $L, $T.$L, $L, $L)",
                        n,
                        l.units(),
                        l.sequences(),
                        BIDIRECTIONAL,
                        l.bidirectional(),
                        init(layer),
                        penalty(layer.penalty()));
            }

            @Override
            public CodeBlock globalMaxPool(GlobalMaxPoolOp op) {
                return CodeBlock.of("g.globalMaxPool($S, x)", n);
            }

            @Override
            public CodeBlock dense(DenseOp d) {
                return CodeBlock.of(
                        "g.dense($S, x, $L, $L, $L, $L)",
                        n,
                        d.units(),
                        d.bias(),
                        init(layer),
                        penalty(layer.penalty()));
            }

            @Override
            public CodeBlock relu(ReluOp op) {
                return CodeBlock.of("g.relu($S, x)", n);
            }

            @Override
            public CodeBlock leakyRelu(LeakyReluOp l) {
                return CodeBlock.of("g.leakyRelu($S, x, $L)", n, Literals.of(l.alpha()));
            }

            @Override
            public CodeBlock sigmoid(SigmoidOp op) {
                return CodeBlock.of("g.sigmoid($S, x)", n);
            }

            @Override
            public CodeBlock tanh(TanhOp op) {
                return CodeBlock.of("g.tanh($S, x)", n);
            }

            @Override
            public CodeBlock gelu(GeluOp op) {
                return CodeBlock.of("g.gelu($S, x)", n);
            }

            @Override
            public CodeBlock softmax(SoftmaxOp op) {
                return CodeBlock.of("g.softmax($S, x)", n);
            }

            @Override
            public CodeBlock layerNorm(LayerNormOp l) {
                return CodeBlock.of("g.layerNorm($S, x, $L)", n, Literals.of(l.eps()));
            }

            @Override
            public CodeBlock batchNorm(BatchNormOp b) {
                return CodeBlock.of("g.batchNorm($S, x, $L, $L)", n, Literals.of(b.momentum()), Literals.of(b.eps()));
            }

            @Override
            public CodeBlock dropout(DropoutOp d) {
                return CodeBlock.of("g.dropout($S, x, $L)", n, Literals.of(d.p()));
            }

            @Override
            public CodeBlock spatialDropout(SpatialDropoutOp d) {
                return CodeBlock.of("g.spatialDropout($S, x, $L)", n, Literals.of(d.p()));
            }

            @Override
            public CodeBlock residual(ResidualOp r) {
                throw new IllegalArgumentException("a residual block's end is written by residual(), not as one call");
            }
        });
    }

    private static CodeBlock init(LayerSpec layer) {
        if (layer.init().isEmpty()) {
            return CodeBlock.of("$T.pytorchDefault()", PARAM_INIT);
        }
        InitSpec i = layer.init().get();
        return CodeBlock.of(
                "$T.of($T.$L, $L, $L, $L)",
                PARAM_INIT,
                WEIGHT_INIT,
                i.scheme(),
                Literals.of(i.mean()),
                Literals.of(i.std()),
                Literals.of(i.bias()));
    }

    private static CodeBlock penalty(PenaltySpec penalty) {
        return penalty.isNone()
                ? CodeBlock.of("$T.NONE", PENALTY)
                : CodeBlock.of("$T.of($L, $L)", PENALTY, Literals.of(penalty.l1()), Literals.of(penalty.l2()));
    }
}
