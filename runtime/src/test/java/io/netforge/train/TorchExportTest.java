package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.data.Dataset;
import io.netforge.io.Safetensors;
import io.netforge.io.SafetensorsFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weights under PyTorch names and layouts: what the file holds, and a strict load_state_dict that changes nothing on error. */
class TorchExportTest {
    @TempDir
    Path dir;

    private static Trainer trained() {
        Trainer t = TinyModels.trainer(
                TrainConfig.builder()
                        .verbose(false)
                        .epochs(2)
                        .batchSize(32)
                        .optimizer(Optimizer.adam(0.01))
                        .build(),
                TinyModels::cnn);
        t.fit(TinyModels.bars(256, 1).standardize());
        return t;
    }

    @Test
    void namesAndLayoutsArePyTorchs() throws IOException {
        Trainer t = trained();
        assertThat(t.torchNames())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "conv1/W",
                        "conv1.weight",
                        "conv1/b",
                        "conv1.bias",
                        "conv1/gamma",
                        "bn1.weight",
                        "conv1/beta",
                        "bn1.bias",
                        "out/W",
                        "out.weight",
                        "out/b",
                        "out.bias",
                        "conv1/running_mean",
                        "bn1.running_mean",
                        "conv1/running_var",
                        "bn1.running_var"));
        Path file = dir.resolve("tiny.safetensors");
        t.exportSafetensors(file);
        Safetensors.Contents c = Safetensors.read(file);
        assertThat(c.metadata())
                .containsEntry("format", "pt")
                .containsEntry("netforge.model", "TinyCnn")
                .containsKey("netforge.normalization");
        Safetensors.Tensor w = c.get("conv1.weight");
        assertThat(w.shape()).containsExactly(4, 1, 3, 3); // [out, in, kH, kW]
        float[] ours = t.graph().array("conv1/W").dup('c').data().asFloat(); // [kH, kW, in, out]
        float[] theirs = w.floats();
        for (int o = 0; o < 4; o++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 3; x++) {
                    assertThat(theirs[(o * 3 + y) * 3 + x]).isEqualTo(ours[(y * 3 + x) * 4 + o]);
                }
            }
        }
        Safetensors.Tensor fc = c.get("out.weight");
        assertThat(fc.shape()).containsExactly(3, 64); // [out, in]
        assertThat(fc.floats()[64 + 5]).isEqualTo(t.graph().array("out/W").getFloat(5, 1));
        assertThat(c.get("bn1.num_batches_tracked").longs()).containsExactly(16); // 2 epochs of 8 steps
        assertThat(c.get("bn1.running_var").floats())
                .containsExactly(
                        t.graph().array("conv1/running_var").dup().data().asFloat());
    }

    @Test
    void layerNormIsNamedAsPyTorchsModulesAndComesBack() throws IOException {
        java.util.function.LongFunction<io.netforge.graph.NetGraph> graph = seed -> {
            io.netforge.graph.GraphBuilder g = new io.netforge.graph.GraphBuilder("TinyLayerNorm", seed);
            io.netforge.graph.Node x = g.flatInput(12);
            x = g.dense(
                    "fc1", x, 8, true, io.netforge.graph.ParamInit.pytorchDefault(), io.netforge.graph.Penalty.NONE);
            x = g.layerNorm("fc1", x, 1e-5);
            x = g.relu("fc1", x);
            x = g.layerNorm("norm", x, 1e-5);
            x = g.dense(
                    "out", x, 3, true, io.netforge.graph.ParamInit.pytorchDefault(), io.netforge.graph.Penalty.NONE);
            return g.build(x, 3, io.netforge.annotations.LossFunction.SOFTMAX_CROSS_ENTROPY);
        };
        TrainConfig config =
                TrainConfig.builder().verbose(false).epochs(2).batchSize(16).build();
        Trainer t = TinyModels.trainer(config, graph);
        Dataset data = OnnxExportTest.random("features", 64, new int[] {12}, 3, 5);
        t.fit(data);
        // PyTorch: fc1 = nn.Linear(12, 8); fc1_ln = nn.LayerNorm(8); norm = nn.LayerNorm(8); out = nn.Linear(8, 3)
        assertThat(t.torchNames())
                .containsExactly(
                        Map.entry("fc1/W", "fc1.weight"),
                        Map.entry("fc1/b", "fc1.bias"),
                        Map.entry("fc1/ln_gamma", "fc1_ln.weight"),
                        Map.entry("fc1/ln_beta", "fc1_ln.bias"),
                        Map.entry("norm/ln_gamma", "norm.weight"),
                        Map.entry("norm/ln_beta", "norm.bias"),
                        Map.entry("out/W", "out.weight"),
                        Map.entry("out/b", "out.bias"));
        assertThat(t.parameterCount()).isEqualTo(12 * 8 + 8 + 2 * 8 + 2 * 8 + 8 * 3 + 3);
        Path file = dir.resolve("layernorm.safetensors");
        t.exportSafetensors(file);
        Safetensors.Contents c = Safetensors.read(file);
        assertThat(c.get("fc1_ln.weight").shape()).containsExactly(8);
        assertThat(c.get("fc1_ln.weight").floats())
                .containsExactly(t.graph().array("fc1/ln_gamma").dup().data().asFloat());
        Trainer fresh = TinyModels.trainer(config, seed -> graph.apply(seed + 1));
        fresh.load(file);
        assertThat(fresh.predictor().probabilities(data))
                .isDeepEqualTo(t.predictor().probabilities(data));
    }

    @Test
    void importGivesBackTheSameModelAndNormalization() throws IOException {
        Trainer t = trained();
        Path file = dir.resolve("tiny.safetensors");
        t.exportSafetensors(file);
        Trainer fresh = TinyModels.trainer(t.config(), seed -> TinyModels.cnn(seed + 1));
        fresh.load(file);
        Dataset test = TinyModels.bars(100, 9);
        assertThat(fresh.normalization()).isEqualTo(t.normalization());
        assertThat(fresh.predictor().probabilities(test))
                .isDeepEqualTo(t.predictor().probabilities(test));
    }

    @Test
    void aStrictLoadListsEveryProblemAndChangesNothing() throws IOException {
        Trainer t = trained();
        Path file = dir.resolve("bad.safetensors");
        Safetensors.Contents good = Safetensors.read(exported(t));
        List<Safetensors.Tensor> tensors = new ArrayList<>();
        for (Safetensors.Tensor x : good.tensors()) {
            if (x.name().equals("out.bias")) {
                continue; // missing
            }
            if (x.name().equals("conv1.weight")) {
                x = Safetensors.Tensor.f32("conv1.weight", new long[] {4, 1, 5, 5}, new float[100]); // wrong shape
            }
            tensors.add(x);
        }
        tensors.add(Safetensors.Tensor.f32("fc9.weight", new long[] {1}, new float[1])); // unexpected
        Safetensors.write(file, Map.of(), tensors);
        Trainer fresh = TinyModels.trainer(t.config(), TinyModels::cnn);
        Map<String, float[]> before = fresh.weights();
        assertThatThrownBy(() -> fresh.importSafetensors(file))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining("Error(s) in loading state_dict for TinyCnn")
                .hasMessageContaining("Missing key(s) in state_dict: out.bias.")
                .hasMessageContaining("Unexpected key(s) in state_dict: fc9.weight.")
                .hasMessageContaining(
                        "size mismatch for conv1.weight: copying a param with shape [4, 1, 5, 5] from the file, the shape in TinyCnn is [4, 1, 3, 3]");
        Map<String, float[]> after = fresh.weights();
        for (String k : before.keySet()) {
            assertThat(after.get(k)).containsExactly(before.get(k));
        }
    }

    @Test
    void renamesFitSequentialModels() throws IOException {
        Trainer t = trained();
        Path file = dir.resolve("seq.safetensors");
        Map<String, String> renames = Map.of("conv1", "layer.0", "bn1", "layer.1", "out", "fc_layer.0");
        t.exportSafetensors(file, renames);
        assertThat(Safetensors.read(file).tensors())
                .extracting(Safetensors.Tensor::name)
                .contains("layer.0.weight", "layer.1.running_mean", "layer.1.num_batches_tracked", "fc_layer.0.bias");
        Trainer fresh = TinyModels.trainer(t.config(), seed -> TinyModels.cnn(seed + 1));
        fresh.importSafetensors(file, renames);
        assertThat(fresh.weights().get("conv1/gamma"))
                .containsExactly(t.weights().get("conv1/gamma"));
    }

    private Path exported(Trainer t) throws IOException {
        Path f = dir.resolve("good.safetensors");
        t.exportSafetensors(f);
        return f;
    }
}
