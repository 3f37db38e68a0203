package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.annotations.LossFunction;
import io.netforge.graph.GraphBuilder;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Node;
import io.netforge.graph.ParamInit;
import io.netforge.graph.Penalty;
import io.netforge.io.CheckpointException;
import io.netforge.io.CheckpointException.Problem;
import io.netforge.train.state.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a checkpoint into the wrong trainer, or a damaged one, says what is wrong and changes nothing. */
class CheckpointLoadTest {
    @TempDir
    Path dir;

    private static TrainConfig config() {
        return TrainConfig.builder()
                .verbose(false)
                .epochs(1)
                .batchSize(32)
                .optimizer(Optimizer.adam(0.01))
                .build();
    }

    /** TinyCnn's layout with other choices: {@code filters} conv filters, tanh instead of ReLU when asked. */
    private static NetGraph variant(long seed, int filters, boolean tanh) {
        GraphBuilder g = new GraphBuilder("TinyCnn", seed);
        Node x = g.imageInput(1, 8, 8);
        x = g.conv2d("conv1", x, filters, 3, 1, 1, true, ParamInit.pytorchDefault(), Penalty.NONE);
        x = g.batchNorm("conv1", x, 0.1, 1e-5);
        x = tanh ? g.tanh("conv1", x) : g.relu("conv1", x);
        x = g.maxPool("pool1", x, 2, 0, 0);
        x = g.spatialDropout("pool1", x, 0.1);
        x = g.flatten("flat", x);
        x = g.dense("out", x, 3, true, ParamInit.pytorchDefault(), Penalty.NONE);
        return g.build(x, 3, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    private Path trainedCheckpoint() throws IOException {
        Trainer t = TinyModels.trainer(config(), TinyModels::cnn);
        t.fit(TinyModels.bars(128, 1));
        Path file = dir.resolve("tiny.nfc");
        t.saveCheckpoint(file);
        return file;
    }

    private static void assertUnchanged(Trainer t, Map<String, float[]> before) {
        Map<String, float[]> after = t.weights();
        for (String name : before.keySet()) {
            assertThat(after.get(name)).as(name).containsExactly(before.get(name));
        }
        assertThat(t.epochsDone()).isZero();
    }

    @Test
    void anotherArchitectureNamesTheFirstDifferingVariableAndBothShapes() throws IOException {
        Path file = trainedCheckpoint();
        Trainer wider = TinyModels.trainer(config(), seed -> variant(seed, 6, false));
        Map<String, float[]> before = wider.weights();
        assertThatThrownBy(() -> wider.loadCheckpoint(file))
                .isInstanceOfSatisfying(
                        CheckpointException.class, e -> assertThat(e.problem()).isEqualTo(Problem.ARCHITECTURE))
                .hasMessageContaining(file.toString())
                .hasMessageContaining(
                        "variable conv1/W has shape [3, 3, 1, 4] in the checkpoint but [3, 3, 1, 6] in TinyCnn");
        assertUnchanged(wider, before);
    }

    @Test
    void sameShapesOtherOperationsIsAnotherArchitectureToo() throws IOException {
        Path file = trainedCheckpoint();
        Trainer tanh = TinyModels.trainer(config(), seed -> variant(seed, 4, true));
        Map<String, float[]> before = tanh.weights();
        assertThatThrownBy(() -> tanh.loadCheckpoint(file))
                .isInstanceOfSatisfying(
                        CheckpointException.class, e -> assertThat(e.problem()).isEqualTo(Problem.ARCHITECTURE))
                .hasMessageContaining("the same variables and shapes, but other operations");
        assertUnchanged(tanh, before);
        // the same declaration built again has the same hash: it loads
        Trainer same = TinyModels.trainer(config(), seed -> variant(seed, 4, false));
        assertThat(same.architectureHash())
                .isEqualTo(TinyModels.trainer(config(), TinyModels::cnn).architectureHash());
    }

    @Test
    void anotherModelIsNamed() throws IOException {
        Path file = trainedCheckpoint();
        Trainer mlp = TinyModels.trainer(config(), TinyModels::mlp);
        assertThatThrownBy(() -> mlp.loadCheckpoint(file))
                .isInstanceOfSatisfying(
                        CheckpointException.class, e -> assertThat(e.problem()).isEqualTo(Problem.WRONG_MODEL))
                .hasMessageContaining("a checkpoint of model TinyCnn, not TinyMlp");
    }

    @Test
    void anotherOptimizerIsRefusedBeforeAnythingChanges() throws IOException {
        Path file = trainedCheckpoint();
        Trainer sgd = TinyModels.trainer(
                config().toBuilder().optimizer(Optimizer.sgd(0.1)).build(), TinyModels::cnn);
        Map<String, float[]> before = sgd.weights();
        assertThatThrownBy(() -> sgd.loadCheckpoint(file))
                .isInstanceOfSatisfying(
                        CheckpointException.class, e -> assertThat(e.problem()).isEqualTo(Problem.SETTINGS))
                .hasMessageContaining("the checkpoint was trained with Adam(")
                .hasMessageContaining("this trainer uses SGD(");
        assertUnchanged(sgd, before);
    }

    @Test
    void damagedFilesChangeNothing() throws IOException {
        Path file = trainedCheckpoint();
        byte[] good = Files.readAllBytes(file);
        Trainer t = TinyModels.trainer(config(), TinyModels::cnn);
        Map<String, float[]> before = t.weights();

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        Files.write(file, flipped);
        assertThatThrownBy(() -> t.loadCheckpoint(file))
                .isInstanceOfSatisfying(
                        CheckpointException.class, e -> assertThat(e.problem()).isEqualTo(Problem.CORRUPTED))
                .hasMessageContaining("does not match the stored");
        Files.write(file, java.util.Arrays.copyOf(good, good.length - 100));
        assertThatThrownBy(() -> t.loadCheckpoint(file))
                .isInstanceOfSatisfying(
                        CheckpointException.class, e -> assertThat(e.problem()).isEqualTo(Problem.TRUNCATED));
        Path weights = dir.resolve("w.nfw");
        TinyModels.trainer(config(), TinyModels::cnn).saveWeights(weights);
        assertThatThrownBy(() -> t.loadCheckpoint(weights))
                .isInstanceOfSatisfying(
                        CheckpointException.class, e -> assertThat(e.problem()).isEqualTo(Problem.FOREIGN))
                .hasMessageContaining("load it with loadWeights");
        assertUnchanged(t, before);

        Files.write(file, good);
        t.loadCheckpoint(file);
        assertThat(t.epochsDone()).isEqualTo(1);
    }

    @Test
    void savingIntoAnImpossiblePlaceIsAnExceptionNamingIt() throws IOException {
        Trainer t = TinyModels.trainer(config(), TinyModels::cnn);
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "a file where a directory should be");
        assertThatThrownBy(() -> t.saveCheckpoint(blocker.resolve("c.nfc")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("c.nfc")
                .hasMessageContaining("cannot write checkpoint");
        // and during fit, the error surfaces (training does not silently go on without checkpoints)
        Trainer withCheckpoints = TinyModels.trainer(
                config().toBuilder()
                        .checkpoints(Checkpoints.in(blocker.resolve("ckpt")))
                        .build(),
                TinyModels::cnn);
        assertThatThrownBy(() -> withCheckpoints.fit(TinyModels.bars(64, 2)))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("ckpt");
    }

    /** The file with array {@code name} replaced by {@code replacement} and its hash recomputed (as an editor would). */
    private Path edited(Path file, String name, io.netforge.io.CheckpointFile.Array replacement) throws IOException {
        io.netforge.io.CheckpointFile.Contents c = io.netforge.io.CheckpointFile.read(file);
        java.util.List<io.netforge.io.CheckpointFile.Array> arrays = new java.util.ArrayList<>();
        for (io.netforge.io.CheckpointFile.Array a : c.arrays().values()) {
            arrays.add(a.name().equals(name) ? replacement : a);
        }
        Path out = dir.resolve("edited-" + name.replace('/', '_') + ".nfc");
        io.netforge.io.CheckpointFile.write(out, c.metadata(), arrays);
        return out;
    }

    @Test
    void arraysOfTheWrongTypeAreRefusedAsTamperedBeforeAnythingChanges() throws IOException {
        Path file = trainedCheckpoint();
        Trainer t = TinyModels.trainer(config(), TinyModels::cnn);
        Map<String, float[]> before = t.weights();
        // the right shape, but whole numbers: caught by the check, not half-way through applying
        Path variable = edited(
                file,
                "model/out/b",
                io.netforge.io.CheckpointFile.Array.i64("model/out/b", new long[] {3}, new long[3]));
        assertThatThrownBy(() -> t.loadCheckpoint(variable))
                .isInstanceOfSatisfying(
                        CheckpointException.class, e -> assertThat(e.problem()).isEqualTo(Problem.TAMPERED))
                .hasMessageContaining("out/b holds I64");
        Path steps = edited(
                file,
                "optimizer/steps",
                io.netforge.io.CheckpointFile.Array.i64("optimizer/steps", new long[0], new long[1]));
        assertThatThrownBy(() -> t.loadCheckpoint(steps))
                .isInstanceOfSatisfying(
                        CheckpointException.class, e -> assertThat(e.problem()).isEqualTo(Problem.TAMPERED))
                .hasMessageContaining("optimizer steps");
        assertUnchanged(t, before);
    }

    @Test
    void aCheckpointSavedBeforeAnyFitLoads() throws IOException {
        TrainConfig withCheckpoints = config().toBuilder()
                .checkpoints(Checkpoints.in(dir.resolve("ckpt")))
                .build();
        Path file = dir.resolve("fresh.nfc");
        TinyModels.trainer(withCheckpoints, TinyModels::cnn).saveCheckpoint(file);
        Trainer t = TinyModels.trainer(withCheckpoints, TinyModels::cnn);
        t.loadCheckpoint(file);
        assertThat(t.fit(TinyModels.bars(64, 2)).size()).isEqualTo(1);
        assertThat(Checkpoints.list(dir.resolve("ckpt"))).hasSize(1);
    }

    /** Keeps a number; refuses any state whose number is negative. */
    static final class Picky implements Callback {
        private final String key;
        long value;

        Picky(String key, long value) {
            this.key = key;
            this.value = value;
        }

        @Override
        public String stateKey() {
            return key;
        }

        @Override
        public void saveState(State state) {
            state.put("value", value);
        }

        @Override
        public void loadState(State state) {
            long v = state.getLong("value");
            if (v < 0) {
                throw new IllegalArgumentException("negative value " + v);
            }
            value = v;
        }
    }

    @Test
    void aCallbackRefusingItsStateLeavesTheTrainerAndTheOtherCallbacksAsTheyWere() throws IOException {
        Path file = dir.resolve("callbacks.nfc");
        TinyModels.trainer(
                        config().toBuilder()
                                .callbacks(new Picky("a", 5), new Picky("b", -1))
                                .build(),
                        TinyModels::cnn)
                .saveCheckpoint(file);
        Picky a = new Picky("a", 1);
        Picky b = new Picky("b", 2);
        Trainer t = TinyModels.trainer(config().toBuilder().callbacks(a, b).build(), TinyModels::cnn);
        Map<String, float[]> before = t.weights();
        assertThatThrownBy(() -> t.loadCheckpoint(file))
                .isInstanceOfSatisfying(
                        CheckpointException.class, e -> assertThat(e.problem()).isEqualTo(Problem.INVALID_VALUE))
                .hasMessageContaining("callback b cannot continue from its state: negative value -1");
        assertThat(a.value).as("the callback loaded before b is put back").isEqualTo(1);
        assertThat(b.value).isEqualTo(2);
        assertUnchanged(t, before);
    }
}
