package io.netforge.processor.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterCountTest {

    @Test
    void digitsMlpHas37810Parameters() {
        assertThat(ParameterCount.of(Fixtures.DIGITS_INPUT, Fixtures.digitsMlp()))
                .isEqualTo(37_810);
    }

    @Test
    void mnistCnnHas338006Parameters() {
        assertThat(ParameterCount.of(Fixtures.MNIST_INPUT, Fixtures.mnistCnn())).isEqualTo(338_006);
    }

    @Test
    void denseAndConvCountWeightsAndOptionalBias() {
        assertThat(ParameterCount.of(new Shape.Flat(64), new DenseOp(100, true)))
                .isEqualTo(6_500);
        assertThat(ParameterCount.of(new Shape.Flat(64), new DenseOp(100, false)))
                .isEqualTo(6_400);
        assertThat(ParameterCount.of(new Shape.Image(16, 28, 28), new ConvOp(32, 3, 1, 1, true)))
                .isEqualTo(4_640);
        assertThat(ParameterCount.of(new Shape.Image(16, 28, 28), new ConvOp(32, 3, 1, 1, false)))
                .isEqualTo(4_608);
    }

    @Test
    void batchNormHasScaleAndShiftPerChannel() {
        assertThat(ParameterCount.of(new Shape.Image(32, 14, 14), new BatchNormOp(0.1, 1e-5)))
                .isEqualTo(64);
        assertThat(ParameterCount.of(new Shape.Flat(100), new BatchNormOp(0.1, 1e-5)))
                .isEqualTo(200);
        LayerSpec convBn = LayerSpec.of("conv", new ConvOp(8, 3, 1, 1, true), new BatchNormOp(0.1, 1e-5), new ReluOp());
        assertThat(ParameterCount.of(new Shape.Image(1, 28, 28), convBn)).isEqualTo(8 * 9 + 8 + 16);
    }

    @Test
    void anEmbeddingCountsItsTableAsPyTorch() {
        // PyTorch: nn.Embedding(1000, 16, padding_idx=0).weight.numel() == 16000 (the padding row included)
        assertThat(ParameterCount.of(new Shape.Tokens(50, 1000), new EmbeddingOp(16)))
                .isEqualTo(16_000);
        assertThat(new EmbeddingOp(16).buffers(new Shape.Tokens(50, 1000))).isZero();
    }

    @Test
    void aConv1dCountsAsPyTorchsConv1d() {
        // PyTorch: sum(p.numel() for p in nn.Conv1d(32, 64, 5, padding=2).parameters()) == 10304
        assertThat(ParameterCount.of(new Shape.Sequence(256, 32), new Conv1dOp(64, 5, true, 1)))
                .isEqualTo(32 * 64 * 5 + 64);
        assertThat(ParameterCount.of(new Shape.Sequence(256, 32), new Conv1dOp(64, 5, false, 1)))
                .isEqualTo(32 * 64 * 5);
        assertThat(ParameterCount.of(new Shape.Sequence(256, 64), new GlobalMaxPoolOp()))
                .isZero();
    }

    @Test
    void anLstmCountsAsPyTorchsLstm() {
        // PyTorch: sum(p.numel() for p in nn.LSTM(32, 64).parameters()) == 25088; bidirectional=True: 50176
        assertThat(ParameterCount.of(new Shape.Sequence(256, 32), new RecurrentOp(false, 64, false, "NONE")))
                .isEqualTo(25088);
        assertThat(ParameterCount.of(new Shape.Sequence(256, 32), new RecurrentOp(false, 64, true, "CONCAT")))
                .isEqualTo(50176);
        assertThat(ParameterCount.of(new Shape.Sequence(256, 32), new RecurrentOp(false, 64, false, "SUM")))
                .isEqualTo(50176);
        // PyTorch: sum(p.numel() for p in nn.GRU(32, 64).parameters()) == 18816
        assertThat(ParameterCount.of(new Shape.Sequence(256, 32), new RecurrentOp(true, 64, false, "NONE")))
                .isEqualTo(18816);
    }

    @Test
    void multiHeadAttentionCountsAsPyTorchsMultiheadAttention() {
        // sum(p.numel() for p in nn.MultiheadAttention(64, 4).parameters()) = 3·64·64 + 3·64 + 64·64 + 64 = 16,640
        Shape.Sequence in = new Shape.Sequence(100, 64);
        assertThat(ParameterCount.of(in, new AttentionOp(4, 0, 0, false))).isEqualTo(16_640);
        // Keras MultiHeadAttention(num_heads=2, key_dim=8) on 64 features: three 64→2·8 projections, one 2·8→64
        assertThat(ParameterCount.of(in, new AttentionOp(2, 8, 0, true))).isEqualTo(3 * (64 * 16 + 16) + 16 * 64 + 64);
        assertThat(new AttentionOp(4, 0, 0, false).output(in)).isEqualTo(in);
        assertThat(new AttentionOp(3, 0, 0, false).problem(in)).contains(ShapeProblem.HEADS_DIVIDE);
        assertThat(new AttentionOp(3, 5, 0, false).problem(in)).isEmpty();
        assertThat(new AttentionOp(2, 0, 0, false).problem(new Shape.Flat(64))).contains(ShapeProblem.NEEDS_SEQUENCE);
    }

    @Test
    void aTransformerEncoderCountsAsPyTorchsEncoderLayers() {
        // sum(p.numel() for p in nn.TransformerEncoderLayer(64, 4, 256).parameters()) = 49,984
        Shape.Sequence in = new Shape.Sequence(100, 64);
        assertThat(ParameterCount.of(in, new TransformerOp(4, 256, 0.1, false, false, false, 1)))
                .isEqualTo(49_984);
        // nn.TransformerEncoder(layer, num_layers=3): three copies
        assertThat(ParameterCount.of(in, new TransformerOp(4, 256, 0.1, true, true, true, 3)))
                .isEqualTo(3 * 49_984);
        assertThat(new TransformerOp(3, 256, 0.1, false, false, false, 1).problem(in))
                .contains(ShapeProblem.HEADS_SPLIT_FEATURES);
        assertThat(new TransformerOp(1, 8, 0.1, false, false, false, 1).problem(new Shape.Sequence(5, 1)))
                .contains(ShapeProblem.ONE_FEATURE);
    }

    @Test
    void aPositionEmbeddingCountsItsTableAndTheSinusoidsNothing() {
        Shape.Sequence in = new Shape.Sequence(100, 64);
        assertThat(ParameterCount.of(in, new PositionOp(0, false))).isEqualTo(100 * 64); // nn.Embedding(100, 64)
        assertThat(ParameterCount.of(in, new PositionOp(512, false))).isEqualTo(512 * 64);
        assertThat(ParameterCount.of(in, new PositionOp(0, true))).isZero();
        assertThat(new PositionOp(50, false).problem(in)).contains(ShapeProblem.POSITIONS_TOO_SHORT);
    }

    @Test
    void layerNormHasScaleAndShiftPerFeatureAndNoBuffers() {
        // PyTorch: sum(p.numel() for p in nn.LayerNorm(100).parameters()) == 200, no buffers
        assertThat(ParameterCount.of(new Shape.Flat(100), new LayerNormOp(1e-5)))
                .isEqualTo(200);
        assertThat(new LayerNormOp(1e-5).buffers(new Shape.Flat(100))).isZero();
        LayerSpec denseLn = LayerSpec.of("fc", new DenseOp(64, true), new LayerNormOp(1e-5), new ReluOp());
        assertThat(ParameterCount.of(new Shape.Flat(784), denseLn)).isEqualTo(784 * 64 + 64 + 128);
    }

    @Test
    void layersWithoutWeightsCountZero() {
        Shape in = new Shape.Image(4, 8, 8);
        for (OpSpec op : List.of(
                new MaxPoolOp(2, 0, 0),
                new AvgPoolOp(2, 0, 0),
                new FlattenOp(),
                new ReluOp(),
                new DropoutOp(0.5),
                new SpatialDropoutOp(0.5))) {
            assertThat(ParameterCount.of(in, op)).as(op.annotation()).isZero();
        }
    }

    @Test
    void summaryListsLayersShapesAndCounts() {
        ModelSpec cnn = Fixtures.model("MnistCnn", Fixtures.MNIST_INPUT, Fixtures.mnistCnn(), 10);
        assertThat(cnn.parameterCount()).isEqualTo(338_006);
        System.out.println(ModelSummary.of(cnn).table());
        assertThat(ModelSummary.of(cnn).table())
                .startsWith("MnistCnn: input 1×28×28, 10 classes\n")
                .contains("Trainable params: 338,006\n");
    }

    @Test
    void generatedNamesFollowOneScheme() {
        ModelSpec top = Fixtures.model("MnistCnn", Fixtures.MNIST_INPUT, Fixtures.mnistCnn(), 10);
        assertThat(top.graphName()).isEqualTo("MnistCnnGraph");
        assertThat(top.trainerName()).isEqualTo("MnistCnnTrainer");
        ModelSpec nested = new ModelSpec(
                "p",
                "Net",
                Fixtures.MNIST_INPUT,
                Fixtures.mnistCnn(),
                10,
                TrainSpec.DEFAULT,
                AdamSpec.DEFAULT,
                List.of("Outer"));
        assertThat(nested.graphName()).isEqualTo("Outer_NetGraph");
    }
}
