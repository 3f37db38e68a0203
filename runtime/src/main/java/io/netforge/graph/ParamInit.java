package io.netforge.graph;

import io.netforge.annotations.WeightInit;
import java.util.Random;

/**
 * How a layer's weights and biases start. Values are drawn from the builder's seeded {@link Random} in
 * layer order, so the same seed gives the same initial weights (SameDiff's own init schemes did not
 * repeat under a fixed ND4J seed here).
 *
 * @param weights the weight scheme
 * @param mean mean for {@link WeightInit#NORMAL}
 * @param std standard deviation for {@link WeightInit#NORMAL}
 * @param bias constant for biases; ignored by {@link WeightInit#PYTORCH_DEFAULT}, which draws biases too
 */
public record ParamInit(WeightInit weights, double mean, double std, double bias) {
    private static final ParamInit PYTORCH = new ParamInit(WeightInit.PYTORCH_DEFAULT, 0, 0, 0);

    public ParamInit {
        if (weights == null) {
            throw new IllegalArgumentException("weights scheme must not be null");
        }
        if (weights == WeightInit.NORMAL && !(std > 0)) {
            throw new IllegalArgumentException("Invalid value for `std`. Expected a positive number. Received: std=" + std);
        }
    }

    /** PyTorch's default for Linear and Conv2d: weights and biases uniform in ±1/sqrt(fan_in). */
    public static ParamInit pytorchDefault() {
        return PYTORCH;
    }

    public static ParamInit of(WeightInit weights, double mean, double std, double bias) {
        return new ParamInit(weights, mean, std, bias);
    }

    /** Draws {@code n} weights for a layer with the given fans. */
    float[] drawWeights(Random rng, int n, long fanIn, long fanOut) {
        float[] w = new float[n];
        switch (weights) {
            case PYTORCH_DEFAULT -> uniform(rng, w, 1.0 / Math.sqrt(fanIn));
            case XAVIER_NORMAL -> normal(rng, w, 0, Math.sqrt(2.0 / (fanIn + fanOut)));
            case XAVIER_UNIFORM -> uniform(rng, w, Math.sqrt(6.0 / (fanIn + fanOut)));
            case HE_NORMAL -> normal(rng, w, 0, Math.sqrt(2.0 / fanIn));
            case HE_UNIFORM -> uniform(rng, w, Math.sqrt(6.0 / fanIn));
            case NORMAL -> normal(rng, w, mean, std);
            case ZEROS -> { }
        }
        return w;
    }

    /** Draws {@code n} biases for a layer with the given fan-in. */
    float[] drawBiases(Random rng, int n, long fanIn) {
        float[] b = new float[n];
        if (weights == WeightInit.PYTORCH_DEFAULT) {
            uniform(rng, b, 1.0 / Math.sqrt(fanIn));
        } else {
            java.util.Arrays.fill(b, (float) bias);
        }
        return b;
    }

    private static void uniform(Random rng, float[] out, double bound) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
    }

    private static void normal(Random rng, float[] out, double mean, double std) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (mean + std * rng.nextGaussian());
        }
    }
}
