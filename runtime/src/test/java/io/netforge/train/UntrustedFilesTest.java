package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.data.Dataset;
import io.netforge.io.CheckpointException;
import io.netforge.io.CheckpointException.Problem;
import io.netforge.io.SafetensorsFormatException;
import io.netforge.io.WeightsFile;
import io.netforge.io.WeightsFormatException;
import io.netforge.train.inference.Predictor;
import io.netforge.train.progress.BatchLogs;
import io.netforge.train.state.LoadOption;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The findings of the untrusted-files issue, each reproduced as it was found (every case failed on the main before it):
 * a failed load changes nothing, no file exhausts memory, duplicates and bad values are refused, every error is the
 * documented type naming the file, and a non-finite input is refused instead of answered.
 */
class UntrustedFilesTest {
    @TempDir
    Path dir;

    private ModelFiles files;
    private Trainer t;
    private ModelFiles.Fingerprint before;

    @BeforeEach
    void trainAndSave() throws IOException {
        files = new ModelFiles(dir);
        t = files.trainer;
        before = files.fingerprint(t);
    }

    /** {@code load} throws {@code type} naming the file and containing {@code text}, and the trainer is as it was. */
    private <E extends IOException> void refused(ThrowingCallable load, Path file, Class<E> type, String text) {
        assertThatThrownBy(load)
                .isInstanceOf(type)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(text);
        ModelFiles.assertSame(files.fingerprint(t), before, file.getFileName().toString());
    }

    private void refusedCheckpoint(Path file, Problem problem, String text) {
        assertThatThrownBy(() -> t.loadCheckpoint(file))
                .isInstanceOfSatisfying(
                        CheckpointException.class,
                        e -> assertThat(e.problem()).as(e.getMessage()).isEqualTo(problem))
                .hasMessageContaining(file.toString())
                .hasMessageContaining(text);
        ModelFiles.assertSame(files.fingerprint(t), before, file.getFileName().toString());
    }

    // ---- 1. all or nothing ----

    @Test
    void aSafetensorsImportThatFailsOnItsNormalizationChangesNoWeight() {
        ModelFiles.SafetensorsEdit edit =
                new ModelFiles.SafetensorsEdit(files.safetensors).floats("out.bias", v -> Arrays.fill(v, 5f));
        String zeros = String.join(",", java.util.Collections.nCopies(65, "0.0"));
        String ones = String.join(",", java.util.Collections.nCopies(65, "1.0"));
        edit.metadata.put("netforge.normalization", "MIN_MAX|" + zeros + "|" + ones);
        Path bad = files.write("bad-normalization.safetensors", edit.encode());
        refused(
                () -> t.importSafetensors(bad),
                bad,
                SafetensorsFormatException.class,
                "is for 65 channel(s) but TinyCnn has 1");
        refused(() -> t.load(bad), bad, SafetensorsFormatException.class, "is for 65 channel(s)");
    }

    @Test
    void aGoodFileOfEachKindStillLoadsAndGivesTheSameModel() throws IOException {
        for (Path good : List.of(files.weights, files.safetensors, files.checkpoint)) {
            Trainer fresh = ModelFiles.newTrainer();
            fresh.load(good);
            assertThat(Arrays.deepEquals(fresh.predictor().logits(files.samples), before.logits()))
                    .as(good.toString())
                    .isTrue();
        }
    }

    // ---- 2. bounded ----

    @Test
    void devZeroIsRefusedAtOnceByEveryLoader() {
        Path zero = Path.of("/dev/zero");
        long start = System.nanoTime();
        refusedCheckpoint(zero, Problem.NOT_A_FILE, "not a regular file (a device, FIFO or socket)");
        refused(() -> t.loadWeights(zero), zero, WeightsFormatException.class, "not a regular file");
        refused(() -> t.importSafetensors(zero), zero, SafetensorsFormatException.class, "not a regular file");
        refused(() -> t.load(zero), zero, CheckpointException.class, "not a regular file");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(1.0);
    }

    @Test
    void aSparseFileOfGigabytesIsRefusedUnreadByItsSize() throws IOException {
        Path sparse = dir.resolve("sparse.nfc");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        long start = System.nanoTime();
        refusedCheckpoint(
                sparse, Problem.TOO_LARGE, "the file has 3221225472 bytes; a checkpoint for this model has at most");
        refused(() -> t.loadWeights(sparse), sparse, WeightsFormatException.class, "the file has 3221225472 bytes");
        refused(
                () -> t.importSafetensors(sparse),
                sparse,
                SafetensorsFormatException.class,
                "the file has 3221225472 bytes");
        Path almost2G = dir.resolve("almost2g.nfc");
        try (RandomAccessFile f = new RandomAccessFile(almost2G.toFile(), "rw")) {
            f.setLength(1_900_000_000L);
        }
        refusedCheckpoint(almost2G, Problem.TOO_LARGE, "the file has 1900000000 bytes");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(1.0);
    }

    @Test
    void aFifoIsRefusedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("fifo.nfc");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        long start = System.nanoTime();
        refusedCheckpoint(fifo, Problem.NOT_A_FILE, "not a regular file");
        refused(() -> t.load(fifo), fifo, CheckpointException.class, "not a regular file");
        refused(() -> t.loadWeights(fifo), fifo, WeightsFormatException.class, "not a regular file");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(1.0);
    }

    @Test
    void resumeFollowsASymlinkButChecksItsTargetAndFallsBackToTheGoodFile() throws IOException {
        Path run = Files.createDirectory(dir.resolve("run"));
        Files.copy(files.checkpoint, run.resolve("epoch-0002.nfc"));
        Path sparse = dir.resolve("sparse-target");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        Files.createSymbolicLink(run.resolve("epoch-0003.nfc"), sparse);
        Trainer fresh = ModelFiles.newTrainer();
        long start = System.nanoTime();
        assertThat(fresh.resume(run)).contains(run.resolve("epoch-0002.nfc"));
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(2.0);
        ModelFiles.assertSame(files.fingerprint(fresh), before, "resumed from the good file");
        assertThatThrownBy(() -> t.loadCheckpoint(run.resolve("epoch-0003.nfc")))
                .isInstanceOfSatisfying(
                        CheckpointException.class, e -> assertThat(e.problem()).isEqualTo(Problem.TOO_LARGE));
    }

    // ---- 3. duplicates ----

    @Test
    void aWeightsFileWithTheSameEntryTwiceIsRefused() {
        ModelFiles.WeightsEdit last = new ModelFiles.WeightsEdit(files.weights);
        WeightsFile.Entry b = last.entries.stream()
                .filter(e -> e.name().equals("out/b"))
                .findFirst()
                .orElseThrow();
        last.entries.add(new WeightsFile.Entry("out/b", b.shape(), new float[] {9, 9, 9}));
        Path secondCopy = last.write(dir.resolve("dup-last.nfw"));
        refused(
                () -> t.loadWeights(secondCopy),
                secondCopy,
                WeightsFormatException.class,
                "a second entry named out/b");

        ModelFiles.WeightsEdit first = new ModelFiles.WeightsEdit(files.weights);
        first.entries.add(0, new WeightsFile.Entry("out/b", new long[] {3}, new float[] {Float.NaN, 1e30f, -7}));
        Path garbageFirst = first.write(dir.resolve("dup-first.nfw"));
        refused(
                () -> t.loadWeights(garbageFirst),
                garbageFirst,
                WeightsFormatException.class,
                "a second entry named out/b");
    }

    @Test
    void aSafetensorsHeaderWithATensorTwiceIsRefused() {
        byte[] good = ModelFiles.read(files.safetensors);
        long n = java.nio.ByteBuffer.wrap(good, 0, 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getLong();
        String header = new String(good, 8, (int) n, java.nio.charset.StandardCharsets.UTF_8).strip();
        int at = header.indexOf("\"out.bias\"");
        int end = header.indexOf('}', at) + 1;
        String twice = header.substring(0, end) + "," + header.substring(at, end) + header.substring(end);
        byte[] h = twice.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(8 + h.length + good.length - 8 - (int) n)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(good, 8 + (int) n, good.length - 8 - (int) n);
        Path bad = files.write("dup.safetensors", out.array());
        refused(() -> t.importSafetensors(bad), bad, SafetensorsFormatException.class, "duplicate key \"out.bias\"");
    }

    // ---- 4. typed errors, and resume skips what fails any check ----

    @Test
    void optimizerStateOfTheWrongShapeOrMissingIsACheckpointException() {
        ModelFiles.CheckpointEdit wrongShape = new ModelFiles.CheckpointEdit(files.checkpoint);
        wrongShape.arrays.put(
                "optimizer/out/b/exp_avg",
                io.netforge.io.CheckpointFile.Array.f32("optimizer/out/b/exp_avg", new long[] {4}, new float[4]));
        refusedCheckpoint(
                files.write("shape.nfc", wrongShape.encode()),
                Problem.TAMPERED,
                "optimizer/out/b/exp_avg is of shape [4]");
        ModelFiles.CheckpointEdit missing = new ModelFiles.CheckpointEdit(files.checkpoint);
        missing.arrays.remove("optimizer/out/b/exp_avg_sq");
        refusedCheckpoint(
                files.write("missing.nfc", missing.encode()),
                Problem.TAMPERED,
                "optimizer/out/b/exp_avg_sq is missing");
    }

    @Test
    void aLearningRateWrittenAsAHexFloatIsACheckpointException() {
        ModelFiles.CheckpointEdit hex = new ModelFiles.CheckpointEdit(files.checkpoint);
        hex.part("schedule").put("base_lr", Map.of("double", "0x1p-3"));
        refusedCheckpoint(files.write("hex.nfc", hex.encode()), Problem.TAMPERED, "not a decimal number: \"0x1p-3\"");
        ModelFiles.CheckpointEdit suffix = new ModelFiles.CheckpointEdit(files.checkpoint);
        suffix.part("schedule").put("base_lr", Map.of("double", "0.01d"));
        refusedCheckpoint(
                files.write("suffix.nfc", suffix.encode()), Problem.TAMPERED, "not a decimal number: \"0.01d\"");
    }

    @Test
    void aNormalizationForOtherChannelsIsACheckpointException() {
        ModelFiles.CheckpointEdit edit = new ModelFiles.CheckpointEdit(files.checkpoint);
        edit.arrays.put(
                "model/input/mean",
                io.netforge.io.CheckpointFile.Array.f32("model/input/mean", new long[] {3}, new float[3]));
        edit.arrays.put(
                "model/input/std",
                io.netforge.io.CheckpointFile.Array.f32("model/input/std", new long[] {3}, new float[] {1, 1, 1}));
        refusedCheckpoint(
                files.write("channels.nfc", edit.encode()),
                Problem.TAMPERED,
                "input normalization for 3 channel(s), the model has 1");
    }

    @Test
    void resumeSkipsANewestFileThatFailsOnItsValuesAndLoadsThePreviousOne() throws IOException {
        Path run = Files.createDirectory(dir.resolve("run"));
        Files.copy(files.checkpoint, run.resolve("epoch-0002.nfc"));
        ModelFiles.CheckpointEdit edit = new ModelFiles.CheckpointEdit(files.checkpoint);
        edit.part("schedule").put("base_lr", Map.of("double", "0x1p-3"));
        Files.write(run.resolve("epoch-0003.nfc"), edit.encode());
        ModelFiles.CheckpointEdit shape = new ModelFiles.CheckpointEdit(files.checkpoint);
        shape.arrays.remove("optimizer/out/b/exp_avg");
        Files.write(run.resolve("epoch-0004.nfc"), shape.encode());
        ModelFiles.CheckpointEdit nan =
                new ModelFiles.CheckpointEdit(files.checkpoint).floats("model/out/W", v -> v[3] = Float.NaN);
        Files.write(run.resolve("epoch-0005.nfc"), nan.encode());
        TrainConfig verbose = ModelFiles.config().toBuilder().verbose(true).build();
        Trainer fresh = TinyModels.trainer(verbose, TinyModels::cnn);
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        fresh.progressTo(new java.io.PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(fresh.resume(run)).contains(run.resolve("epoch-0002.nfc"));
        Trainer reference = TinyModels.trainer(verbose, TinyModels::cnn);
        reference.progressTo(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        reference.loadCheckpoint(files.checkpoint);
        ModelFiles.assertSame(files.fingerprint(fresh), files.fingerprint(reference), "resumed");
        String warnings = console.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(warnings)
                .contains("epoch-0005.nfc")
                .contains("epoch-0004.nfc")
                .contains("epoch-0003.nfc");
    }

    // ---- 5. values ----

    @Test
    void countersBeyondAnyRunAreRefused() {
        ModelFiles.CheckpointEdit epoch = new ModelFiles.CheckpointEdit(files.checkpoint);
        epoch.part("loop").put("epoch", (long) Integer.MAX_VALUE);
        epoch.part("loop").put("last_epoch", (long) Integer.MAX_VALUE);
        refusedCheckpoint(files.write("epoch.nfc", epoch.encode()), Problem.INVALID_VALUE, "loop epoch is 2147483647");
        ModelFiles.CheckpointEdit step = new ModelFiles.CheckpointEdit(files.checkpoint);
        step.part("loop").put("global_step", Long.MAX_VALUE);
        refusedCheckpoint(
                files.write("step.nfc", step.encode()),
                Problem.INVALID_VALUE,
                "loop global_step is 9223372036854775807");
        ModelFiles.CheckpointEdit steps = new ModelFiles.CheckpointEdit(files.checkpoint);
        long[] counts = steps.arrays.get("optimizer/steps").longs();
        counts[0] = Long.MAX_VALUE;
        steps.arrays.put(
                "optimizer/steps",
                io.netforge.io.CheckpointFile.Array.i64("optimizer/steps", new long[] {counts.length}, counts));
        refusedCheckpoint(
                files.write("steps.nfc", steps.encode()),
                Problem.INVALID_VALUE,
                "optimizer step count 9223372036854775807");
    }

    @Test
    void learningRatesThatNoTrainerTakesAreRefused() {
        ModelFiles.CheckpointEdit huge = new ModelFiles.CheckpointEdit(files.checkpoint);
        huge.part("schedule").put("base_lr", Map.of("double", "1.0E300"));
        refusedCheckpoint(files.write("huge.nfc", huge.encode()), Problem.INVALID_VALUE, "schedule base_lr is 1.0E300");
        ModelFiles.CheckpointEdit nan = new ModelFiles.CheckpointEdit(files.checkpoint);
        nan.part("schedule").put("base_lr", Map.of("double", "NaN"));
        refusedCheckpoint(files.write("nan-lr.nfc", nan.encode()), Problem.INVALID_VALUE, "schedule base_lr is NaN");
        ModelFiles.CheckpointEdit kind = new ModelFiles.CheckpointEdit(files.checkpoint);
        kind.part("optimizer").put("kind", "Adam(lr=NaN)");
        refusedCheckpoint(files.write("kind.nfc", kind.encode()), Problem.TAMPERED, "unreadable optimizer kind");
        ModelFiles.CheckpointEdit loose = new ModelFiles.CheckpointEdit(files.checkpoint);
        loose.part("optimizer").put("kind", "Adam(lr=0x1p-7, betas=(0.9, 0.999), eps=1e-08, weight_decay=0)");
        refusedCheckpoint(files.write("loose.nfc", loose.encode()), Problem.TAMPERED, "not a decimal number");
    }

    @Test
    void aNanLearningRateInAStepCheckpointsDataPositionIsRefused() throws IOException {
        Path file = dir.resolve("step.nfc");
        Trainer stepped = TinyModels.trainer(
                ModelFiles.config().toBuilder()
                        .callbacks(new Callback() {
                            @Override
                            public void onBatchEnd(TrainingContext context, BatchLogs logs) {
                                if (logs.epoch() == 2 && logs.batch() == 1) {
                                    try {
                                        context.trainer().saveCheckpoint(file);
                                    } catch (IOException e) {
                                        throw new java.io.UncheckedIOException(e);
                                    }
                                }
                            }
                        })
                        .build(),
                TinyModels::cnn);
        stepped.fit(TinyModels.bars(96, 3), TinyModels.bars(32, 4));
        ModelFiles.CheckpointEdit nan = new ModelFiles.CheckpointEdit(file);
        assertThat(nan.part("loop")).containsKey("position/learning_rate");
        nan.part("loop").put("position/learning_rate", Map.of("double", "NaN"));
        refusedCheckpoint(
                files.write("position.nfc", nan.encode()), Problem.INVALID_VALUE, "position/learning_rate is NaN");
    }

    @Test
    void aNegativeSecondMomentIsRefused() {
        ModelFiles.CheckpointEdit edit =
                new ModelFiles.CheckpointEdit(files.checkpoint).floats("optimizer/out/b/exp_avg_sq", v -> v[1] = -1f);
        refusedCheckpoint(
                files.write("moment.nfc", edit.encode()),
                Problem.INVALID_VALUE,
                "optimizer/out/b/exp_avg_sq holds -1.0 at [1]; a running average of squared gradients is never negative");
    }

    @Test
    void nonFiniteWeightsAreRefusedInAllThreeFormatsUnlessAllowed() throws IOException {
        Path nfc = files.write(
                "nan.nfc",
                new ModelFiles.CheckpointEdit(files.checkpoint)
                        .floats("model/out/W", v -> v[7] = Float.NaN)
                        .encode());
        refusedCheckpoint(nfc, Problem.INVALID_VALUE, "model/out/W holds NaN at [2, 1]");
        Path best = files.write(
                "inf-best.nfc",
                new ModelFiles.CheckpointEdit(files.checkpoint)
                        .floats("early_stopping/best/out/b", v -> v[0] = Float.NEGATIVE_INFINITY)
                        .encode());
        refusedCheckpoint(best, Problem.INVALID_VALUE, "early_stopping/best/out/b holds -Infinity at [0]");
        Path moment = files.write(
                "inf-moment.nfc",
                new ModelFiles.CheckpointEdit(files.checkpoint)
                        .floats("optimizer/out/W/exp_avg", v -> v[0] = Float.POSITIVE_INFINITY)
                        .encode());
        refusedCheckpoint(moment, Problem.INVALID_VALUE, "optimizer/out/W/exp_avg holds Infinity at [0, 0]");
        Path nfw = new ModelFiles.WeightsEdit(files.weights)
                .floats("out/W", v -> v[7] = Float.NaN)
                .write(dir.resolve("nan.nfw"));
        refused(() -> t.loadWeights(nfw), nfw, WeightsFormatException.class, "out/W holds NaN at [2, 1]");
        Path st = files.write(
                "nan.safetensors",
                new ModelFiles.SafetensorsEdit(files.safetensors)
                        .floats("out.weight", v -> v[7] = Float.POSITIVE_INFINITY)
                        .encode());
        refused(
                () -> t.importSafetensors(st),
                st,
                SafetensorsFormatException.class,
                "out.weight holds Infinity at [0, 7]");
        refused(
                () -> t.load(st),
                st,
                SafetensorsFormatException.class,
                "pass LoadOption.ALLOW_NON_FINITE to load them anyway");

        for (Path file : List.of(nfc, nfw, st)) {
            Trainer fresh = ModelFiles.newTrainer();
            fresh.load(file, LoadOption.ALLOW_NON_FINITE);
            float[] w = fresh.weights().get("out/W");
            assertThat(java.util.stream.IntStream.range(0, w.length).anyMatch(i -> !Float.isFinite(w[i])))
                    .as(file.toString())
                    .isTrue();
        }
        Trainer allowed = ModelFiles.newTrainer();
        allowed.loadCheckpoint(nfc, LoadOption.ALLOW_NON_FINITE);
        assertThat(allowed.weights().get("out/W")[7]).isNaN();
    }

    @Test
    void safetensorsOfAnotherModelOrArchitectureAreRefusedEvenWhenTheWeightsFit() {
        ModelFiles.SafetensorsEdit other = new ModelFiles.SafetensorsEdit(files.safetensors);
        other.metadata.put("netforge.model", "DigitsMlp");
        Path model = files.write("other-model.safetensors", other.encode());
        refused(
                () -> t.importSafetensors(model),
                model,
                SafetensorsFormatException.class,
                "exported from model DigitsMlp, not TinyCnn");
        ModelFiles.SafetensorsEdit arch = new ModelFiles.SafetensorsEdit(files.safetensors);
        arch.metadata.put("netforge.architecture", "5d1e" + "0".repeat(60));
        Path architecture = files.write("other-arch.safetensors", arch.encode());
        refused(
                () -> t.importSafetensors(architecture),
                architecture,
                SafetensorsFormatException.class,
                "exported from another architecture");
        ModelFiles.SafetensorsEdit plain = new ModelFiles.SafetensorsEdit(files.safetensors);
        plain.metadata.keySet().removeIf(k -> k.startsWith("netforge.") && !k.equals("netforge.normalization"));
        Path pytorch = files.write("plain.safetensors", plain.encode());
        Trainer fresh = ModelFiles.newTrainer();
        org.assertj.core.api.Assertions.assertThatCode(() -> fresh.importSafetensors(pytorch))
                .doesNotThrowAnyException();
    }

    // ---- 6. inputs ----

    @Test
    void aNonFinitePixelIsRefusedByEveryPredictionEntryPoint() {
        float[] sample = files.samples[0].clone();
        sample[8 * 3 + 5] = Float.NaN;
        Predictor p = t.predictor();
        String where = "holds NaN at position 29 (channel 0, row 3, column 5); inputs must be finite numbers";
        assertThatThrownBy(() -> p.probabilities(sample))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the sample " + where);
        assertThatThrownBy(() -> p.predict(sample)).hasMessageContaining("the sample " + where);
        assertThatThrownBy(() -> p.probabilitiesNormalized(sample)).hasMessageContaining("the sample " + where);
        float[][] batch = {files.samples[1], sample};
        assertThatThrownBy(() -> p.logits(batch)).hasMessageContaining("sample 1 " + where);
        assertThatThrownBy(() -> p.predict(batch)).hasMessageContaining("sample 1 " + where);
        assertThatThrownBy(() -> p.featureMaps("conv1", sample)).hasMessageContaining("the sample " + where);
        float[] inf = files.samples[0].clone();
        inf[0] = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> p.probabilities(inf))
                .hasMessageContaining("holds Infinity at position 0 (channel 0, row 0, column 0)");
    }

    @Test
    void aDatasetWithANonFiniteValueIsRefusedByFitEvaluateAndPredict() {
        Dataset good = TinyModels.bars(8, 5);
        float[] features = new float[8 * 64];
        int[] labels = new int[8];
        for (int i = 0; i < 8; i++) {
            good.copyFeatures(i, features, i * 64);
            labels[i] = good.label(i);
        }
        features[6 * 64 + 10] = Float.NaN;
        Dataset bad = new Dataset("bad", features, labels, new int[] {1, 8, 8}, 3);
        String where = "dataset 'bad': sample 6 holds NaN at position 10 (channel 0, row 1, column 2)";
        assertThatThrownBy(() -> t.fit(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(where);
        assertThatThrownBy(() -> t.fit(good, bad)).hasMessageContaining(where);
        assertThatThrownBy(() -> t.evaluate(bad)).hasMessageContaining(where);
        assertThatThrownBy(() -> t.predictor().predict(bad)).hasMessageContaining(where);
        assertThatThrownBy(() -> t.predictor().probabilities(bad)).hasMessageContaining(where);
        assertThatThrownBy(() -> t.predictor().featureMaps("conv1", bad, 6))
                .hasMessageContaining("sample 6 of dataset 'bad' holds NaN");
        ModelFiles.assertSame(files.fingerprint(t), before, "refused data changes nothing");
        assertThat(good.requireFinite()).isSameAs(good);
        assertThat(Optional.of(t.evaluate(good).accuracy())).isPresent();
    }
}
