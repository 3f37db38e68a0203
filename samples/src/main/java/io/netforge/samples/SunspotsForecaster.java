package io.netforge.samples;

import io.netforge.annotations.Adam;
import io.netforge.annotations.Dense;
import io.netforge.annotations.Input;
import io.netforge.annotations.Layer;
import io.netforge.annotations.Lstm;
import io.netforge.annotations.Model;
import io.netforge.annotations.Task;
import io.netforge.annotations.Train;

/**
 * A one-year-ahead forecaster of the yearly sunspot numbers (statsmodels' series, 1700–2008): the last
 * {@value #WINDOW} years read by an LSTM, its last state, one number out. Trained with MSE on windows standardized by the
 * training years' mean and deviation ({@code io.netforge.datasets.Windows}); its predictions come back in sunspots. In
 * Keras: {@code LSTM(32)} on {@code timeseries_dataset_from_array(x, y, sequence_length=12)}, {@code Dense(1)},
 * {@code loss="mse"}. The yardstick is the naive forecast, "next year as this year".
 */
@Model(input = @Input(steps = SunspotsForecaster.WINDOW, features = 1), task = Task.REGRESSION)
@Train(epochs = 60, batchSize = 16, seed = 42)
@Adam(learningRate = 3e-3)
public abstract class SunspotsForecaster {
    /** Years a forecast looks back: a little more than one solar cycle. */
    static final int WINDOW = 12;

    @Lstm(units = 32)
    Layer rnn;

    @Dense(1)
    Layer out;
}
