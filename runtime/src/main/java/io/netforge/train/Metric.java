package io.netforge.train;

import io.netforge.train.progress.EpochResult;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A metric of an epoch that early stopping, a ReduceLROnPlateau schedule or checkpoints can monitor: the columns of
 * the {@link History}, printed and parsed under Keras' names ({@code val_loss}, {@code val_accuracy}, {@code loss},
 * {@code accuracy}).
 */
public enum Metric {
    VAL_LOSS("val_loss"),
    VAL_ACCURACY("val_accuracy"),
    LOSS("loss"),
    ACCURACY("accuracy"),
    /** A regression model's validation MAE, in the targets' units. */
    VAL_MAE("val_mae"),
    /** A regression model's validation RMSE, in the targets' units. */
    VAL_RMSE("val_rmse");

    private final String key;

    Metric(String key) {
        this.key = key;
    }

    /** Keras' name: {@code val_loss}, … */
    public String key() {
        return key;
    }

    /**
     * The metric named {@code key} (Keras' name).
     *
     * @param setting the setting's name, for the message
     * @throws IllegalArgumentException for another name, listing the names
     */
    public static Metric of(String setting, String key) {
        for (Metric m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("Invalid value for `" + setting + "`. Expected one of "
                + Arrays.stream(values()).map(Metric::key).collect(Collectors.joining(", ")) + ". Received: " + setting
                + "=" + key);
    }

    /** {@link #of(String, String)} for a monitor. */
    public static Metric of(String key) {
        return of("monitor", key);
    }

    /** Whether it is measured on the validation data (and needs some). */
    public boolean needsValidation() {
        return this == VAL_LOSS || this == VAL_ACCURACY || this == VAL_MAE || this == VAL_RMSE;
    }

    /** Whether larger is better (the accuracies). */
    public boolean isAccuracy() {
        return this == VAL_ACCURACY || this == ACCURACY;
    }

    /** Its value in one epoch's result. */
    public double of(EpochResult r) {
        return switch (this) {
            case VAL_LOSS -> r.valLoss();
            case VAL_ACCURACY -> r.valAccuracy();
            case LOSS -> r.loss();
            case ACCURACY -> r.accuracy();
            case VAL_MAE -> r.valMae();
            case VAL_RMSE -> r.valRmse();
        };
    }

    @Override
    public String toString() {
        return key;
    }
}
