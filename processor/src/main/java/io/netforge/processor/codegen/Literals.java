package io.netforge.processor.codegen;

/** Java source literals for annotation values, written the same way on every run. */
final class Literals {
    private Literals() {}

    /** {@code 0.5}, {@code 1.0E-8}: {@link Double#toString}, which is exact and round-trips. */
    static String of(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("not a finite number: " + d);
        }
        return Double.toString(d);
    }

    static String of(long l) {
        return l + "L";
    }
}
