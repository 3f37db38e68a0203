package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.annotations.Mode;
import io.netforge.data.Dataset;
import io.netforge.data.Transforms;
import io.netforge.io.CheckpointFile;
import io.netforge.train.state.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run interrupted after any epoch and resumed from its checkpoint ends exactly where the uninterrupted run
 * ends: the same weights, BatchNorm statistics, optimizer state, schedule, early-stopping decision and history,
 * bit for bit. Real Fashion-MNIST images, a CNN with BatchNorm and both kinds of dropout, augmentation,
 * standardization, DisturbLabel, label smoothing, weight decay and a learning-rate schedule: every source of
 * state and randomness a run has.
 */
class CheckpointResumeTest {
    private static final int EPOCHS = 4;

    private static TrainConfig config(LrSchedule schedule, Optional<EarlyStopping> early, Optimizer optimizer) {
        TrainConfig.Builder b = TrainConfig.builder()
                .verbose(false)
                .epochs(EPOCHS)
                .batchSize(50)
                .seed(11)
                .optimizer(optimizer)
                .schedule(schedule)
                .labelSmoothing(0.05)
                .disturbLabel(0.1)
                .prefetch(2);
        early.ifPresent(b::earlyStopping);
        return b.build();
    }

    private static Dataset train() throws IOException {
        return FashionSubset.train(0, 300).standardize().augment(Transforms.randomHorizontalFlip());
    }

    private static Dataset validation() throws IOException {
        return FashionSubset.train(50_000, 100);
    }

    private static void resumesBitIdentically(TrainConfig config, Path dir) throws IOException {
        Path full = dir.resolve("full");
        Trainer reference = TinyModels.trainer(
                config.toBuilder()
                        .checkpoints(Checkpoints.in(full).keepLast(100))
                        .build(),
                FashionSubset::cnn);
        History expected = reference.fit(train(), validation());
        Map<String, float[]> expectedWeights = reference.weights();
        List<Path> saved = Checkpoints.list(full);
        assertThat(saved).hasSize(expected.size());

        for (int k = 1; k < expected.size(); k++) {
            Trainer resumed = TinyModels.trainer(
                    config.toBuilder()
                            .checkpoints(
                                    Checkpoints.in(dir.resolve("resumed-" + k)).keepLast(100))
                            .build(),
                    FashionSubset::cnn);
            resumed.loadCheckpoint(full.resolve(String.format("epoch-%04d.nfc", k)));
            assertThat(resumed.epochsDone()).isEqualTo(k);
            History history = resumed.fit(train(), validation());

            assertThat(history.sameMetrics(expected))
                    .as("history after resuming at epoch %d:%n%s%nvs%n%s", k, history, expected)
                    .isTrue();
            Map<String, float[]> weights = resumed.weights();
            assertThat(weights.keySet()).containsExactlyElementsOf(expectedWeights.keySet());
            for (String name : weights.keySet()) {
                assertThat(weights.get(name))
                        .as("%s after resuming at epoch %d", name, k)
                        .containsExactly(expectedWeights.get(name));
            }
            // The last checkpoints agree on everything else too: optimizer buffers and steps, schedule, RNGs, best
            // weights.
            List<Path> mine = Checkpoints.list(dir.resolve("resumed-" + k));
            Path last = mine.get(mine.size() - 1);
            Path reference1 = full.resolve(last.getFileName());
            CheckpointFile.Contents a = CheckpointFile.read(reference1);
            CheckpointFile.Contents b = CheckpointFile.read(last);
            Map<String, State> sa = CheckpointCodec.states(reference1, a);
            Map<String, State> sb = CheckpointCodec.states(last, b);
            assertThat(sb.keySet()).containsExactlyElementsOf(sa.keySet());
            for (String key : sa.keySet()) {
                if (!key.equals("history")) { // its seconds differ; its metrics were compared above
                    assertThat(sb.get(key)).as(key).isEqualTo(sa.get(key));
                }
            }
            for (String key : List.of("epoch", "architecture")) {
                assertThat(b.metadata().get(key)).as(key).isEqualTo(a.metadata().get(key));
            }
        }
    }

    @Test
    void adamWithAStepScheduleAndBestWeights(@TempDir Path dir) throws IOException {
        resumesBitIdentically(
                config(
                        LrSchedule.step(1, 0.5),
                        Optional.of(new EarlyStopping(Metric.VAL_LOSS, Mode.AUTO, 10, 0, true, Optional.empty())),
                        new Optimizer.Adam(2e-3, 0.9, 0.999, 1e-8, 1e-4)),
                dir);
    }

    @Test
    void sgdWithMomentumAPerStepCosineScheduleAndPlateau(@TempDir Path dir) throws IOException {
        resumesBitIdentically(
                config(
                        LrSchedule.cosine(30, 1e-4)
                                .per(LrSchedule.Interval.STEP)
                                .withWarmup(5, 0.1),
                        Optional.empty(),
                        new Optimizer.Sgd(0.05, 0.9, 0, true, 5e-4)),
                dir.resolve("cosine"));
        resumesBitIdentically(
                config(
                        LrSchedule.reduceOnPlateau(LrSchedule.Mode.MIN, 0.5, 0),
                        Optional.empty(),
                        Optimizer.rmsProp(1e-3)),
                dir.resolve("plateau"));
    }

    @Test
    void earlyStoppingDecisionsSurviveAResume(@TempDir Path dir) throws IOException {
        // val_loss never improves by 10 after epoch 1: with patience 1 the run stops after epoch 3 of 6 and restores
        // epoch 1's weights, so resuming after epoch 2 must carry the wait count, and after epoch 3 the decision
        // itself.
        TrainConfig config = config(
                        LrSchedule.NONE,
                        Optional.of(new EarlyStopping(Metric.VAL_LOSS, Mode.AUTO, 1, 10, true, Optional.empty())),
                        Optimizer.adam(0.02))
                .toBuilder()
                .epochs(6)
                .build();
        Trainer probe = TinyModels.trainer(config, FashionSubset::cnn);
        History h = probe.fit(train(), validation());
        assertThat(h.size())
                .as("the run stops early, so the resume must carry that decision")
                .isEqualTo(3);
        resumesBitIdentically(config, dir);
    }

    @Test
    void resumeContinuesFromTheNewestCheckpointAndSkipsADamagedOne(@TempDir Path dir) throws IOException {
        TrainConfig config = config(LrSchedule.NONE, Optional.empty(), Optimizer.adam(1e-3));
        Path ckpt = dir.resolve("ckpt");
        Trainer first = TinyModels.trainer(
                config.toBuilder().checkpoints(Checkpoints.in(ckpt).keepLast(2)).build(), FashionSubset::cnn);
        assertThat(first.resume(ckpt)).isEmpty();
        first.fit(train(), validation());
        assertThat(Checkpoints.list(ckpt))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("epoch-0003.nfc", "epoch-0004.nfc");
        assertThat(ckpt.resolve(Checkpoints.BEST)).exists();

        // a damaged newest file: the previous one is used
        byte[] bytes = Files.readAllBytes(ckpt.resolve("epoch-0004.nfc"));
        Files.write(ckpt.resolve("epoch-0004.nfc"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Trainer second = TinyModels.trainer(config, FashionSubset::cnn);
        assertThat(second.resume(ckpt)).contains(ckpt.resolve("epoch-0003.nfc"));
        assertThat(second.epochsDone()).isEqualTo(3);
        History rest = second.fit(train(), validation());
        assertThat(rest.size()).isEqualTo(EPOCHS);
        assertThat(second.weights().get("fc/W")).containsExactly(first.weights().get("fc/W"));
    }
}
