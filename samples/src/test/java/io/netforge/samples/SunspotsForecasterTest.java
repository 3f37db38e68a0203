package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.data.Splits;
import io.netforge.datasets.Sunspots;
import io.netforge.datasets.Windows;
import io.netforge.metrics.RegressionReport;
import io.netforge.train.History;
import io.netforge.train.inference.Evaluation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sunspot forecaster, trained for real on statsmodels' yearly series that scripts/setup.sh extracts: it must beat
 * the naive "next year as this year" forecast on the test years 1947-2008, and the CLI must say so in its report.
 */
class SunspotsForecasterTest {
    @Test
    void countsKerasParameters() {
        // LSTM(32) on 1 feature: 4·32·(1 + 32) weights + 2·4·32 biases (PyTorch's two), Dense 32 → 1
        assertThat(new SunspotsForecasterTrainer().parameterCount()).isEqualTo(4 * 32 * (1 + 32) + 2 * 4 * 32 + 32 + 1);
    }

    @Test
    void beatsTheNaiveForecastOnTheTestYears() throws Exception {
        Splits data = Windows.splits("sunspots", Sunspots.load().values(), SunspotsForecaster.WINDOW, 1, 1, 0.8, 0.1);
        assertThat(data.test().size()).isEqualTo(62); // targets 1947..2008
        RegressionReport naive = Windows.naiveForecast(data.test());
        SunspotsForecasterTrainer trainer =
                SunspotsForecasterTrainer.builder().verbose(false).create();
        History h = trainer.fit(data.train(), data.validation());
        Evaluation test = trainer.evaluate(data.test());
        System.out.println("sunspots: " + test + "; naive forecast " + naive + "; val_rmse "
                + h.last().valRmse());
        assertThat(naive.rmse()).isBetween(33.0, 33.5); // fixed by the data: 33.28 sunspots
        assertThat(test.rmse()).isLessThan(0.75 * naive.rmse());
        assertThat(test.r2()).isGreaterThan(0.8);
        // a forecast for 2009 from 1997-2008, in sunspots (the model undoes its scaling)
        double[] all = Sunspots.load().values();
        float[] last = new float[SunspotsForecaster.WINDOW];
        for (int k = 0; k < last.length; k++) {
            last[k] = (float) all[all.length - last.length + k];
        }
        float forecast = trainer.predictor().predictValues(last)[0];
        assertThat(forecast).isBetween(-20f, 80f); // the 2008 minimum was 2.9; 2009 had 3.1
    }

    @Test
    void theCommandLineReportsTheErrorsAgainstTheNaiveForecast(@TempDir Path runs) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        assertThat(Main.run(
                        new PrintStream(captured, true, StandardCharsets.UTF_8),
                        "sunspots",
                        "--epochs",
                        "3",
                        "--runs",
                        runs.toString()))
                .isZero();
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .containsPattern("Test RMSE: [\\d.]+, MAE [\\d.]+, R² -?[\\d.]+ on 62 samples \\(naive forecast: RMSE"
                        + " 33.28\\)")
                .contains("val_mae: ")
                .doesNotContain("accuracy: ");
        Path report;
        try (var dirs = Files.list(runs)) {
            report = dirs.findFirst().orElseThrow();
        }
        assertThat(report.resolve("predicted_vs_actual.png")).exists();
        assertThat(report.resolve("forecast.png")).exists();
        assertThat(report.resolve("errors.png")).exists();
        assertThat(Files.readString(report.resolve("history.csv")))
                .startsWith("epoch,loss,accuracy,val_loss")
                .contains("val_mae,val_rmse,val_r2");
        assertThat(Files.readString(report.resolve("report.html")))
                .contains("test RMSE")
                .contains("naive forecast RMSE");
        assertThat(Files.readString(report.resolve("metrics.json"))).contains("\"baseline_rmse\": 33.27");
    }
}
