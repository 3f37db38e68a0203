package io.netforge.processor.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.processor.model.AdamSpec;
import io.netforge.processor.model.ConvOp;
import io.netforge.processor.model.DenseOp;
import io.netforge.processor.model.FlattenOp;
import io.netforge.processor.model.InitSpec;
import io.netforge.processor.model.LayerSpec;
import io.netforge.processor.model.MaxPoolOp;
import io.netforge.processor.model.ModelSpec;
import io.netforge.processor.model.PenaltySpec;
import io.netforge.processor.model.ReluOp;
import io.netforge.processor.model.SgdSpec;
import io.netforge.processor.model.Shape;
import io.netforge.processor.model.TrainSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The writers on hand-built models, without javac. */
class WritersTest {
    private static final ModelSpec TINY = new ModelSpec(
            "p",
            "Tiny",
            new Shape.Image(1, 8, 8),
            List.of(
                    LayerSpec.of("conv", new ConvOp(4, 3, 1, 1, true), new ReluOp()),
                    LayerSpec.of("pool", new MaxPoolOp(2, 0, 0)),
                    LayerSpec.of("flat", new FlattenOp()),
                    new LayerSpec(
                            "out",
                            List.of(new DenseOp(3, false)),
                            Optional.of(new InitSpec("XAVIER_UNIFORM", 0, 0.01, 0)),
                            new PenaltySpec(0, 0.5))),
            3,
            new TrainSpec(2, 16, -1, "SOFTMAX_CROSS_ENTROPY"),
            new SgdSpec(0.1, 0, 0, false, 0),
            List.of());

    @Test
    void graphHasOneStatementPerOperationAndACommentPerLayer() {
        String graph = new GraphGenerator(null, null).write(TINY).build().toString();
        assertThat(graph)
                .contains("io.netforge.graph.Node x = g.imageInput(1, 8, 8);")
                .contains("// conv: 1×8×8 -> 4×8×8\n")
                .contains("x = g.conv2d(\"conv\", x, 4, 3, 1, 1, true, io.netforge.graph.ParamInit.pytorchDefault(),"
                        + " io.netforge.graph.Penalty.NONE);")
                .contains("// pool: 4×8×8 -> 4×4×4\n")
                .contains("x = g.maxPool(\"pool\", x, 2, 0, 0);")
                .contains("// flat: 4×4×4 -> 64\n")
                .contains(
                        "x = g.dense(\"out\", x, 3, false, io.netforge.graph.ParamInit.of("
                                + "io.netforge.annotations.WeightInit.XAVIER_UNIFORM, 0.0, 0.01, 0.0), io.netforge.graph.Penalty.of(0.0, 0.5));")
                .contains("return g.build(x, 3, loss);")
                .contains("return build(seed, io.netforge.annotations.LossFunction.SOFTMAX_CROSS_ENTROPY);")
                .contains("232 trainable parameters");
    }

    @Test
    void trainerCarriesTheDeclaredSettings() {
        String trainer = new TrainerGenerator(null, null).write(TINY).build().toString();
        assertThat(trainer)
                .contains(".epochs(2).batchSize(16).seed(-1L)")
                .contains(".optimizer(new io.netforge.train.Optimizer.Sgd(0.1, 0.0, 0.0, false, 0.0))")
                .contains("super(config, p.TinyGraph::build, p.TinyGraph.SUMMARY);")
                .contains("private final p.Tiny model = new p.TinyGraph.Layers();")
                .contains("return new io.netforge.train.TrainerBuilder<>(defaults(), p.TinyTrainer::new);");
        assertThat(TrainerGenerator.optimizer(AdamSpec.DEFAULT).toString())
                .isEqualTo("new io.netforge.train.Optimizer.Adam(0.001, 0.9, 0.999, 1.0E-8, 0.0)");
    }

    @Test
    void literalsRoundTrip() {
        assertThat(Literals.of(0.5)).isEqualTo("0.5");
        assertThat(Literals.of(1e-8)).isEqualTo("1.0E-8");
        assertThat(Literals.of(2e-4)).isEqualTo("2.0E-4");
        assertThat(Literals.of(42L)).isEqualTo("42L");
    }
}
