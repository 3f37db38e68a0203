package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.summary.Summary;
import io.netforge.train.Trainer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compile-time summaries of the tutorials' models, ResNet-18 and -34 included: parameter counts equal PyTorch's
 * ({@code sum(p.numel() for p in model.parameters())} for the same architectures), the graph the runtime
 * builds has exactly those parameters, and the table is the resource the processor wrote.
 */
class SummariesTest {

    static List<Arguments> models() {
        return List.of(
                Arguments.of(
                        "DigitsMlp", DigitsMlpGraph.SUMMARY, 37_810L, 0L, (Supplier<Trainer>) DigitsMlpTrainer::new),
                Arguments.of("MnistCnn", MnistCnnGraph.SUMMARY, 338_006L, 0L, (Supplier<Trainer>) MnistCnnTrainer::new),
                Arguments.of("KerasMlp", KerasMlpGraph.SUMMARY, 101_770L, 0L, (Supplier<Trainer>) KerasMlpTrainer::new),
                Arguments.of(
                        "BatchNormCnn", BatchNormCnnGraph.SUMMARY, 434_346L, 2L * (16 + 32 + 64 + 128 + 64), (Supplier<
                                        Trainer>)
                                BatchNormCnnTrainer::new),
                Arguments.of("DeepCnn", DeepCnnGraph.SUMMARY, 1_379_557L, 0L, (Supplier<Trainer>) DeepCnnTrainer::new),
                Arguments.of("CifarCnn", CifarCnnGraph.SUMMARY, 59_430L, 2L * (6 + 16), (Supplier<Trainer>)
                        CifarCnnTrainer::new),
                // BatchNorm running mean and variance: the stem, two per block, and the three projections
                Arguments.of(
                        "ResNet18",
                        ResNet18Graph.SUMMARY,
                        11_173_962L,
                        2L * (64 + 2 * 2 * (64 + 128 + 256 + 512) + 128 + 256 + 512),
                        (Supplier<Trainer>) ResNet18Trainer::new),
                Arguments.of(
                        "ResNet34",
                        ResNet34Graph.SUMMARY,
                        21_282_122L,
                        2L * (64 + 2 * (3 * 64 + 4 * 128 + 6 * 256 + 3 * 512) + 128 + 256 + 512),
                        (Supplier<Trainer>) ResNet34Trainer::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void countsMatchPyTorchAndTheBuiltGraph(
            String name, Summary summary, long parameters, long buffers, Supplier<Trainer> trainer) throws IOException {
        assertThat(summary.trainableParameters()).isEqualTo(parameters);
        assertThat(summary.nonTrainableParameters()).isEqualTo(buffers);
        assertThat(summary.table())
                .contains(String.format(java.util.Locale.ROOT, "Trainable params: %,d\n", parameters))
                .isEqualTo(resource(name + ".summary.txt"));
        Trainer built = trainer.get();
        assertThat(built.parameterCount())
                .as("parameters of the SameDiff graph")
                .isEqualTo(parameters);
        assertThat(built.graph().bufferCount())
                .as("buffers of the SameDiff graph")
                .isEqualTo(buffers);
        assertThat(built.summary()).isSameAs(summary);
        assertThat(summary.layers().get(summary.layers().size() - 1).outputShape())
                .containsExactly(10);
    }

    @Test
    void layerFieldsDescribeTheirLayers() {
        MnistCnn model = new MnistCnnTrainer().model();
        assertThat(model.conv1.name()).isEqualTo("conv1");
        assertThat(model.conv1.outputShape()).containsExactly(16, 28, 28);
        assertThat(model.conv1.parameterCount()).isEqualTo(160);
        assertThat(model.pool2.outputShape()).containsExactly(64, 7, 7);
        assertThat(model.fc1.parameterCount()).isEqualTo(3136 * 100 + 100);
        assertThat(DeepCnnGraph.SUMMARY.layer("pool3").outputShape())
                .as("padded pooling: 7×7 -> 4×4")
                .containsExactly(128, 4, 4);
    }

    /** A {@code @Blocks} field describes its whole stage; its layers are named like PyTorch's state_dict. */
    @Test
    void blockFieldsDescribeTheirStage() {
        ResNet18 model = new ResNet18Trainer().model();
        assertThat(model.layer2.name()).isEqualTo("layer2");
        assertThat(model.layer2.outputShape()).containsExactly(128, 16, 16);
        // conv1 3·3·64·128 + BN, conv2 3·3·128·128 + BN, downsample 64·128 + BN; then a block of two 128-wide convs
        long first = 3 * 3 * 64 * 128 + 256 + 3 * 3 * 128 * 128 + 256 + 64 * 128 + 256;
        long second = 2 * (3 * 3 * 128 * 128 + 256);
        assertThat(model.layer2.parameterCount()).isEqualTo(first + second);
        assertThat(ResNet18Graph.SUMMARY.layer("layer2.0").type()).isEqualTo("ResidualBlock: Downsample+Add+Relu");
        assertThat(ResNet18Graph.SUMMARY.layer("layer2.1").type()).isEqualTo("ResidualBlock: Add+Relu");
        assertThat(new ResNet18Trainer().graph().sameDiff().hasVariable("layer2.0.downsample/W"))
                .isTrue();
        assertThat(new ResNet18Trainer().graph().sameDiff().hasVariable("layer4.1.conv2/gamma"))
                .isTrue();
        assertThat(model.gap.outputShape()).containsExactly(512);
    }

    /** The run-time summary: the same table plus the bytes the arrays take as allocated. */
    @Test
    void runtimeSummaryAddsTheArraysInMemory() {
        BatchNormCnnTrainer trainer = new BatchNormCnnTrainer();
        io.netforge.summary.RuntimeSummary s = trainer.runtimeSummary();
        assertThat(s.parameterBytes()).isEqualTo(434_346L * 4);
        assertThat(s.bufferBytes()).isEqualTo(2L * (16 + 32 + 64 + 128 + 64) * 4);
        assertThat(s.toString())
                .startsWith(trainer.summary().toString())
                .contains("Arrays in memory (float): parameters 1.66 MiB (1,737,384 bytes)");
    }

    @Test
    void summaryReportsMemoryAndFlops() {
        Summary s = MnistCnnGraph.SUMMARY;
        assertThat(s.parameterBytes()).isEqualTo(338_006L * 4);
        // conv1: 16×28×28 outputs × (2·9·1 + 1 bias) + ReLU 16×28×28
        assertThat(s.layer("conv1").flops()).isEqualTo(16L * 28 * 28 * 19 + 16L * 28 * 28);
        assertThat(s.flopsPerSample())
                .isEqualTo(s.layers().stream().mapToLong(l -> l.flops()).sum());
        assertThat(s.toString())
                .contains("Forward FLOPs per sample: 15,443,874 (15.44 MFLOPs)")
                .contains("Parameter memory: 1.29 MiB (1,352,024 bytes)");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SummariesTest.class.getResourceAsStream(name)) {
            assertThat(in).as("resource " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
