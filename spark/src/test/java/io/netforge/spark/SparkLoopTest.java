package io.netforge.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.annotations.Mode;
import io.netforge.data.Dataset;
import io.netforge.data.Splits;
import io.netforge.datasets.FashionMnist;
import io.netforge.train.Callback;
import io.netforge.train.Checkpoints;
import io.netforge.train.EarlyStopping;
import io.netforge.train.History;
import io.netforge.train.LrSchedule;
import io.netforge.train.LrScheduler;
import io.netforge.train.Metric;
import io.netforge.train.Optimizer;
import io.netforge.train.TrainConfig;
import io.netforge.train.Trainer;
import io.netforge.train.TrainingContext;
import io.netforge.train.progress.BatchLogs;
import io.netforge.train.progress.EpochResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark runs the trainer's own loop: a ReduceLROnPlateau schedule sees the metric it monitors (val_accuracy, mode
 * MAX), early stopping stops the run and restores the best weights, checkpoints are written and load, and the user's
 * callbacks are called — on {@code local[2]} with real Fashion-MNIST images.
 */
class SparkLoopTest {
    private static JavaSparkContext sc;
    private static Dataset train;
    private static Dataset validation;

    @BeforeAll
    static void start() throws IOException {
        sc = new JavaSparkContext(new SparkConf()
                .setMaster("local[2]")
                .setAppName("netforge-loop-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
        Splits all = FashionMnist.load();
        Splits s = new Splits(
                        all.train().subset(IntStream.range(0, 1280).toArray(), "fashion[:1280]"),
                        all.train().subset(IntStream.range(50_000, 50_500).toArray(), "fashion[50000:50500]"),
                        all.test())
                .standardize();
        train = s.train();
        validation = s.validation();
    }

    @AfterAll
    static void stop() {
        sc.close();
    }

    static TrainConfig plateau() {
        return TrainConfig.builder()
                .verbose(false)
                .epochs(3)
                .batchSize(64)
                .seed(3)
                .optimizer(Optimizer.adam(1e-3))
                .schedule(LrSchedule.reduceOnPlateau(LrSchedule.Mode.MAX, 0.5, 0))
                .scheduleMonitor(Metric.VAL_ACCURACY)
                .build();
    }

    static Trainer plateauTrainer() {
        return new Trainer(plateau(), SparkEquivalenceTest::cnn) {};
    }

    @Test
    void aPlateauScheduleOnValAccuracySeesValAccuracy() {
        SparkTrainer<Trainer> spark = new SparkTrainer<>(sc, SparkLoopTest::plateauTrainer, 2);
        try {
            History h = spark.fit(train, validation);
            assertThat(h.size()).isEqualTo(3);
            double[] acc = h.valAccuracy();
            double[] loss = h.valLoss();
            double[] lr = h.learningRate();
            System.out.printf(
                    "Spark plateau on val_accuracy: val_accuracy %s, val_loss %s, lr %s%n",
                    java.util.Arrays.toString(acc), java.util.Arrays.toString(loss), java.util.Arrays.toString(lr));
            // The case that tells the monitors apart: the model improves on both metrics in epoch 2, so a schedule fed
            // val_loss in MAX mode would see no improvement and halve the rate; fed val_accuracy, it keeps it.
            assertThat(acc[1]).as("val_accuracy improves in epoch 2").isGreaterThan(acc[0]);
            assertThat(loss[1]).as("val_loss improves in epoch 2").isLessThan(loss[0]);
            assertThat(lr[2]).as("the rate of epoch 3").isEqualTo(1e-3);
            // and every epoch's rate is what the schedule gives for the val_accuracy sequence
            LrScheduler expected =
                    LrSchedule.reduceOnPlateau(LrSchedule.Mode.MAX, 0.5, 0).start(1e-3);
            for (int e = 0; e < 3; e++) {
                assertThat(lr[e]).as("lr of epoch %d", e + 1).isEqualTo(expected.learningRate());
                expected.step(acc[e]);
            }
            assertThat(spark.trainer().learningRate()).isEqualTo(expected.learningRate());
        } finally {
            spark.close();
        }
    }

    /** Counts what the loop calls it with. */
    static final class Counter implements Callback {
        int batches;
        int epochs;

        @Override
        public void onBatchEnd(TrainingContext context, BatchLogs logs) {
            batches++;
        }

        @Override
        public void onEpochEnd(TrainingContext context, EpochResult logs) {
            epochs++;
        }
    }

    static Path checkpointDir;

    static Trainer stoppingTrainer() {
        // val_loss never improves by 10: the first epoch sets the best, the second makes patience 0 run out
        TrainConfig c = TrainConfig.builder()
                .verbose(false)
                .epochs(6)
                .batchSize(64)
                .seed(5)
                .optimizer(Optimizer.adam(1e-3))
                .earlyStopping(new EarlyStopping(Metric.VAL_LOSS, Mode.AUTO, 0, 10, true, Optional.empty()))
                .checkpoints(Checkpoints.in(checkpointDir).keepLast(5))
                .callbacks(new Counter())
                .build();
        return new Trainer(c, SparkEquivalenceTest::cnn) {};
    }

    @Test
    void earlyStoppingCheckpointsAndCallbacksWorkOnSpark(@TempDir Path dir) throws IOException {
        checkpointDir = dir;
        SparkTrainer<Trainer> spark = new SparkTrainer<>(sc, SparkLoopTest::stoppingTrainer, 2);
        try {
            History h = spark.fit(train, validation);
            assertThat(h.size()).as("stopped early").isEqualTo(2);
            Counter counter = (Counter) spark.trainer().config().callbacks().get(0);
            assertThat(counter.epochs).isEqualTo(2);
            assertThat(counter.batches).isEqualTo(2 * 20);
            assertThat(Checkpoints.list(dir))
                    .extracting(p -> p.getFileName().toString())
                    .containsExactly("epoch-0001.nfc", "epoch-0002.nfc");
            assertThat(dir.resolve(Checkpoints.BEST)).exists();

            // the best weights (epoch 1's) were restored, and are those of the epoch-1 checkpoint
            Trainer epoch1 = stoppingTrainer();
            epoch1.loadCheckpoint(dir.resolve("epoch-0001.nfc"));
            Map<String, float[]> want = epoch1.weights();
            Map<String, float[]> got = spark.trainer().weights();
            for (String name : want.keySet()) {
                assertThat(got.get(name)).as(name).containsExactly(want.get(name));
            }
            // a resume from the last checkpoint carries the decision to stop
            SparkTrainer<Trainer> again = new SparkTrainer<>(sc, SparkLoopTest::stoppingTrainer, 2);
            try {
                assertThat(again.trainer().resume(dir)).contains(dir.resolve("epoch-0002.nfc"));
                assertThat(again.fit(train, validation).size()).isEqualTo(2);
                assertThat(((Counter) again.trainer().config().callbacks().get(0)).batches)
                        .as("no step taken")
                        .isZero();
            } finally {
                again.close();
            }
        } finally {
            spark.close();
        }
    }
}
