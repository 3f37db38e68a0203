package io.netforge.train.engine;

import io.netforge.data.Batch;
import io.netforge.graph.BatchNormState;
import io.netforge.graph.DropoutMask;
import io.netforge.graph.GraphBuilder;
import io.netforge.graph.NetGraph;
import io.netforge.train.optim.OptimizerState;
import io.netforge.train.state.ModelState;
import io.netforge.train.state.NativeThreads;
import io.netforge.train.state.NonFiniteException;
import io.netforge.train.state.RandomStreams;
import io.netforge.util.NdArrays;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SessionMemMgr;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference {@link StepEngine} ({@link Engine#SAMEDIFF}): runs the model's SameDiff graph in SameDiff's own session;
 * {@link PlannedEngine}, the default, is tested against it. Our own step rather than
 * {@code SameDiff.fit} (docs/samediff.md, fact 4): one execution of SameDiff's gradient function per step returns
 * the real loss, the gradients and the BatchNorm batch statistics; the optimizer (at the schedule's learning rate),
 * weight penalties, gradient clipping and running statistics are applied here. The session's array cache stays on,
 * so a step reuses the activations and gradients of the previous one instead of allocating them again; the arrays
 * the step itself makes (inputs, targets, masks) are closed at its end, so off-heap memory does not wait for the GC
 * (fact 16). Why each of these is done the way it is, with the measurements: docs/performance.md.
 */
public final class SameDiffEngine implements StepEngine {
    private final NetGraph graph;
    private final SameDiff sd;
    private final StepSettings config;
    private final OptimizerState optimizer;
    private final RandomStreams rng;
    private final List<String> stepOutputs = new ArrayList<>();
    private final List<String> gradientNames = new ArrayList<>();
    private final List<INDArray> sessionArrays = new ArrayList<>();
    private final int trainThreads;
    private final int evalThreads;
    private SameDiff gradientFn;
    private String[] stepRequest;

    public SameDiffEngine(ModelState model, StepSettings config, OptimizerState optimizer, RandomStreams rng) {
        this.graph = model.graph();
        this.sd = graph.sameDiff();
        this.config = config;
        this.optimizer = optimizer;
        this.rng = rng;
        this.trainThreads = NativeThreads.forModel(graph, config.batchSize());
        this.evalThreads = NativeThreads.forModel(graph, config.evalBatchSize());
        stepOutputs.add(GraphBuilder.LOSS);
        stepOutputs.add(GraphBuilder.TRAIN_LOGITS);
        for (BatchNormState bn : graph.batchNorms()) {
            stepOutputs.add(bn.batchMean());
            stepOutputs.add(bn.batchVar());
        }
    }

    @Override
    public StepResult trainStep(Batch b, int[] targets, double learningRate, int epoch, int stepNo) {
        List<INDArray> owned = new ArrayList<>();
        try {
            Computed c = compute(b, targets, epoch, stepNo, owned);
            for (int i = 0; i < graph.batchNorms().size(); i++) {
                Steps.updateRunningStats(graph, graph.batchNorms().get(i), c.bnMeans.get(i), c.bnVars.get(i), b.size());
            }
            return new StepResult(
                    optimizer.apply(c.gradients, c.loss, learningRate), c.correct, Steps.counted(graph, b));
        } finally {
            Steps.closeAll(owned);
            releaseSessionArrays();
        }
    }

    @Override
    public GradientSums gradientSums(Batch shard, int[] targets, int epoch) {
        List<INDArray> owned = new ArrayList<>();
        try {
            Computed c = compute(shard, targets, epoch, 0, owned);
            return Steps.sums(
                    optimizer, Steps.counted(graph, shard), c.loss, c.correct, c.gradients, c.bnMeans, c.bnVars);
        } finally {
            Steps.closeAll(owned);
            releaseSessionArrays();
        }
    }

    @Override
    public double applyGradientSums(GradientSums total, double learningRate) {
        return Steps.applyGradientSums(graph, optimizer, total, learningRate);
    }

    @Override
    public float[] logits(Batch b) {
        NativeThreads.use(evalThreads);
        try (INDArray x = NdArrays.floats(b.features(), batchShape(b.size(), graph.inputShape()))) {
            INDArray logits = sd.output(Map.of(GraphBuilder.INPUT, x), GraphBuilder.LOGITS)
                    .get(GraphBuilder.LOGITS);
            float[] values = NdArrays.toFloats(logits);
            if (logits.closeable()) {
                logits.close();
            }
            return values;
        }
    }

    @Override
    public Output output(Batch b, String variable) {
        NativeThreads.use(evalThreads);
        try (INDArray x = Nd4j.create(b.features(), batchShape(b.size(), graph.inputShape()), 'c')) {
            INDArray out = sd.output(Map.of(GraphBuilder.INPUT, x), variable).get(variable);
            Output result = new Output(out.shape(), NdArrays.toFloats(out));
            if (out.closeable()) {
                out.close();
            }
            return result;
        }
    }

    /** One batch's forward and backward pass: mean loss, gradients and BatchNorm batch statistics. */
    private record Computed(
            double loss, long correct, List<INDArray> gradients, List<INDArray> bnMeans, List<INDArray> bnVars) {}

    private Computed compute(Batch b, int[] targets, int epoch, int stepNo, List<INDArray> owned) {
        NativeThreads.use(trainThreads);
        Map<String, INDArray> feed = new HashMap<>();
        int k = graph.classes();
        INDArray x = Steps.own(owned, NdArrays.floats(b.features(), batchShape(b.size(), graph.inputShape())));
        feed.put(GraphBuilder.INPUT, x);
        feed.put(
                GraphBuilder.LABELS,
                Steps.own(
                        owned,
                        NdArrays.floats(
                                Steps.targets(graph, b, targets, config.labelSmoothing()),
                                (long) b.size() * graph.outputRows(),
                                k)));
        for (DropoutMask m : graph.dropoutMasks()) {
            feed.put(m.placeholder(), Steps.own(owned, mask(b.size(), m)));
        }
        Map<String, INDArray> outputs = gradientFunction().output(feed, stepRequest);
        sessionArrays.addAll(outputs.values());

        double loss = outputs.get(GraphBuilder.LOSS).getDouble(0);
        if (!Double.isFinite(loss)) {
            throw new NonFiniteException(graph.modelName(), epoch, stepNo, "loss", loss);
        }
        List<OptimizerState.Trained> trained = optimizer.trained();
        List<INDArray> gradients = new ArrayList<>(trained.size());
        for (int i = 0; i < trained.size(); i++) {
            gradients.add(outputs.get(gradientNames.get(i))); // gradientNames follows the parameters' order
        }
        Steps.checkFinite(graph, optimizer, gradients, epoch, stepNo);
        float[] logits = NdArrays.toFloats(outputs.get(GraphBuilder.TRAIN_LOGITS));
        long correct = Steps.correct(graph, logits, b);
        List<INDArray> means = new ArrayList<>();
        List<INDArray> vars = new ArrayList<>();
        for (BatchNormState bn : graph.batchNorms()) {
            long c = graph.array(bn.runningMean()).length();
            means.add(outputs.get(bn.batchMean()).reshape(c));
            vars.add(outputs.get(bn.batchVar()).reshape(c));
        }
        return new Computed(loss, correct, gradients, means, vars);
    }

    /**
     * SameDiff's gradient function, with its array cache on. {@code calculateGradientsAndOutputs} turns the cache
     * off on every call, so each step allocated every activation and gradient afresh and left the old ones to
     * the GC: the tutorial CNN ran at half the speed of {@code SameDiff.fit}, with a 4.9 GB peak at batch 256 (2.0 GB
     * with the cache; docs/performance.md). With the cache, a step reuses the previous step's arrays. What a step returns
     * (outputs, gradients) belongs to the session: it is read within the step, never closed, and handed back to
     * the cache at the step's end ({@link #releaseSessionArrays}).
     */
    private SameDiff gradientFunction() {
        if (gradientFn == null) {
            sd.createGradFunction();
            gradientFn = sd.getFunction("grad");
            for (OptimizerState.Trained t : optimizer.trained()) {
                gradientNames.add(sd.getVariable(t.param().name()).getGradient().name());
            }
            List<String> request = new ArrayList<>(stepOutputs);
            request.addAll(gradientNames);
            stepRequest = request.toArray(new String[0]);
        }
        gradientFn.setEnableCache(true);
        return gradientFn;
    }

    /**
     * Hands what the last step's session returned (loss, logits, BatchNorm statistics, gradients) back to the
     * session's array cache once the step is done with them, as {@code SameDiff.fit} does with its gradients; the
     * next step then reuses them instead of allocating new ones (ResNet-18: 45 MB of gradients per step). SameDiff
     * already returns some of them to the cache itself at the end of the call (the loss scalar, some gradients;
     * releasing one twice throws "Array was released multiple times"): those are skipped.
     */
    private void releaseSessionArrays() {
        if (!sessionArrays.isEmpty()) {
            SessionMemMgr mmgr =
                    gradientFn.getSessions().get(Thread.currentThread().getId()).getMmgr();
            if (mmgr instanceof ArrayCacheMemoryMgr cache) {
                Set<INDArray> seen = Collections.newSetFromMap(new IdentityHashMap<>());
                for (INDArray a : sessionArrays) {
                    if (seen.add(a) && !cache.getLruCache().contains(a.getId())) {
                        cache.release(a);
                    }
                }
            }
            sessionArrays.clear();
        }
    }

    /** A fresh mask for {@code n} samples: 0 with probability p, else 1/(1-p). */
    INDArray mask(int n, DropoutMask m) {
        return NdArrays.floats(Steps.maskValues(rng, n, m), batchShape(n, m.sampleShape()));
    }

    static long[] batchShape(int n, long[] sampleShape) {
        long[] s = new long[sampleShape.length + 1];
        s[0] = n;
        System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
        return s;
    }
}
