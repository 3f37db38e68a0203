package io.netforge.util;

/**
 * The complementary error function in plain Java (the JDK has none), for the few places that compute GELU outside
 * ND4J: the generator's one-step layers. Numerical Recipes' Chebyshev fit {@code erfcc}: fractional error below 1.2e-7
 * everywhere, finer than a float's.
 */
public final class Erf {
    private static final double SQRT_HALF = Math.sqrt(0.5);

    /** The fit's coefficients, highest power of {@code t} first. */
    private static final double[] FIT = {
        0.17087277,
        -0.82215223,
        1.48851587,
        -1.13520398,
        0.27886807,
        -0.18628806,
        0.09678418,
        0.37409196,
        1.00002368,
        -1.26551223
    };

    private Erf() {}

    /** {@code erfc(x) = 1 - erf(x)}, to a fraction 1.2e-7 of its value. */
    public static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double poly = 0;
        for (double c : FIT) {
            poly = poly * t + c;
        }
        double r = t * Math.exp(-z * z + poly);
        return x >= 0 ? r : 2 - r;
    }

    /** PyTorch's exact GELU, {@code x Φ(x)} with {@code Φ(x) = erfc(-x/√2) / 2}. */
    public static double gelu(double x) {
        return 0.5 * x * erfc(-x * SQRT_HALF);
    }
}
