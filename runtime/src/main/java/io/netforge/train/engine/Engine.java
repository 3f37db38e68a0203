package io.netforge.train.engine;

import java.util.Locale;

/**
 * Which {@link StepEngine} computes a trainer's steps and predictions.
 *
 * <p>{@link #PLANNED} (the default) runs a plan made once per batch size from the model's recorded operations, over
 * preallocated arrays; {@link #SAMEDIFF} runs the generated SameDiff graph in SameDiff's session, the reference
 * the planned engine is tested against. Both train the same model to within float rounding. The default can be
 * changed for a whole JVM with {@code -Dnetforge.engine=samediff}. Measurements: docs/performance.md.
 */
public enum Engine {
    PLANNED,
    SAMEDIFF;

    /** The engine named by the system property {@code netforge.engine}, else {@link #PLANNED}. */
    public static Engine fromSystemProperty() {
        String name = System.getProperty("netforge.engine", "planned").trim();
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "-Dnetforge.engine=" + name + " is not an engine; use planned or samediff", e);
        }
    }
}
