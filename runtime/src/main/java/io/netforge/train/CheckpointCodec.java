package io.netforge.train;

import io.netforge.data.Normalization;
import io.netforge.io.CheckpointException;
import io.netforge.io.CheckpointException.Problem;
import io.netforge.io.CheckpointFile;
import io.netforge.io.CheckpointFile.Array;
import io.netforge.io.WeightsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a {@link Trainer}'s complete training state into checkpoint contents and back.
 *
 * <p>Arrays: each state variable under its graph name ({@code conv1/W}, {@code bn1/running_mean}), the optimizer's
 * buffers as {@code optimizer/<variable>/<buffer>} and its step counts as {@code optimizer/steps}, the best
 * weights kept for early stopping as {@code best/<variable>}, the input normalization as {@code input/mean} ...
 * Metadata: {@code model}, {@code architecture}, {@code epoch}, {@code run}, {@code optimizer}, {@code schedule},
 * {@code rng}, {@code history} (the run's CSV), {@code early_stopping}, {@code checkpoint_monitor},
 * {@code created}, {@code config}. Numbers are written with {@code Double.toString}, which reads back exactly.
 */
final class CheckpointCodec {
    static final String OPTIMIZER = "optimizer/";
    static final String STEPS = "optimizer/steps";
    static final String BEST = "best/";

    private CheckpointCodec() {
    }

    static byte[] encode(Trainer t) {
        RunState run = t.run != null ? t.run : new RunState(t.epochsDone(), t.epochsDone(), null);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", t.graph().modelName());
        meta.put("architecture", t.architectureHash());
        meta.put("epoch", Integer.toString(t.epochsDone()));
        meta.put("run", run.firstEpoch + "," + run.lastEpoch);
        meta.put("optimizer", t.config().optimizer().toString());
        LrScheduler.State s = t.scheduler().state();
        meta.put("schedule", s.baseLr() + "," + s.t() + "," + s.plateauLr() + "," + s.best() + "," + s.badIntervals() + ","
                + s.cooldownCounter());
        meta.put("rng", t.shuffleRng().state() + "," + t.dropoutRng().state() + "," + t.disturbRng().state());
        meta.put("history", run.history.toCsv());
        if (run.tracker != null) {
            meta.put("early_stopping", run.tracker.state());
        }
        if (run.checkpointBest != null) {
            meta.put("checkpoint_monitor", run.checkpointMonitor + "," + run.checkpointBest.state());
        }
        meta.put("normalization", t.normalization().toString());
        meta.put("created", Instant.now().toString());
        meta.put("config", t.config().toString());

        List<Array> arrays = new ArrayList<>();
        for (String name : t.stateVariableNames()) {
            arrays.add(array(name, t.graph().array(name)));
        }
        List<String> params = t.parameterNames();
        long[] steps = new long[params.size()];
        for (int i = 0; i < params.size(); i++) {
            Optimizer.Updater u = t.updater(i);
            steps[i] = u.steps();
            for (Map.Entry<String, INDArray> b : u.buffers().entrySet()) {
                arrays.add(array(OPTIMIZER + params.get(i) + "/" + b.getKey(), b.getValue()));
            }
        }
        arrays.add(Array.i64(STEPS, new long[] {steps.length}, steps));
        if (run.best != null) {
            for (Map.Entry<String, float[]> b : run.best.entrySet()) {
                arrays.add(Array.f32(BEST + b.getKey(), t.graph().array(b.getKey()).shape(), b.getValue()));
            }
        }
        for (WeightsFile.Entry e : InputNormalization.entries(t.normalization())) {
            arrays.add(Array.f32(e.name(), e.shape(), e.values()));
        }
        return CheckpointFile.encode(meta, arrays);
    }

    private static Array array(String name, INDArray a) {
        INDArray c = a.dup('c');
        try {
            return a.dataType() == DataType.DOUBLE ? Array.f64(name, a.shape(), c.data().asDouble())
                    : Array.f32(name, a.shape(), c.data().asFloat());
        } finally {
            c.close();
        }
    }

    /** Checks everything in {@code c} against {@code t}, then (only if all is well) restores it. */
    static void restore(Trainer t, Path file, CheckpointFile.Contents c) throws IOException {
        String model = t.graph().modelName();
        Map<String, String> meta = c.metadata();
        String fileModel = need(file, meta, "model");
        if (!fileModel.equals(model)) {
            throw new CheckpointException(file, Problem.WRONG_MODEL, "a checkpoint of model " + fileModel + ", not " + model);
        }
        Map<String, Array> arrays = new HashMap<>(c.arrays());
        // Architecture: every state variable with its shape, then nothing else, then the operations.
        Map<String, Array> state = new LinkedHashMap<>();
        for (String name : t.stateVariableNames()) {
            long[] shape = t.graph().array(name).shape();
            Array a = arrays.remove(name);
            if (a == null) {
                throw new CheckpointException(file, Problem.ARCHITECTURE, "architecture differs: " + model + " has variable " + name + " "
                        + Arrays.toString(shape) + ", which the checkpoint lacks");
            }
            if (!Arrays.equals(a.shape(), shape)) {
                throw new CheckpointException(file, Problem.ARCHITECTURE, "architecture differs: variable " + name + " has shape "
                        + Arrays.toString(a.shape()) + " in the checkpoint but " + Arrays.toString(shape) + " in " + model);
            }
            state.put(name, a);
        }
        for (String name : c.arrays().keySet()) {
            if (arrays.containsKey(name) && !name.startsWith(OPTIMIZER) && !name.startsWith(BEST) && !name.startsWith("input/")) {
                throw new CheckpointException(file, Problem.ARCHITECTURE, "architecture differs: the checkpoint has variable " + name + " "
                        + Arrays.toString(arrays.get(name).shape()) + ", which " + model + " lacks");
            }
        }
        String hash = need(file, meta, "architecture");
        if (!hash.equals(t.architectureHash())) {
            throw new CheckpointException(file, Problem.ARCHITECTURE, "architecture differs: the same variables and shapes, but other"
                    + " operations (an activation, pooling or loss changed); architecture hash " + abbreviate(hash) + " in the"
                    + " checkpoint, " + abbreviate(t.architectureHash()) + " in " + model);
        }
        // Optimizer.
        String optimizer = need(file, meta, "optimizer");
        String kind = kind(optimizer);
        if (!kind.equals(kind(t.config().optimizer().toString()))) {
            throw new IllegalArgumentException(file + ": the checkpoint was trained with " + optimizer + " but this trainer uses "
                    + t.config().optimizer() + "; configure the same optimizer to continue the run");
        }
        List<String> params = t.parameterNames();
        Array stepsArray = arrays.remove(STEPS);
        if (stepsArray == null || stepsArray.dtype() != CheckpointFile.DType.I64 || stepsArray.shape().length != 1
                || stepsArray.shape()[0] != params.size()) {
            throw tampered(file, "missing or malformed " + STEPS);
        }
        long[] steps = stepsArray.longs();
        List<Map<String, Array>> buffers = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            if (steps[i] < 0) {
                throw tampered(file, "negative optimizer step count for " + params.get(i));
            }
            Map<String, Array> own = new LinkedHashMap<>();
            for (Map.Entry<String, INDArray> b : t.updater(i).buffers().entrySet()) {
                String name = OPTIMIZER + params.get(i) + "/" + b.getKey();
                Array a = arrays.remove(name);
                if (a == null || !Arrays.equals(a.shape(), b.getValue().shape())) {
                    throw new IllegalArgumentException(file + ": the optimizer state " + name + " is " + (a == null ? "missing"
                            : "of shape " + Arrays.toString(a.shape())) + "; was the checkpoint written with other optimizer"
                            + " settings (momentum, centered) than " + t.config().optimizer() + "?");
                }
                own.put(b.getKey(), a);
            }
            buffers.add(own);
        }
        // Schedule, random generators, run.
        LrScheduler.State schedule;
        long[] rng;
        int epoch;
        int[] range;
        History history;
        try {
            String[] p = need(file, meta, "schedule").split(",");
            schedule = new LrScheduler.State(Double.parseDouble(p[0]), Long.parseLong(p[1]), Double.parseDouble(p[2]),
                    Double.parseDouble(p[3]), Integer.parseInt(p[4]), Integer.parseInt(p[5]));
            rng = Arrays.stream(need(file, meta, "rng").split(",")).mapToLong(Long::parseLong).toArray();
            if (rng.length != 3 || (rng[1] >>> 48) != 0) {
                throw new IllegalArgumentException("random generator states " + meta.get("rng"));
            }
            epoch = Integer.parseInt(need(file, meta, "epoch"));
            range = Arrays.stream(need(file, meta, "run").split(",")).mapToInt(Integer::parseInt).toArray();
            if (epoch < 0 || range.length != 2 || range[0] < 0 || range[0] > epoch || range[1] < epoch) {
                throw new IllegalArgumentException("epoch " + epoch + " outside run " + meta.get("run"));
            }
            history = History.parseCsv(need(file, meta, "history"), file + " (history)");
        } catch (IllegalArgumentException | IndexOutOfBoundsException | IOException e) {
            throw tampered(file, "unreadable training state: " + e.getMessage());
        }
        try {
            LrScheduler probe = t.config().schedule().start(t.config().optimizer().learningRate());
            probe.restore(schedule);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": the checkpoint's learning-rate schedule state does not fit "
                    + t.config().schedule() + ": " + e.getMessage(), e);
        }
        EarlyStopping rule = t.config().earlyStopping();
        EarlyStopping.Tracker tracker = null;
        String early = meta.get("early_stopping");
        if (rule != null) {
            tracker = rule.start();
            if (early != null) {
                try {
                    tracker.restore(early);
                } catch (IllegalArgumentException e) {
                    throw tampered(file, "unreadable early-stopping state " + early);
                }
            }
        }
        Map<String, float[]> best = null;
        for (String name : t.stateVariableNames()) {
            Array b = arrays.remove(BEST + name);
            if (b != null) {
                if (best == null) {
                    best = new LinkedHashMap<>();
                }
                if (!Arrays.equals(b.shape(), t.graph().array(name).shape()) || b.dtype() != CheckpointFile.DType.F32) {
                    throw tampered(file, "best weights " + name + " of shape " + Arrays.toString(b.shape()));
                }
                best.put(name, b.floats());
            }
        }
        if (best != null && best.size() != t.stateVariableNames().size()) {
            throw tampered(file, "incomplete best weights");
        }
        Map<String, WeightsFile.Entry> norm = new HashMap<>();
        for (String name : List.of(InputNormalization.MEAN, InputNormalization.STD, InputNormalization.MIN, InputNormalization.MAX)) {
            Array a = arrays.remove(name);
            if (a != null) {
                if (a.dtype() != CheckpointFile.DType.F32) {
                    throw tampered(file, name + " is " + a.dtype());
                }
                norm.put(name, new WeightsFile.Entry(name, a.shape(), a.floats()));
            }
        }
        Normalization normalization;
        try {
            normalization = InputNormalization.take(norm, file);
        } catch (IOException e) {
            throw tampered(file, e.getMessage());
        }
        if (!arrays.isEmpty()) {
            throw tampered(file, "unexpected array " + arrays.keySet().iterator().next());
        }
        String monitorState = meta.get("checkpoint_monitor");
        EarlyStopping.Tracker monitorTracker = null;
        String monitor = null;
        if (monitorState != null) {
            int comma = monitorState.indexOf(',');
            monitor = comma < 0 ? "" : monitorState.substring(0, comma);
            if (!EarlyStopping.METRICS.contains(monitor)) {
                throw tampered(file, "checkpoint monitor " + monitorState);
            }
            monitorTracker = RunState.monitorTracker(monitor);
            try {
                monitorTracker.restore(monitorState.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                throw tampered(file, "checkpoint monitor " + monitorState);
            }
        }

        // Everything checked: apply.
        for (Map.Entry<String, Array> e : state.entrySet()) {
            assign(t.graph().array(e.getKey()), e.getValue());
        }
        for (int i = 0; i < params.size(); i++) {
            Optimizer.Updater u = t.updater(i);
            for (Map.Entry<String, INDArray> b : u.buffers().entrySet()) {
                assign(b.getValue(), buffers.get(i).get(b.getKey()));
            }
            u.steps(steps[i]);
        }
        t.scheduler().restore(schedule);
        t.shuffleRng().state(rng[0]);
        t.dropoutRng().state(rng[1]);
        t.disturbRng().state(rng[2]);
        t.epochsDone(epoch);
        t.restoredNormalization(normalization);
        RunState run = new RunState(range[0], range[1], tracker);
        for (EpochResult r : history.epochs()) {
            run.history.add(r);
        }
        run.best = best;
        run.checkpointBest = monitorTracker;
        run.checkpointMonitor = monitor;
        t.run = run;
        t.continueRun = true;
    }

    private static void assign(INDArray target, Array a) {
        INDArray v = a.dtype() == CheckpointFile.DType.F64 ? Nd4j.create(a.doubles(), a.shape(), 'c')
                : Nd4j.create(a.floats(), a.shape(), 'c');
        try (v) {
            if (v.dataType() == target.dataType()) {
                target.assign(v);
            } else {
                try (INDArray cast = v.castTo(target.dataType())) {
                    target.assign(cast);
                }
            }
        }
    }

    private static String kind(String optimizer) {
        int paren = optimizer.indexOf('(');
        return paren < 0 ? optimizer : optimizer.substring(0, paren);
    }

    private static String abbreviate(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }

    private static String need(Path file, Map<String, String> meta, String key) throws CheckpointException {
        String v = meta.get(key);
        if (v == null) {
            throw tampered(file, "no " + key + " in the metadata");
        }
        return v;
    }

    private static CheckpointException tampered(Path file, String what) {
        return new CheckpointException(file, Problem.TAMPERED, "tampered: " + what + " (the hash matches, so the file was edited"
                + " and its hash recomputed, or written by another program)");
    }
}
