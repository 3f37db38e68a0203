package io.netforge.train.engine;

import io.netforge.data.Batch;
import io.netforge.graph.DropoutMask;
import io.netforge.graph.NetGraph;
import io.netforge.graph.Param;
import io.netforge.plan.Plan;
import io.netforge.plan.PlanPool;
import io.netforge.train.optim.OptimizerState;
import io.netforge.train.state.ModelState;
import io.netforge.train.state.NativeThreads;
import io.netforge.train.state.NonFiniteException;
import io.netforge.train.state.RandomStreams;
import io.netforge.util.NdArrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The default {@link StepEngine}: runs a {@link Plan} made once per batch size from the operations the graph builder
 * recorded, over arrays allocated when the plan is made, instead of SameDiff's session. The loss and its gradient
 * with respect to the logits are computed here in Java (a few thousand values), everything else by libnd4j ops on
 * the plan's arrays; weight penalties, clipping, the optimizer and BatchNorm running statistics are the same code
 * as {@link SameDiffEngine}'s ({@link OptimizerState}, {@link Steps}). The dropout masks come from the same random
 * stream in the same order, so both engines train the same model to within float rounding (PlannedEngineTest).
 * Why a plan and how it is made: docs/performance.md, "The planned engine".
 */
public final class PlannedEngine implements StepEngine {
    /** Training plans kept: the training batch size and a last, smaller batch. */
    private static final int PLANS_KEPT = 2;

    private final NetGraph graph;
    private final StepSettings config;
    private final OptimizerState optimizer;
    private final RandomStreams rng;
    private final SameDiffEngine reference;
    private final Map<String, INDArray> gradientsByName = new LinkedHashMap<>();
    private final List<INDArray> gradients = new ArrayList<>();
    private final Map<Integer, Plan> trainPlans = plans();
    /** Evaluation plans: the two batch sizes of an evaluation, for as many threads as there are cores. */
    private final PlanPool evalPlans;

    private final int trainThreads;
    private final int evalThreads;

    public PlannedEngine(ModelState model, StepSettings config, OptimizerState optimizer, RandomStreams rng) {
        this.graph = model.graph();
        this.config = config;
        this.optimizer = optimizer;
        this.rng = rng;
        this.reference = new SameDiffEngine(model, config, optimizer, rng);
        for (Param p : graph.params()) {
            INDArray value = graph.array(p.name());
            gradientsByName.put(p.name(), Nd4j.zeros(value.dataType(), value.shape()));
        }
        for (OptimizerState.Trained t : optimizer.trained()) {
            gradients.add(gradientsByName.get(t.param().name()));
        }
        this.trainThreads = NativeThreads.forModel(graph, config.batchSize());
        this.evalThreads = NativeThreads.forModel(graph, config.evalBatchSize());
        this.evalPlans = new PlanPool(
                n -> Plan.inference(graph, n), 2 * Runtime.getRuntime().availableProcessors());
    }

    @Override
    public StepResult trainStep(Batch b, int[] targets, double learningRate, int epoch, int step) {
        Plan p = compute(b, targets, epoch, step);
        for (int i = 0; i < graph.batchNorms().size(); i++) {
            Steps.updateRunningStats(graph, graph.batchNorms().get(i), p.batchMean(i), p.batchVar(i), b.size());
        }
        return new StepResult(optimizer.apply(gradients, lastLoss, learningRate), lastCorrect, Steps.counted(graph, b));
    }

    @Override
    public GradientSums gradientSums(Batch shard, int[] targets, int epoch) {
        Plan p = compute(shard, targets, epoch, 0);
        List<INDArray> means = new ArrayList<>();
        List<INDArray> vars = new ArrayList<>();
        for (int i = 0; i < graph.batchNorms().size(); i++) {
            means.add(p.batchMean(i));
            vars.add(p.batchVar(i));
        }
        return Steps.sums(optimizer, Steps.counted(graph, shard), lastLoss, lastCorrect, gradients, means, vars);
    }

    @Override
    public double applyGradientSums(GradientSums total, double learningRate) {
        return Steps.applyGradientSums(graph, optimizer, total, learningRate);
    }

    /** Thread-safe: each call runs on an evaluation plan of its own from the pool. */
    @Override
    public float[] logits(Batch b) {
        return evaluationLogits(b.size(), input -> NdArrays.copy(b.features(), input));
    }

    /** Thread-safe like {@link #logits(Batch)}; the features go from the dataset straight into the plan's input. */
    @Override
    public float[] logits(io.netforge.data.Dataset data, int first, int n) {
        return evaluationLogits(n, input -> NdArrays.fill(input, buffer -> data.copyFeaturesTo(first, n, buffer)));
    }

    /** Takes an evaluation plan for {@code n} samples, lets {@code fill} write its input, runs it, gives it back. */
    private float[] evaluationLogits(int n, java.util.function.Consumer<INDArray> fill) {
        NativeThreads.use(evalThreads);
        Plan p = evalPlans.take(n);
        try {
            fill.accept(p.input());
            p.forward();
            return NdArrays.toFloats(p.logits());
        } finally {
            evalPlans.give(p);
        }
    }

    @Override
    public boolean concurrentLogits() {
        return true;
    }

    /**
     * Every core when one evaluation batch runs on one native thread (a small dense model: its products are too short
     * to share, docs/performance.md, "Threads"), else 1.
     */
    @Override
    public int concurrentBatches() {
        return evalThreads == 1 ? Runtime.getRuntime().availableProcessors() : 1;
    }

    /** A layer's output for feature maps: rare, not on the training path, so SameDiff's evaluation graph computes it. */
    @Override
    public Output output(Batch b, String variable) {
        return reference.output(b, variable);
    }

    /** Bytes the plans made so far hold (training and evaluation). */
    long planBytes() {
        long bytes = 0;
        for (Plan p : trainPlans.values()) {
            bytes += p.bytes();
        }
        return bytes + evalPlans.bytes();
    }

    private double lastLoss;
    private long lastCorrect;

    /** Forward, loss and backward of one batch; the gradients are left in {@link #gradients}. */
    private Plan compute(Batch b, int[] targets, int epoch, int step) {
        NativeThreads.use(trainThreads);
        int n = b.size();
        int k = graph.classes();
        Plan p = trainingPlan(n);
        NdArrays.copy(b.features(), p.input());
        List<DropoutMask> masks = graph.dropoutMasks();
        for (int i = 0; i < masks.size(); i++) {
            DropoutMask m = masks.get(i);
            NdArrays.fill(p.mask(i), buffer -> Steps.fillMask(rng, n, m, buffer));
        }
        p.forward();
        float[] logits = NdArrays.toFloats(p.logits());
        float[] target = Steps.targets(graph, b, targets, config.labelSmoothing());
        int rows = n * graph.outputRows();
        float[] gradient = new float[rows * k];
        double loss = Losses.meanLossAndGradient(graph.loss(), logits, target, rows, k, gradient);
        if (!Double.isFinite(loss)) {
            throw new NonFiniteException(graph.modelName(), epoch, step, "loss", loss);
        }
        NdArrays.copy(gradient, p.logitsGradient());
        p.backward();
        Steps.checkFinite(graph, optimizer, gradients, epoch, step);
        lastLoss = loss;
        lastCorrect = Steps.correct(graph, logits, b);
        return p;
    }

    private Plan trainingPlan(int n) {
        Plan p = trainPlans.get(n);
        if (p == null) {
            p = Plan.training(graph, n, gradientsByName);
            trainPlans.put(n, p);
        }
        return p;
    }

    private static Map<Integer, Plan> plans() {
        return new LinkedHashMap<>(4, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Plan> eldest) {
                if (size() > PLANS_KEPT) {
                    eldest.getValue().close();
                    return true;
                }
                return false;
            }
        };
    }
}
