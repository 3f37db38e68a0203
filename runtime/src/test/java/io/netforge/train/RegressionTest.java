package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.netforge.annotations.Bidirectional;
import io.netforge.annotations.LossFunction;
import io.netforge.annotations.Task;
import io.netforge.data.Dataset;
import io.netforge.data.Normalization;
import io.netforge.data.Splits;
import io.netforge.datasets.Windows;
import io.netforge.graph.GraphBuilder;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Node;
import io.netforge.graph.ParamInit;
import io.netforge.graph.Penalty;
import io.netforge.metrics.RegressionReport;
import io.netforge.onnx.OnnxRuntimeCheck;
import io.netforge.train.engine.Engine;
import io.netforge.train.inference.Evaluation;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression end to end on windows of a noisy sine wave: both engines learn it alike with each regression loss, the
 * model keeps the training targets' scaling and gives predictions, metrics, its weights file and its ONNX export in the
 * targets' own units, and data of the wrong kind is refused with a message that says what to do.
 */
class RegressionTest {
    @TempDir
    Path dir;

    static final int WINDOW = 16;

    /** A sine of period 25 around 1,000 with amplitude 300 plus noise: far from standardized, so scaling matters. */
    static double[] wave(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 1000 + 300 * Math.sin(2 * Math.PI * i / 25.0) + 20 * r.nextGaussian();
        }
        return v;
    }

    static LongFunction<NetGraph> model(LossFunction loss) {
        return seed -> {
            GraphBuilder g = new GraphBuilder("TinyForecaster", seed);
            Node x = g.sequenceInput(WINDOW, 1);
            x = g.gru("rnn", x, 12, false, Bidirectional.NONE, ParamInit.pytorchDefault(), Penalty.NONE);
            x = g.dense("out", x, 1, true, ParamInit.pytorchDefault(), Penalty.NONE);
            return g.build(x, 1, loss, Task.REGRESSION);
        };
    }

    static Trainer trainer(Engine engine, LossFunction loss) {
        TrainConfig config = TrainConfig.builder()
                .verbose(false)
                .epochs(12)
                .learningRate(0.01)
                .batchSize(16)
                .seed(3)
                .loss(loss)
                .engine(engine)
                .build();
        return TinyModels.trainer(config, model(loss));
    }

    @Test
    void bothEnginesLearnTheWaveWithEveryRegressionLossAndBeatTheNaiveForecast() {
        Splits data = Windows.splits("wave", wave(400, 1), WINDOW, 1, 1, 0.8, 0.1);
        RegressionReport naive = Windows.naiveForecast(data.test());
        for (LossFunction loss : new LossFunction[] {LossFunction.MSE, LossFunction.MAE, LossFunction.HUBER}) {
            double[] rmse = new double[2];
            Engine[] engines = {Engine.PLANNED, Engine.SAMEDIFF};
            for (int e = 0; e < 2; e++) {
                Trainer t = trainer(engines[e], loss);
                History h = t.fit(data.train(), data.validation());
                assertThat(h.last().valMae())
                        .as("%s %s val_mae", loss, engines[e])
                        .isFinite();
                assertThat(h.last().accuracy()).isNaN();
                Evaluation test = t.evaluate(data.test());
                rmse[e] = test.rmse();
                assertThat(test.r2()).as("%s %s R²", loss, engines[e]).isGreaterThan(0.9);
                assertThat(test.rmse()).as("%s %s RMSE", loss, engines[e]).isLessThan(0.6 * naive.rmse());
            }
            assertThat(rmse[1]).as("%s: engines agree", loss).isCloseTo(rmse[0], within(0.15 * rmse[0]));
        }
    }

    /**
     * The model adopts the training windows' target scaling; {@code predictValues} undoes it, agreeing with the raw
     * targets' units of {@code evaluate}; the weights file and the ONNX {@code values} output carry it.
     */
    @Test
    void predictionsAreInTheTargetsUnitsAndTheScalingTravelsWithTheModel() throws Exception {
        double[] series = wave(300, 2);
        Splits data = Windows.splits("wave", series, WINDOW, 1, 1, 0.8, 0);
        Trainer t = trainer(Engine.PLANNED, LossFunction.MSE);
        t.fit(data.train());
        Normalization scaling = t.modelState().targetScaling();
        assertThat(scaling).isEqualTo(data.train().targetScaling());
        assertThat(scaling.first()[0]).isCloseTo(1000f, within(30f));

        Dataset test = data.test();
        float[][] values = t.predictor().predictValues(test);
        Evaluation e = t.evaluate(test);
        double abs = 0;
        for (int i = 0; i < test.size(); i++) {
            float raw = (float) series[series.length - test.size() + i];
            assertThat(e.regression().actual()[i]).isCloseTo(raw, within(0.05f));
            assertThat(e.regression().predicted()[i]).isEqualTo(values[i][0]);
            abs += Math.abs(values[i][0] - raw);
        }
        assertThat(e.mae()).isCloseTo(abs / test.size(), within(0.05));
        // a raw window: normalized by the model, the same forecast
        float[] raw = new float[WINDOW];
        for (int k = 0; k < WINDOW; k++) {
            raw[k] = (float) series[series.length - test.size() - WINDOW + k];
        }
        assertThat(t.predictor().predictValues(raw)[0]).isCloseTo(values[0][0], within(1e-3f));

        // the same windows with raw targets (features as they are): the same errors, the loss in training units
        float[] features = new float[test.size() * WINDOW];
        float[] rawTargets = new float[test.size()];
        for (int i = 0; i < test.size(); i++) {
            test.copyFeatures(i, features, i * WINDOW);
            rawTargets[i] = (float) series[series.length - test.size() + i];
        }
        Evaluation unscaled = t.evaluate(Dataset.regression(
                "raw targets",
                features,
                new int[] {WINDOW, 1},
                rawTargets,
                1,
                test.normalization(),
                Normalization.none()));
        assertThat(unscaled.mae()).isCloseTo(e.mae(), within(1e-3));
        assertThat(unscaled.rmse()).isCloseTo(e.rmse(), within(1e-3));
        assertThat(unscaled.loss()).isCloseTo(e.loss(), within(1e-4));
        // a dataset copies what it is given
        float[] mine = {1f, 2f};
        Dataset copied = Dataset.regression("copied", new float[2], new int[] {1}, mine, 1);
        mine[0] = Float.NaN;
        assertThat(copied.targets(0)).containsExactly(1f);

        Path weights = dir.resolve("wave.nfw");
        t.saveWeights(weights);
        Trainer loaded = trainer(Engine.PLANNED, LossFunction.MSE);
        loaded.loadWeights(weights);
        assertThat(loaded.modelState().targetScaling()).isEqualTo(scaling);
        assertThat(loaded.predictor().predictValues(raw)[0])
                .isEqualTo(t.predictor().predictValues(raw)[0]);

        Path onnx = dir.resolve("wave.onnx");
        t.exportOnnx(onnx);
        float[][][] out =
                OnnxRuntimeCheck.run(onnx, new float[][] {raw}, t.graph().inputShape());
        assertThat(out[1][0][0]).as("ONNX `values`").isCloseTo(values[0][0], within(1e-2f));
        OnnxRuntimeCheck.checker(List.of(onnx));
    }

    @Test
    void windowsAreCutInTimeAndScaledByTheTrainingPartAlone() {
        double[] v = new double[100];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        Splits s = Windows.splits("ramp", v, 5, 2, 1, 0.8, 0.1);
        // training targets lie before 70, validation targets in [70, 80), test targets from 80 on
        float mean = s.train().targetScaling().first()[0];
        float std = s.train().targetScaling().divisor(0);
        assertThat(mean).isEqualTo(34.5f); // the mean of 0..69 only
        assertThat(std).isCloseTo((float) Math.sqrt((70 * 70 - 1) / 12.0), within(1e-4f));
        assertThat(s.train().size()).isEqualTo(70 - 6);
        assertThat(s.validation().size()).isEqualTo(10);
        assertThat(s.test().size()).isEqualTo(20);
        float[] first = s.test().features(0);
        // the first test window: values 74..78, target 80 (horizon 2 after 78)
        assertThat(first[0] * std + mean).isCloseTo(74f, within(1e-4f));
        assertThat(first[4] * std + mean).isCloseTo(78f, within(1e-4f));
        assertThat(s.test().targets(0)[0] * std + mean).isCloseTo(80f, within(1e-4f));
        // the naive forecast of a ramp with horizon 2 is off by exactly 2
        RegressionReport naive = Windows.naiveForecast(s.test());
        assertThat(naive.mae()).isCloseTo(2, within(1e-4));
        assertThat(naive.rmse()).isCloseTo(2, within(1e-4));
        assertThatThrownBy(() -> Windows.splits("short", new double[] {1, 2, 3, 4}, 5, 1, 1, 0.8, 0))
                .hasMessageContaining("too few for windows of 5");
        assertThatThrownBy(() -> Windows.splits("flat", new double[50], 5, 1, 1, 0.8, 0))
                .hasMessageContaining("is constant");
    }

    /** scikit-learn's metrics on a small case, by hand: MAE, RMSE and R² (uniform average over two outputs). */
    @Test
    void errorMetricsByHand() {
        float[] predicted = {1, 10, 2, 20, 4, 30};
        float[] actual = {1, 12, 3, 18, 5, 31};
        RegressionReport r = RegressionReport.of(predicted, actual, 2);
        assertThat(r.mae()).isCloseTo((0 + 2 + 1 + 2 + 1 + 1) / 6.0, within(1e-12));
        assertThat(r.rmse()).isCloseTo(Math.sqrt((0 + 4 + 1 + 4 + 1 + 1) / 6.0), within(1e-12));
        // output 0: actual 1,3,5 (mean 3, SS_tot 8), residuals 0,1,1 → 1 - 2/8; output 1: actual 12,18,31 (mean
        // 61/3, SS_tot 190.67), residuals 2,2,1 → 1 - 9/190.67
        double ssTot1 = Math.pow(12 - 61 / 3.0, 2) + Math.pow(18 - 61 / 3.0, 2) + Math.pow(31 - 61 / 3.0, 2);
        assertThat(r.r2()).isCloseTo(((1 - 2 / 8.0) + (1 - 9 / ssTot1)) / 2, within(1e-12));
    }

    @Test
    void theWrongKindOfDataOrSettingIsRefusedWithWhatToDo() {
        Splits data = Windows.splits("wave", wave(200, 3), WINDOW, 1, 1, 0.8, 0);
        Trainer regression = trainer(Engine.PLANNED, LossFunction.MSE);
        Dataset labelled =
                new Dataset("labelled", new float[3 * WINDOW], new int[] {0, 1, 0}, new int[] {WINDOW, 1}, 2);
        assertThatThrownBy(() -> regression.fit(labelled))
                .hasMessageContaining("is a regression model but dataset 'labelled' holds class labels");
        assertThatThrownBy(() -> regression.predictor().probabilities(new float[WINDOW]))
                .hasMessageContaining("is a regression model; it has no class probabilities (use predictValues)");
        assertThatThrownBy(() -> TinyModels.trainer(
                        TrainConfig.builder()
                                .verbose(false)
                                .loss(LossFunction.MSE)
                                .labelSmoothing(0.1)
                                .build(),
                        model(LossFunction.MSE)))
                .hasMessageContaining("label smoothing and DisturbLabel change class labels");
        Trainer classifier =
                TinyModels.trainer(TrainConfig.builder().verbose(false).build(), TinyModels::mlp);
        assertThatThrownBy(() -> classifier.evaluate(
                        Dataset.regression("numbers", new float[4], new int[] {2}, new float[] {1, 2}, 1)))
                .hasMessageContaining("is a classifier but dataset 'numbers' holds regression targets");
        assertThatThrownBy(() -> data.train().label(0)).hasMessageContaining("holds regression targets");
        assertThatThrownBy(() -> Dataset.regression("nan", new float[2], new int[] {1}, new float[] {1, Float.NaN}, 1))
                .hasMessageContaining("target 0 of sample 1 is NaN");
    }

    @Test
    void historyKeepsTheRegressionColumnsThroughCsvAndCheckpoints() throws Exception {
        History h = new History();
        h.add(new io.netforge.train.progress.EpochResult(
                1, 0.5, Double.NaN, 0.4, Double.NaN, 0.01, 1.5, 0.1, 12.5, 15.25, 0.75));
        String csv = h.toCsv();
        assertThat(csv.lines().findFirst().orElseThrow())
                .isEqualTo("epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds,data_seconds,val_mae,"
                        + "val_rmse,val_r2");
        History back = History.parseCsv(csv, "h.csv");
        assertThat(back.last()).isEqualTo(h.last());
        assertThat(h.toJson()).contains("\"val_rmse\": [15.25]");
    }
}
