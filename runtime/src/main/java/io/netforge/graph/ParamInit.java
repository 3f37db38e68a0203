package io.netforge.graph;

import io.netforge.annotations.WeightInit;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
            throw new IllegalArgumentException(
                    "Invalid value for `std`. Expected a positive number. Received: std=" + std);
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
        DoubleSupplier source = weightSource(rng, fanIn, fanOut);
        if (source != null) {
            for (int i = 0; i < n; i++) {
                w[i] = (float) source.getAsDouble();
            }
        }
        return w;
    }

    /**
     * Draws a layer's weights straight into {@code target} (a new, zeroed FLOAT array in 'c' order): the values
     * {@link #drawWeights} would return, in the same order from the same generator, a chunk at a time, so that no
     * Java array of the layer's size is needed (the arrays live off-heap; a layer larger than the heap still starts).
     */
    void fillWeights(Random rng, INDArray target, long fanIn, long fanOut) {
        fill(target, weightSource(rng, fanIn, fanOut));
    }

    /** Draws {@code n} biases for a layer with the given fan-in. */
    float[] drawBiases(Random rng, int n, long fanIn) {
        float[] b = new float[n];
        DoubleSupplier source = biasSource(rng, fanIn);
        for (int i = 0; i < n; i++) {
            b[i] = (float) source.getAsDouble();
        }
        return b;
    }

    /** As {@link #fillWeights}, for {@link #drawBiases}. */
    void fillBiases(Random rng, INDArray target, long fanIn) {
        fill(target, biasSource(rng, fanIn));
    }

    /** The weights' values one at a time, or null for zeros. */
    private DoubleSupplier weightSource(Random rng, long fanIn, long fanOut) {
        return switch (weights) {
            case PYTORCH_DEFAULT -> uniform(rng, 1.0 / Math.sqrt((double) fanIn));
            case XAVIER_NORMAL -> normal(rng, 0, Math.sqrt(2.0 / (double) (fanIn + fanOut)));
            case XAVIER_UNIFORM -> uniform(rng, Math.sqrt(6.0 / (fanIn + fanOut)));
            case HE_NORMAL -> normal(rng, 0, Math.sqrt(2.0 / fanIn));
            case HE_UNIFORM -> uniform(rng, Math.sqrt(6.0 / fanIn));
            case NORMAL -> normal(rng, mean, std);
            case ZEROS -> null;
        };
    }

    private DoubleSupplier biasSource(Random rng, long fanIn) {
        return weights == WeightInit.PYTORCH_DEFAULT ? uniform(rng, 1.0 / Math.sqrt((double) fanIn)) : () -> bias;
    }

    private static DoubleSupplier uniform(Random rng, double bound) {
        return () -> (rng.nextDouble() * 2 - 1) * bound;
    }

    private static DoubleSupplier normal(Random rng, double mean, double std) {
        return () -> mean + std * rng.nextGaussian();
    }

    /** Fills {@code target} from N(0, {@code std}): PyTorch's {@code nn.Embedding} initialization with std 1. */
    static void fillNormal(Random rng, INDArray target, double std) {
        fill(target, normal(rng, 0, std));
    }

    private static final int CHUNK = 8192;

    private static void fill(INDArray target, DoubleSupplier source) {
        if (source == null) {
            return;
        }
        // through a pointer of its own, not the NIO view, which cannot reach past 2 GB
        FloatPointer view = new FloatPointer(target.data().addressPointer());
        float[] chunk = new float[CHUNK];
        long n = target.length();
        for (long done = 0; done < n; ) {
            int len = (int) Math.min(CHUNK, n - done);
            for (int i = 0; i < len; i++) {
                chunk[i] = (float) source.getAsDouble();
            }
            view.position(done).put(chunk, 0, len);
            done += len;
        }
        Nd4j.getAffinityManager().tagLocation(target, AffinityManager.Location.HOST);
    }
}
