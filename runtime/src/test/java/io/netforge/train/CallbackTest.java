package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.data.Dataset;
import io.netforge.data.Transforms;
import io.netforge.train.inference.Evaluation;
import io.netforge.train.progress.BatchLogs;
import io.netforge.train.progress.EpochResult;
import io.netforge.train.state.State;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop calls the user's callbacks in Keras' order with the epoch's metrics, stops when one asks, and carries a
 * callback's state through a checkpoint; a checkpoint taken every few steps resumes mid-epoch exactly. Real
 * Fashion-MNIST images and a CNN with BatchNorm, both kinds of dropout, DisturbLabel and augmentation.
 */
class CallbackTest {
    private static TrainConfig.Builder config() {
        return TrainConfig.builder()
                .verbose(false)
                .epochs(2)
                .batchSize(50)
                .seed(7)
                .optimizer(Optimizer.adam(2e-3))
                .disturbLabel(0.1)
                .labelSmoothing(0.05);
    }

    private static Dataset train() throws IOException {
        return FashionSubset.train(0, 300).standardize().augment(Transforms.randomHorizontalFlip());
    }

    private static Dataset validation() throws IOException {
        return FashionSubset.train(50_000, 100);
    }

    /** Writes down every hook call. */
    static final class Recorder implements Callback {
        final List<String> calls = new ArrayList<>();
        final List<EpochResult> epochs = new ArrayList<>();
        final List<BatchLogs> batches = new ArrayList<>();

        @Override
        public void onTrainBegin(TrainingContext context) {
            calls.add("train_begin");
        }

        @Override
        public void onEpochBegin(TrainingContext context, int epoch) {
            calls.add("epoch_begin " + epoch);
        }

        @Override
        public void onBatchBegin(TrainingContext context, int batch) {
            calls.add("batch_begin " + batch);
        }

        @Override
        public void onBatchEnd(TrainingContext context, BatchLogs logs) {
            calls.add("batch_end " + logs.batch());
            batches.add(logs);
        }

        @Override
        public void onValidationEnd(TrainingContext context, Evaluation validation) {
            calls.add("validation_end");
        }

        @Override
        public void onEpochEnd(TrainingContext context, EpochResult logs) {
            calls.add("epoch_end " + logs.epoch());
            epochs.add(logs);
        }

        @Override
        public void onTrainEnd(TrainingContext context, History history) {
            calls.add("train_end " + history.size());
        }
    }

    @Test
    void hooksRunInKerasOrderWithTheEpochsMetrics() throws IOException {
        Recorder r = new Recorder();
        Trainer t = TinyModels.trainer(config().callbacks(r).build(), FashionSubset::cnn);
        History h = t.fit(train(), validation());

        List<String> expected = new ArrayList<>(List.of("train_begin"));
        for (int e = 1; e <= 2; e++) {
            expected.add("epoch_begin " + e);
            for (int b = 1; b <= 6; b++) {
                expected.add("batch_begin " + b);
                expected.add("batch_end " + b);
            }
            expected.add("validation_end");
            expected.add("epoch_end " + e);
        }
        expected.add("train_end 2");
        assertThat(r.calls).containsExactlyElementsOf(expected);
        assertThat(r.epochs).containsExactlyElementsOf(h.epochs());
        assertThat(r.epochs.get(1).valAccuracy()).isBetween(0.0, 1.0);
        // the logs of a batch: its own loss, the epoch's running mean, the step count over the trainer's life
        assertThat(r.batches)
                .extracting(BatchLogs::globalStep)
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        BatchLogs last = r.batches.get(5);
        double mean = r.batches.subList(0, 6).stream()
                        .mapToDouble(b -> b.loss() * b.size())
                        .sum()
                / 300;
        assertThat(last.epochLoss()).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(last.epochLoss()).isEqualTo(h.epochs().get(0).loss());
        assertThat(last.learningRate()).isEqualTo(2e-3);
        assertThat(t.globalStep()).isEqualTo(12);
    }

    @Test
    void aStopAskedForDuringABatchEndsThatEpochAndTheRun() throws IOException {
        Callback stopAtThree = new Callback() {
            @Override
            public void onBatchEnd(TrainingContext context, BatchLogs logs) {
                if (logs.globalStep() == 3) {
                    context.requestStop("three steps are enough");
                }
            }
        };
        Recorder r = new Recorder();
        Trainer t =
                TinyModels.trainer(config().epochs(5).callbacks(stopAtThree, r).build(), FashionSubset::cnn);
        History h = t.fit(train(), validation());
        assertThat(h.size()).isEqualTo(1);
        assertThat(t.globalStep()).isEqualTo(3);
        assertThat(r.calls).endsWith("batch_end 3", "validation_end", "epoch_end 1", "train_end 1");
        // the epoch's metrics are those of the three batches it trained on
        double mean = r.batches.stream().mapToDouble(b -> b.loss() * b.size()).sum() / 150;
        assertThat(h.last().loss()).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-9));
    }

    /** Counts the batches it has seen over the whole run and keeps the count in checkpoints. */
    static final class BatchCounter implements Callback {
        long seen;
        double lastLoss = Double.NaN;

        @Override
        public void onBatchEnd(TrainingContext context, BatchLogs logs) {
            seen++;
            lastLoss = logs.loss();
        }

        @Override
        public String stateKey() {
            return "batch_counter";
        }

        @Override
        public void saveState(State state) {
            state.put("seen", seen).put("last_loss", lastLoss);
        }

        @Override
        public void loadState(State state) {
            seen = state.getLong("seen");
            lastLoss = state.getDouble("last_loss");
        }
    }

    @Test
    void aCallbacksStateSurvivesAResumeAndAStepCheckpointResumesMidEpochExactly(@TempDir Path dir) throws IOException {
        BatchCounter full = new BatchCounter();
        Trainer reference = TinyModels.trainer(
                config().callbacks(full)
                        .checkpoints(Checkpoints.in(dir.resolve("full"))
                                .everySteps(4)
                                .keepLast(100))
                        .build(),
                FashionSubset::cnn);
        History expected = reference.fit(train(), validation());
        assertThat(full.seen).isEqualTo(12);
        List<Path> saved = Checkpoints.list(dir.resolve("full"));
        assertThat(saved)
                .extracting(p -> p.getFileName().toString())
                .containsExactly(
                        "epoch-0001-step-00000004.nfc",
                        "epoch-0002-step-00000008.nfc",
                        "epoch-0002-step-00000012.nfc",
                        "epoch-0002.nfc");

        // step 4 is in the middle of epoch 1 (6 batches): the resumed run skips 4 batches and trains the other 2
        BatchCounter resumedCounter = new BatchCounter();
        Trainer resumed = TinyModels.trainer(config().callbacks(resumedCounter).build(), FashionSubset::cnn);
        resumed.loadCheckpoint(saved.get(0));
        assertThat(resumed.epochsDone()).isZero();
        assertThat(resumed.globalStep()).isEqualTo(4);
        assertThat(resumedCounter.seen).as("the callback's state came back").isEqualTo(4);
        History history = resumed.fit(train(), validation());

        assertThat(resumedCounter.seen).isEqualTo(12);
        assertThat(resumedCounter.lastLoss).isEqualTo(full.lastLoss);
        assertThat(history.sameMetrics(expected))
                .as("%s%nvs%n%s", history, expected)
                .isTrue();
        Map<String, float[]> want = reference.weights();
        Map<String, float[]> got = resumed.weights();
        for (String name : want.keySet()) {
            assertThat(got.get(name)).as(name).containsExactly(want.get(name));
        }
    }

    @Test
    void twoCallbacksSavingUnderOneKeyAreAnErrorNamingTheKey(@TempDir Path dir) {
        Trainer t = TinyModels.trainer(
                config().callbacks(new BatchCounter(), new BatchCounter()).build(), FashionSubset::cnn);
        assertThatThrownBy(() -> t.saveCheckpoint(dir.resolve("c.nfc")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("under the key 'batch_counter'")
                .hasMessageContaining("stateKey()");
    }

    @Test
    void aStopAskedForBeforeAnEpochsFirstBatchDoesNotCountThatEpoch() throws IOException {
        Callback stopAtEpochTwo = new Callback() {
            @Override
            public void onEpochBegin(TrainingContext context, int epoch) {
                if (epoch == 2) {
                    context.requestStop("one epoch is enough");
                }
            }
        };
        Recorder r = new Recorder();
        Trainer t = TinyModels.trainer(
                config().epochs(5).callbacks(stopAtEpochTwo, r).build(), FashionSubset::cnn);
        History h = t.fit(train(), validation());
        assertThat(h.size()).isEqualTo(1);
        assertThat(t.epochsDone()).isEqualTo(1);
        assertThat(r.calls).endsWith("epoch_end 1", "epoch_begin 2", "train_end 1");
    }
}
