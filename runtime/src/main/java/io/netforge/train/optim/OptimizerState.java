package io.netforge.train.optim;

import io.netforge.graph.NetGraph;
import io.netforge.graph.Param;
import io.netforge.io.CheckpointException;
import io.netforge.io.CheckpointException.Problem;
import io.netforge.io.CheckpointFile;
import io.netforge.train.state.LoadChecks;
import io.netforge.train.state.ModelState;
import io.netforge.train.state.State;
import io.netforge.train.state.Stateful;
import java.nio.file.Path;
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
public final class OptimizerState implements Stateful {
    /** A trainable parameter with its live array (updated in place) and its optimizer state. */
    public record Trained(Param param, INDArray value, Updater updater) {}

    private final UpdateRule rule;
    private final Clipping clipping;
    private final List<Trained> trained = new ArrayList<>();

    /**
     * @param rule the optimizer
     * @param clipping applied to the gradients before each step
     * @param decayAll whether weight decay applies to biases and normalization parameters too, not only to weights
     */
    public OptimizerState(NetGraph graph, UpdateRule rule, Clipping clipping, boolean decayAll) {
        this.rule = rule;
        this.clipping = clipping;
        java.util.Set<String> weights = new java.util.HashSet<>();
        for (io.netforge.graph.LayerOp op : graph.ops().list()) {
            for (io.netforge.graph.LayerOp.Variable v : op.variables()) {
                if (v.role() == io.netforge.graph.LayerOp.Variable.Role.WEIGHT
                        || v.role() == io.netforge.graph.LayerOp.Variable.Role.EMBEDDING) {
                    weights.add(v.name());
                }
            }
        }
        for (Param p : graph.params()) {
            trained.add(new Trained(
                    p, graph.array(p.name()), rule.newUpdater(p.shape(), decayAll || weights.contains(p.name()))));
        }
    }

    public List<Trained> trained() {
        return trained;
    }

    /** Whether any parameter has been updated. */
    public boolean stepped() {
        return trained.stream().anyMatch(t -> t.updater().steps() > 0);
    }

    /** Values in all optimizer buffers together. */
    public long bufferElements() {
        long n = 0;
        for (Trained p : trained) {
            for (INDArray b : p.updater().buffers().values()) {
                n += b.length();
            }
        }
        return n;
    }

    /**
     * Weight penalties (added to the gradients and the loss), clipping, and the optimizer step at {@code lr};
     * {@code gradients} follow the parameters' order and may be overwritten. Returns the loss with penalties.
     */
    public double apply(List<INDArray> gradients, double loss, double lr) {
        for (int i = 0; i < trained.size(); i++) {
            Trained t = trained.get(i);
            loss += Penalties.apply(t.param().penalty(), t.value(), gradients.get(i));
        }
        if (clipping.active()) {
            clipping.clip(gradients);
        }
        for (int i = 0; i < trained.size(); i++) {
            Trained t = trained.get(i);
            t.updater().update(t.value(), gradients.get(i), lr);
        }
        return loss;
    }

    @Override
    public String stateKey() {
        return "optimizer";
    }

    @Override
    public void saveState(State state) {
        state.put("kind", rule.kind());
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

    /** The buffers that hold running averages of squared gradients: never negative. */
    private static final java.util.Set<String> SECOND_MOMENTS = java.util.Set.of("exp_avg_sq", "square_avg", "sum");

    /**
     * Checks that {@code state} fits this optimizer: its kind (read strictly), every buffer with its shape, finite
     * (unless {@code allowNonFinite}) and, for second moments, non-negative, and step counts in range.
     *
     * @throws CheckpointException {@code SETTINGS} for another optimizer or settings that change its state,
     *     {@code TAMPERED} for a state no optimizer writes, {@code INVALID_VALUE} for values out of range
     */
    public void check(State state, Path file, boolean allowNonFinite) throws CheckpointException {
        if (!(state.values().get("kind") instanceof String kind)) {
            throw CheckpointException.tampered(file, "no optimizer kind");
        }
        boolean sameType;
        try {
            sameType = rule.sameType(kind);
        } catch (IllegalArgumentException e) {
            throw CheckpointException.tampered(file, "unreadable optimizer kind: " + e.getMessage());
        }
        if (!sameType) {
            throw new CheckpointException(
                    file,
                    Problem.SETTINGS,
                    "the checkpoint was trained with " + kind + " but this trainer" + " uses " + rule.kind()
                            + "; configure the same optimizer to continue the run");
        }
        CheckpointFile.Array stepsArray = state.arrays().get("steps");
        if (stepsArray == null
                || stepsArray.dtype() != io.netforge.io.DType.I64
                || stepsArray.shape().length != 1
                || stepsArray.shape()[0] != trained.size()) {
            throw CheckpointException.tampered(file, "missing or malformed optimizer steps");
        }
        long[] steps = state.longs("steps");
        for (int i = 0; i < trained.size(); i++) {
            if (steps[i] < 0 || steps[i] > LoadChecks.MAX_STEPS) {
                throw new CheckpointException(
                        file,
                        Problem.INVALID_VALUE,
                        "optimizer step count " + steps[i] + " of "
                                + trained.get(i).param().name() + " is outside [0, 2^53]");
            }
        }
        int expected = 2; // kind, steps
        for (Trained t : trained) {
            for (Map.Entry<String, INDArray> b : t.updater().buffers().entrySet()) {
                expected++;
                String name = t.param().name() + "/" + b.getKey();
                CheckpointFile.Array a = state.arrays().get(name);
                if (a == null || !Arrays.equals(a.shape(), b.getValue().shape())) {
                    String what = "the optimizer state optimizer/" + name + " is "
                            + (a == null ? "missing" : "of shape " + Arrays.toString(a.shape()));
                    if (!rule.sameSettings(kind)) {
                        throw new CheckpointException(
                                file,
                                Problem.SETTINGS,
                                what + "; the checkpoint was written with other" + " optimizer settings (" + kind
                                        + ") than " + rule.kind());
                    }
                    throw CheckpointException.tampered(file, what);
                }
                checkBuffer(file, "optimizer/" + name, a, SECOND_MOMENTS.contains(b.getKey()), allowNonFinite);
            }
        }
        if (state.scalarNames().size() + state.arrayNames().size() != expected) {
            throw CheckpointException.tampered(file, "unexpected optimizer state entries");
        }
    }

    private static void checkBuffer(
            Path file, String name, CheckpointFile.Array a, boolean nonNegative, boolean allowNonFinite)
            throws CheckpointException {
        java.util.function.IntToDoubleFunction value = switch (a.dtype()) {
            case F32 -> {
                float[] v = a.floats();
                yield i -> v[i];
            }
            case F64 -> {
                double[] v = a.doubles();
                yield i -> v[i];
            }
            default -> throw CheckpointException.tampered(file, name + " holds " + a.dtype());
        };
        LoadChecks.check(
                name,
                a.shape(),
                a.data().length / a.dtype().size(),
                value,
                !allowNonFinite,
                nonNegative ? "a running average of squared gradients is never negative" : null,
                m -> new CheckpointException(file, Problem.INVALID_VALUE, m));
    }

    /** Expects a state that passed {@link #check}. */
    @Override
    public void loadState(State state) {
        long[] steps = state.longs("steps");
        for (int i = 0; i < trained.size(); i++) {
            Trained t = trained.get(i);
            for (Map.Entry<String, INDArray> b : t.updater().buffers().entrySet()) {
                String name = t.param().name() + "/" + b.getKey();
                boolean f64 = state.arrays().get(name).dtype() == io.netforge.io.DType.F64;
                try (INDArray v = f64
                        ? Nd4j.create(state.doubles(name), state.shape(name), 'c')
                        : Nd4j.create(state.floats(name), state.shape(name), 'c')) {
                    ModelState.assign(b.getValue(), v);
                }
            }
            t.updater().steps(steps[i]);
        }
    }
}
