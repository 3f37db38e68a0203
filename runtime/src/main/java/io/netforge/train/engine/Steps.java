package io.netforge.train.engine;

import io.netforge.graph.BatchNormState;
import io.netforge.graph.DropoutMask;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Sizes;
import io.netforge.train.optim.OptimizerState;
import io.netforge.train.state.NonFiniteException;
import io.netforge.train.state.RandomStreams;
import io.netforge.util.HostLoops;
import io.netforge.util.NdArrays;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What every {@link StepEngine} does the same way around its forward and backward pass. */
public final class Steps {
    private Steps() {}

    /**
     * The targets a step trains {@code b} towards, {@code [n, outputs]} row-major: a regression batch's own float
     * targets, else the (smoothed) one-hot rows of {@code labels} ({@link Targets}).
     *
     * @throws IllegalArgumentException when a regression model gets labels or a classifier gets float targets, or the
     *     target width is not the model's output count
     */
    static float[] targets(NetGraph graph, io.netforge.data.Batch b, int[] labels, double smoothing) {
        int k = graph.classes();
        if (graph.regression() != (b.targets() != null)) {
            throw new IllegalArgumentException(graph.modelName()
                    + (graph.regression()
                            ? " is a regression model; train it on Dataset.regression(...) targets, not class labels"
                            : " is a classifier; train it on class labels, not regression targets"));
        }
        if (b.labelsPerSample() != graph.outputRows()) {
            throw new IllegalArgumentException(graph.modelName()
                    + (graph.perStep()
                            ? " scores classes at each of its " + graph.outputRows() + " steps but the batch has "
                                    + b.labelsPerSample() + " labels per sample; train it on Dataset.perStep(...)"
                            : " has one class per sample but the batch has " + b.labelsPerSample()
                                    + " labels per sample; a label per step needs @Model(task = CLASS_PER_STEP)"));
        }
        if (graph.perStep()) {
            return Targets.perStep(labels, k, smoothing);
        }
        if (b.targets() == null) {
            return Targets.smoothed(labels, b.size(), k, smoothing);
        }
        if (b.targetWidth() != k) {
            throw new IllegalArgumentException(graph.modelName() + " has " + k + " outputs but the batch has "
                    + b.targetWidth() + " targets per sample");
        }
        return b.targets();
    }

    /**
     * How many of {@code b}'s samples (a per-step model's steps with a target) the logits classify right; 0 for a
     * regression model (nothing to count).
     */
    static long correct(NetGraph graph, float[] logits, io.netforge.data.Batch b) {
        if (graph.regression()) {
            return 0;
        }
        int k = graph.classes();
        long correct = 0;
        int[] labels = b.labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0 && Losses.predict(graph.loss(), logits, i * k, k) == labels[i]) {
                correct++;
            }
        }
        return correct;
    }

    /** What a step's accuracy counts: the batch's samples, or a per-step model's steps that have a target. */
    static int counted(NetGraph graph, io.netforge.data.Batch b) {
        return graph.perStep() ? Targets.counted(b.labels()) : b.size();
    }

    /** PyTorch's running statistics: {@code running = (1 - momentum) running + momentum batch}, unbiased variance. */
    static void updateRunningStats(NetGraph graph, BatchNormState bn, INDArray mean, INDArray var, int batchSize) {
        INDArray runningMean = graph.array(bn.runningMean());
        INDArray runningVar = graph.array(bn.runningVar());
        long n = batchSize * bn.valuesPerChannelPerSample();
        double unbias = n > 1 ? (double) n / (n - 1) : 1.0;
        double mom = bn.momentum();
        try (INDArray m = mean.mul(mom);
                INDArray v = var.mul(mom * unbias)) {
            runningMean.muli(1 - mom).addi(m);
            runningVar.muli(1 - mom).addi(v);
        }
    }

    /**
     * Refuses a step before anything is updated when a gradient holds NaN or an infinity ({@code gradients} follow
     * {@code optimizer.trained()}); one vectorized pass per gradient ({@link HostLoops#nonFinite}).
     */
    static void checkFinite(NetGraph graph, OptimizerState optimizer, List<INDArray> gradients, int epoch, int step) {
        List<OptimizerState.Trained> trained = optimizer.trained();
        for (int i = 0; i < trained.size(); i++) {
            double bad = HostLoops.nonFinite(gradients.get(i));
            if (bad != 0) {
                throw new NonFiniteException(
                        graph.modelName(),
                        epoch,
                        step,
                        "gradient of " + trained.get(i).param().name(),
                        bad);
            }
        }
    }

    /** A fresh dropout mask for {@code n} samples from the run's dropout stream: 0 with probability p, else 1/(1-p). */
    public static float[] maskValues(RandomStreams rng, int n, DropoutMask m) {
        float[] values = new float[maskSize(n, m)];
        fillMask(rng, n, m, java.nio.FloatBuffer.wrap(values));
        return values;
    }

    /** {@link #maskValues}, written into {@code out} from its position instead of a new array. */
    static void fillMask(RandomStreams rng, int n, DropoutMask m, java.nio.FloatBuffer out) {
        rng.dropout.dropoutMask(out, maskSize(n, m), m.p(), (float) (1.0 / (1.0 - m.p())));
    }

    private static int maskSize(int n, DropoutMask m) {
        return Math.toIntExact(n * Sizes.product(m.sampleShape()));
    }

    /**
     * A data-parallel worker's sums from one shard's mean loss, gradients and BatchNorm batch statistics, each weighted
     * by {@code n}: the shard's samples, or a per-step model's steps with a target ({@link #counted}), over which its
     * loss is a mean, so the driver's mean of the sums is the mean over all of them.
     */
    static GradientSums sums(
            OptimizerState optimizer,
            int n,
            double loss,
            long correct,
            List<INDArray> gradients,
            List<INDArray> bnMeans,
            List<INDArray> bnVars) {
        GradientSums s = new GradientSums();
        s.count = n;
        s.lossSum = loss * n;
        s.correct = correct;
        List<OptimizerState.Trained> trained = optimizer.trained();
        for (int i = 0; i < trained.size(); i++) {
            float[] g = NdArrays.toFloats(gradients.get(i));
            for (int j = 0; j < g.length; j++) {
                g[j] *= n;
            }
            s.gradients.put(trained.get(i).param().name(), g);
        }
        int layers = bnMeans.size();
        s.bnMean = new float[layers][];
        s.bnSquare = new float[layers][];
        for (int i = 0; i < layers; i++) {
            float[] m = NdArrays.toFloats(bnMeans.get(i));
            float[] v = NdArrays.toFloats(bnVars.get(i));
            float[] sq = new float[m.length];
            for (int j = 0; j < m.length; j++) {
                sq[j] = n * (v[j] + m[j] * m[j]);
                m[j] *= n;
            }
            s.bnMean[i] = m;
            s.bnSquare[i] = sq;
        }
        return s;
    }

    /** The data-parallel driver's step: mean gradients and pooled BatchNorm statistics; returns the loss with penalties. */
    static double applyGradientSums(NetGraph graph, OptimizerState optimizer, GradientSums total, double learningRate) {
        if (total.count == 0) {
            throw new IllegalArgumentException("no samples in the gradient sums");
        }
        List<INDArray> owned = new ArrayList<>();
        try {
            int n = total.count;
            List<INDArray> gradients = new ArrayList<>();
            for (OptimizerState.Trained t : optimizer.trained()) {
                float[] g = total.gradients.get(t.param().name());
                if (g == null) {
                    throw new IllegalArgumentException(
                            "no gradient for " + t.param().name() + " in " + total);
                }
                gradients.add(own(
                        owned,
                        Nd4j.create(g, t.value().shape(), 'c')
                                .castTo(t.value().dataType())
                                .divi(n)));
            }
            for (int i = 0; i < graph.batchNorms().size(); i++) {
                float[] m = total.bnMean[i].clone();
                float[] v = new float[m.length];
                for (int j = 0; j < m.length; j++) {
                    m[j] /= n;
                    v[j] = Math.max(0f, total.bnSquare[i][j] / n - m[j] * m[j]);
                }
                updateRunningStats(
                        graph, graph.batchNorms().get(i), own(owned, Nd4j.create(m)), own(owned, Nd4j.create(v)), n);
            }
            return optimizer.apply(gradients, total.lossSum / n, learningRate);
        } finally {
            closeAll(owned);
        }
    }

    /** Closes the arrays a step made for itself, so off-heap memory does not wait for the GC (docs/samediff.md, fact 16). */
    static void closeAll(List<INDArray> owned) {
        for (INDArray a : owned) {
            if (a.closeable()) {
                a.close();
            }
        }
    }

    static INDArray own(List<INDArray> owned, INDArray a) {
        owned.add(a);
        return a;
    }
}
