package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stops training when the monitored metric has not improved for {@code patience} epochs, as Keras'
 * {@code EarlyStopping}; the best weights are kept in memory, restored at the end, and, with
 * {@code saveBestTo}, written to disk each time they improve.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface EarlyStopping {
    /** {@code val_loss}, {@code val_accuracy}, {@code loss} or {@code accuracy}. */
    String monitor() default "val_loss";

    Mode mode() default Mode.AUTO;

    int patience() default 5;

    /** The least change that counts as an improvement. */
    double minDelta() default 0;

    /** Restore the best epoch's weights when training ends. */
    boolean restoreBestWeights() default true;

    /** A file the best model is written to whenever it improves; empty for none. */
    String saveBestTo() default "";
}
