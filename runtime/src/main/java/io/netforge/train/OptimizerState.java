package io.netforge.train;

import io.netforge.graph.NetGraph;
import io.netforge.graph.Param;
import io.netforge.io.CheckpointFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The update rule of one trainer and its state: for every parameter, its live array and the optimizer's buffers and
 * step count; the weight penalties and gradient clipping applied before the optimizer. Engines call
 * {@link #apply}. Checkpointed under the key {@code optimizer}: {@code kind} (the optimizer's settings), the step
 * counts as {@code steps}, and each buffer as {@code <variable>/<buffer>} ({@code conv1/W/exp_avg}).
 */
final class OptimizerState implements Stateful {
    /** A trainable parameter with its live array (updated in place) and its optimizer state. */
    record Trained(Param param, INDArray value, Optimizer.Updater updater) {
    }

    private final TrainConfig config;
    private final List<Trained> trained = new ArrayList<>();

    OptimizerState(NetGraph graph, TrainConfig config) {
        this.config = config;
        for (Param p : graph.params()) {
            trained.add(new Trained(p, graph.array(p.name()), config.optimizer().newUpdater(p.shape(),
                    config.decayBiasesAndNorms() || isWeight(p))));
        }
    }

    List<Trained> trained() {
        return trained;
    }

    /**
     * Weight penalties (added to the gradients and the loss), clipping, and the optimizer step at {@code lr};
     * {@code gradients} follow the parameters' order and may be overwritten. Returns the loss with penalties.
     */
    double apply(List<INDArray> gradients, double loss, double lr) {
        for (int i = 0; i < trained.size(); i++) {
            Trained t = trained.get(i);
            loss += Penalties.apply(t.param().penalty(), t.value(), gradients.get(i));
        }
        if (config.clipping().kind() != GradientClipping.Kind.NONE) {
            config.clipping().clip(gradients);
        }
        for (int i = 0; i < trained.size(); i++) {
            Trained t = trained.get(i);
            t.updater().update(t.value(), gradients.get(i), lr);
        }
        return loss;
    }

    /** Dense and convolution weights ({@code <layer>/W}); not biases ({@code /b}) nor BatchNorm's {@code /gamma}, {@code /beta}. */
    private static boolean isWeight(Param p) {
        return p.name().endsWith("/W");
    }

    @Override
    public String stateKey() {
        return "optimizer";
    }

    @Override
    public void saveState(State state) {
        state.put("kind", config.optimizer().toString());
        long[] steps = new long[trained.size()];
        for (int i = 0; i < trained.size(); i++) {
            Trained t = trained.get(i);
            steps[i] = t.updater().steps();
            for (Map.Entry<String, INDArray> b : t.updater().buffers().entrySet()) {
                INDArray a = b.getValue();
                try (INDArray c = a.dup('c')) {
                    String name = t.param().name() + "/" + b.getKey();
                    if (a.dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE) {
                        state.put(name, a.shape(), c.data().asDouble());
                    } else {
                        state.put(name, a.shape(), c.data().asFloat());
                    }
                }
            }
        }
        state.put("steps", steps);
    }

    /**
     * Checks that {@code state} fits this optimizer (its kind, every buffer with its shape, the step counts).
     *
     * @throws IllegalArgumentException for another optimizer or other settings, naming what differs
     * @throws IllegalStateException for a state no optimizer writes (missing or malformed step counts)
     */
    void check(State state, String file) {
        if (!(state.values().get("kind") instanceof String)) {
            throw new IllegalStateException("no optimizer kind");
        }
        CheckpointFile.Array stepsArray = state.arrays().get("steps");
        if (stepsArray == null || stepsArray.dtype() != CheckpointFile.DType.I64 || stepsArray.shape().length != 1) {
            throw new IllegalStateException("missing or malformed optimizer steps");
        }
        for (String name : state.arrayNames()) {
            CheckpointFile.DType t = state.arrays().get(name).dtype();
            if (!name.equals("steps") && t != CheckpointFile.DType.F32 && t != CheckpointFile.DType.F64) {
                throw new IllegalStateException("optimizer state " + name + " holds " + t);
            }
        }
        String kind = state.getString("kind");
        if (!kindOf(kind).equals(kindOf(config.optimizer().toString()))) {
            throw new IllegalArgumentException(file + ": the checkpoint was trained with " + kind + " but this trainer uses "
                    + config.optimizer() + "; configure the same optimizer to continue the run");
        }
        if (state.shape("steps")[0] != trained.size()) {
            throw new IllegalStateException("missing or malformed optimizer steps");
        }
        long[] steps = state.longs("steps");
        for (int i = 0; i < trained.size(); i++) {
            Trained t = trained.get(i);
            if (steps[i] < 0) {
                throw new IllegalStateException("negative optimizer step count for " + t.param().name());
            }
            for (Map.Entry<String, INDArray> b : t.updater().buffers().entrySet()) {
                String name = t.param().name() + "/" + b.getKey();
                if (!state.has(name) || !Arrays.equals(state.shape(name), b.getValue().shape())) {
                    throw new IllegalArgumentException(file + ": the optimizer state optimizer/" + name + " is " + (!state.has(name)
                            ? "missing" : "of shape " + Arrays.toString(state.shape(name))) + "; was the checkpoint written with"
                            + " other optimizer settings (momentum, centered) than " + config.optimizer() + "?");
                }
            }
        }
        int expected = 2; // kind, steps
        for (Trained t : trained) {
            expected += t.updater().buffers().size();
        }
        if (state.scalarNames().size() + state.arrayNames().size() != expected) {
            throw new IllegalStateException("unexpected optimizer state entries");
        }
    }

    /** Expects a state that passed {@link #check}. */
    @Override
    public void loadState(State state) {
        long[] steps = state.longs("steps");
        for (int i = 0; i < trained.size(); i++) {
            Trained t = trained.get(i);
            for (Map.Entry<String, INDArray> b : t.updater().buffers().entrySet()) {
                String name = t.param().name() + "/" + b.getKey();
                boolean f64 = state.arrays().get(name).dtype() == CheckpointFile.DType.F64;
                try (INDArray v = f64 ? Nd4j.create(state.doubles(name), state.shape(name), 'c')
                        : Nd4j.create(state.floats(name), state.shape(name), 'c')) {
                    ModelState.assign(b.getValue(), v);
                }
            }
            t.updater().steps(steps[i]);
        }
    }

    private static String kindOf(String optimizer) {
        int paren = optimizer.indexOf('(');
        return paren < 0 ? optimizer : optimizer.substring(0, paren);
    }
}
