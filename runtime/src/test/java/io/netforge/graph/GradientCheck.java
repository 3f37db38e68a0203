package io.netforge.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite-difference gradient check of a built graph's training loss. Graphs under check are built in
 * double precision, so central differences are accurate to ~1e-8 and a wrong gradient cannot hide in
 * float rounding.
 */
final class GradientCheck {
    private GradientCheck() {}

    /**
     * Compares analytic and numerical gradients for up to {@code perParam} random entries of each parameter.
     *
     * @return the largest relative error seen
     */
    static double maxRelativeError(NetGraph g, Map<String, INDArray> feed, int perParam, long seed) {
        SameDiff sd = g.sameDiff();
        Map<String, INDArray> dfeed = new HashMap<>();
        feed.forEach((k, v) -> dfeed.put(k, v.castTo(DataType.DOUBLE)));
        List<String> names = g.params().stream().map(Param::name).toList();
        Map<String, INDArray> grads = sd.calculateGradients(dfeed, names);
        Random rng = new Random(seed);
        double eps = 1e-6;
        double worst = 0;
        for (String name : names) {
            INDArray w = sd.getArrForVarName(name);
            INDArray grad = grads.get(name);
            assertThat(grad).as("gradient of " + name).isNotNull();
            long n = w.length();
            for (int t = 0; t < Math.min(perParam, n); t++) {
                long i = n <= perParam ? t : (long) (rng.nextDouble() * n);
                double orig = w.getDouble(i);
                w.putScalar(i, orig + eps);
                double plus = loss(sd, dfeed);
                w.putScalar(i, orig - eps);
                double minus = loss(sd, dfeed);
                w.putScalar(i, orig);
                double numeric = (plus - minus) / (2 * eps);
                double analytic = grad.getDouble(i);
                double denom = Math.max(Math.abs(numeric) + Math.abs(analytic), 1e-7);
                double rel = Math.abs(numeric - analytic) / denom;
                if (Math.abs(numeric - analytic) < 1e-8) {
                    continue; // both zero up to rounding (e.g. a bias right before BatchNorm)
                }
                assertThat(rel)
                        .as("%s[%d]: analytic %s vs numeric %s", name, i, analytic, numeric)
                        .isLessThan(1e-4);
                worst = Math.max(worst, rel);
            }
        }
        return worst;
    }

    private static double loss(SameDiff sd, Map<String, INDArray> feed) {
        return sd.output(feed, GraphBuilder.LOSS).get(GraphBuilder.LOSS).getDouble(0);
    }

    static INDArray randn(long seed, long... shape) {
        Random r = new Random(seed);
        float[] v = new float[(int) Sizes.product(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Nd4j.create(v, shape, 'c');
    }

    static INDArray oneHot(int n, int classes, long seed) {
        Random r = new Random(seed);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, r.nextInt(classes), 1f);
        }
        return y;
    }
}
