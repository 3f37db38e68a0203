package io.netforge.train;

import io.netforge.io.CheckpointException;
import io.netforge.io.CheckpointException.Problem;
import io.netforge.io.CheckpointFile;
import io.netforge.io.Json;
import io.netforge.train.state.InputNormalization;
import io.netforge.train.state.LoadChecks;
import io.netforge.train.state.LoadOption;
import io.netforge.train.state.ModelState;
import io.netforge.train.state.Numbers;
import io.netforge.train.state.RandomStreams;
import io.netforge.train.state.State;
import io.netforge.train.state.Stateful;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a {@link Trainer}'s complete training state into checkpoint contents and back: the state of every
 * {@link Stateful} part under its key.
 *
 * <p>Metadata: {@code model}, {@code architecture} (hash), {@code epoch}, {@code created}, {@code config}, and
 * {@code state}: one JSON object per key ({@code model}, {@code optimizer}, {@code schedule}, {@code rng},
 * {@code loop}, {@code history}, {@code early_stopping}, {@code checkpoints}, then the user's callbacks) holding its
 * scalars: whole numbers and booleans as JSON, text as strings, floating-point numbers as {@code {"double": "0.001"}}
 * ({@code Double.toString}, which reads back exactly, NaN and infinities included). Arrays: {@code <key>/<name>}
 * ({@code model/conv1/W}, {@code optimizer/conv1/W/exp_avg}, {@code early_stopping/best/fc/b}). Loading checks
 * everything before it changes anything.
 */
final class CheckpointCodec {
    private static final String DOUBLE = "double";
    private static final Set<String> BUILT_IN =
            Set.of("model", "optimizer", "schedule", "rng", "loop", "history", "early_stopping", "checkpoints");

    private CheckpointCodec() {}

    static void save(Network.Parts t, Run run, Path file) throws IOException {
        CheckpointFile.write(file, encode(t, run));
    }

    /** Every stateful part, in checkpoint order. */
    private static List<Stateful> stateful(Network.Parts t, Run run) {
        List<Stateful> parts = new ArrayList<>(List.of(t.model(), t.optimizer(), t.scheduler(), t.rng(), run));
        parts.addAll(run.callbacks());
        parts.addAll(t.config().callbacks());
        return parts;
    }

    /** The checkpoint of the trainer whose parts are {@code t}, in {@code run}. */
    static byte[] encode(Network.Parts t, Run run) {
        t.model().lock().lock();
        try {
            Map<String, Object> json = new LinkedHashMap<>();
            List<CheckpointFile.Array> arrays = new ArrayList<>();
            for (Stateful part : stateful(t, run)) {
                State state = new State(part.stateKey());
                part.saveState(state);
                if (state.isEmpty() && !BUILT_IN.contains(part.stateKey())) {
                    continue;
                }
                if (json.containsKey(state.key())) {
                    throw new IllegalArgumentException(
                            "two parts of " + t.model().name() + " save their state under the key '" + state.key()
                                    + "'; give one of the callbacks another stateKey()");
                }
                Map<String, Object> scalars = new LinkedHashMap<>();
                state.values()
                        .forEach((name, v) ->
                                scalars.put(name, v instanceof Double d ? Map.of(DOUBLE, Double.toString(d)) : v));
                json.put(state.key(), scalars);
                for (CheckpointFile.Array a : state.arrays().values()) {
                    arrays.add(new CheckpointFile.Array(state.key() + "/" + a.name(), a.dtype(), a.shape(), a.data()));
                }
            }
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("model", t.model().name());
            meta.put("architecture", t.model().architectureHash());
            meta.put("epoch", Integer.toString(t.counters().epochsDone));
            meta.put("created", Instant.now().toString());
            meta.put("config", t.config().toString());
            meta.put("state", Json.write(json));
            return CheckpointFile.encode(meta, arrays);
        } finally {
            t.model().lock().unlock();
        }
    }

    /**
     * The states a checkpoint holds, by key.
     *
     * @throws CheckpointException (tampered) when the state metadata is not what {@link #encode} writes
     */
    static Map<String, State> states(Path file, CheckpointFile.Contents c) throws CheckpointException {
        Object parsed;
        try {
            parsed = Json.parse(need(file, c.metadata(), "state"));
        } catch (Json.ParseException e) {
            throw CheckpointException.tampered(file, "the state is not JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> all)) {
            throw CheckpointException.tampered(file, "the state is not a JSON object");
        }
        Map<String, State> states = new LinkedHashMap<>();
        try {
            for (Map.Entry<?, ?> e : all.entrySet()) {
                State s = new State((String) e.getKey());
                if (!(e.getValue() instanceof Map<?, ?> scalars)) {
                    throw new IllegalArgumentException("state " + e.getKey() + " is not an object");
                }
                for (Map.Entry<?, ?> v : scalars.entrySet()) {
                    Object value = v.getValue();
                    if (value instanceof Map<?, ?> d && d.size() == 1 && d.get(DOUBLE) instanceof String text) {
                        value = Numbers.parseDouble(text, true);
                    } else if (!(value instanceof Long || value instanceof Boolean || value instanceof String)) {
                        throw new IllegalArgumentException(
                                "entry " + v.getKey() + " of state " + e.getKey() + " is " + value);
                    }
                    s.putRaw((String) v.getKey(), value);
                }
                states.put(s.key(), s);
            }
            for (CheckpointFile.Array a : c.arrays().values()) {
                int slash = a.name().indexOf('/');
                State owner = slash < 0 ? null : states.get(a.name().substring(0, slash));
                if (owner == null) {
                    throw new IllegalArgumentException("unexpected array " + a.name());
                }
                String name = a.name().substring(slash + 1);
                owner.putArray(name, new CheckpointFile.Array(name, a.dtype(), a.shape(), a.data()));
            }
        } catch (IllegalArgumentException e) {
            throw CheckpointException.tampered(file, e.getMessage());
        }
        return states;
    }

    /** Restores the checkpoint {@code file} into {@code t}, all or nothing; returns the run it continues. */
    static Run load(Network.Parts t, Path file, boolean allowNonFinite) throws IOException {
        CheckpointFile.Contents contents = CheckpointFile.read(
                file, LoadChecks.checkpointLimit(t.model(), t.optimizer().bufferElements()));
        t.model().lock().lock();
        try {
            return restore(t, file, contents, allowNonFinite);
        } finally {
            t.model().lock().unlock();
        }
    }

    /** Checks everything in {@code c} against {@code t}, then (only if all is well) restores it. */
    private static Run restore(Network.Parts t, Path file, CheckpointFile.Contents c, boolean allowNonFinite)
            throws IOException {
        ModelState model = t.model();
        String name = model.name();
        String fileModel = need(file, c.metadata(), "model");
        if (!fileModel.equals(name)) {
            throw new CheckpointException(
                    file, Problem.WRONG_MODEL, "a checkpoint of model " + fileModel + ", not " + name);
        }
        Map<String, State> states = states(file, c);
        State weights = part(file, states, "model");
        checkArchitecture(t, file, c, weights);
        checkValues(file, "model", weights, model.stateNames(), allowNonFinite);
        if (states.containsKey("early_stopping")) {
            State best = states.get("early_stopping");
            checkValues(file, "early_stopping", best, best.arrayNames(), allowNonFinite);
        }
        State optimizer = part(file, states, "optimizer");
        t.optimizer().check(optimizer, file, allowNonFinite);
        LrScheduler.State schedule;
        RandomStreams rng = new RandomStreams(0);
        Run run = new Run(t, 0, 0);
        try {
            schedule = LrScheduler.stateOf(part(file, states, "schedule"));
            rng.loadState(part(file, states, "rng"));
            run.loadState(part(file, states, "loop"));
            for (Callback own : run.callbacks()) {
                if (states.containsKey(own.stateKey())) {
                    own.loadState(states.get(own.stateKey()));
                }
            }
            io.netforge.data.Normalization n = ModelState.normalizationOf(weights);
            if (!n.isNone() && n.channels() != model.channels()) {
                throw new IllegalArgumentException(
                        "input normalization for " + n.channels() + " channel(s), the model has " + model.channels());
            }
            io.netforge.train.state.TokenCharacters.check(model, io.netforge.train.state.TokenCharacters.of(weights));
            io.netforge.data.Normalization targets = ModelState.targetScalingOf(weights);
            if (!targets.isNone()
                    && (!model.graph().regression()
                            || targets.channels() != model.graph().classes())) {
                throw new IllegalArgumentException("target scaling for " + targets.channels()
                        + " target(s), the model has " + model.graph().classes() + " output(s)"
                        + (model.graph().regression() ? "" : " and is a classifier"));
            }
        } catch (LoadChecks.OutOfRange e) {
            throw new CheckpointException(file, Problem.INVALID_VALUE, "a value out of range: " + e.getMessage());
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw CheckpointException.tampered(file, "unreadable training state: " + e.getMessage());
        }
        try {
            t.config().schedule().start(t.config().optimizer().learningRate()).restore(schedule);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(
                    file,
                    Problem.SETTINGS,
                    "the checkpoint's learning-rate schedule state does not fit "
                            + t.config().schedule() + ": " + e.getMessage());
        }
        // Everything of the trainer's own checked: the user's callbacks (put back as they were if one refuses its
        // state), then the rest, which can no longer fail.
        List<Callback> loaded = new ArrayList<>();
        List<State> before = new ArrayList<>();
        for (Callback own : t.config().callbacks()) {
            State s = states.get(own.stateKey());
            if (s != null) {
                State previous = new State(own.stateKey());
                own.saveState(previous);
                try {
                    own.loadState(s);
                    loaded.add(own);
                    before.add(previous);
                } catch (RuntimeException e) {
                    own.loadState(previous);
                    for (int i = 0; i < loaded.size(); i++) {
                        loaded.get(i).loadState(before.get(i));
                    }
                    CheckpointException refused = new CheckpointException(
                            file,
                            Problem.INVALID_VALUE,
                            "callback " + own.stateKey() + " cannot continue from its state: " + e.getMessage());
                    refused.initCause(e);
                    throw refused;
                }
            }
        }
        model.loadState(weights);
        t.optimizer().loadState(optimizer);
        t.scheduler().restore(schedule);
        t.rng().loadState(part(file, states, "rng"));
        run.applyLoadedCounters();
        return run;
    }

    /** Every state variable with its shape, nothing else but the normalization, and the same operations. */
    private static void checkArchitecture(Network.Parts t, Path file, CheckpointFile.Contents c, State weights)
            throws CheckpointException {
        ModelState model = t.model();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (String name : weights.arrayNames()) {
            shapes.put(name, weights.shape(name));
        }
        Optional<String> mismatch = model.variableMismatch(shapes, InputNormalization.NAMES, "the checkpoint");
        if (mismatch.isPresent()) {
            throw new CheckpointException(file, Problem.ARCHITECTURE, "architecture differs: " + mismatch.get());
        }
        for (String name : model.stateNames()) {
            io.netforge.io.DType dtype = weights.arrays().get(name).dtype();
            if (dtype != io.netforge.io.DType.F32 && dtype != io.netforge.io.DType.F64) {
                throw CheckpointException.tampered(file, "variable " + name + " holds " + dtype);
            }
        }
        String hash = need(file, c.metadata(), "architecture");
        if (!hash.equals(t.model().architectureHash())) {
            throw new CheckpointException(
                    file,
                    Problem.ARCHITECTURE,
                    "architecture differs: the same variables and shapes, but other"
                            + " operations (an activation, pooling or loss changed); architecture hash "
                            + abbreviate(hash) + " in the"
                            + " checkpoint, " + abbreviate(t.model().architectureHash()) + " in " + model.name());
        }
    }

    /**
     * Continues from the newest checkpoint in {@code dir} that loads; a newer one that fails any check (hash,
     * structure, values) is reported and skipped. One that does not fit this trainer (another model, architecture or
     * settings) stops the search: every older file of the run would not fit either.
     *
     * @throws CheckpointException if checkpoints exist but none of them loads
     */
    /** A checkpoint file and the run it continues. */
    record Loaded(Path file, Run run) {}

    static Optional<Loaded> resume(Network.Parts t, PrintStream console, Path dir, boolean allowNonFinite)
            throws IOException {
        List<Path> files = Checkpoints.list(dir);
        CheckpointException first = null;
        for (int i = files.size() - 1; i >= 0; i--) {
            try {
                Run run = load(t, files.get(i), allowNonFinite);
                if (t.config().verbose() && first != null) {
                    console.println("Warning: skipped a damaged checkpoint: " + first.getMessage());
                    for (Throwable more : first.getSuppressed()) {
                        console.println("Warning: skipped a damaged checkpoint: " + more.getMessage());
                    }
                }
                return Optional.of(new Loaded(files.get(i), run));
            } catch (CheckpointException e) {
                if (e.problem() == Problem.WRONG_MODEL
                        || e.problem() == Problem.ARCHITECTURE
                        || e.problem() == Problem.SETTINGS) {
                    throw e;
                }
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return Optional.empty();
    }

    /** A checkpoint, a weights file or safetensors, told apart by their first bytes. */
    static void loadAny(Trainer t, Path file, LoadOption... options) throws IOException {
        if (!Files.isRegularFile(file)) {
            // missing, a dangling link, a directory, a device or a FIFO: the checkpoint reader refuses each, typed
            // (MISSING, NOT_A_FILE), without opening it
            t.loadCheckpoint(file, options);
            return;
        }
        byte[] head = new byte[9];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 4 && head[0] == 'N' && head[1] == 'F' && head[2] == 'W') {
            t.loadWeights(file, options);
        } else if (n == 9 && head[8] == '{') {
            t.importSafetensors(file, options);
        } else {
            t.loadCheckpoint(file, options); // names foreign files
        }
    }

    /** Refuses a NaN or infinity (unless allowed) or a negative running variance in the arrays {@code names} of {@code state}. */
    private static void checkValues(
            Path file, String key, State state, java.util.Collection<String> names, boolean allowNonFinite)
            throws CheckpointException {
        java.util.function.Function<String, CheckpointException> invalid =
                m -> new CheckpointException(file, Problem.INVALID_VALUE, m);
        for (String name : names) {
            CheckpointFile.Array a = state.arrays().get(name);
            String shown = key + "/" + name;
            switch (a.dtype()) {
                case F32 -> LoadChecks.checkModelArray(name, shown, a.shape(), a.floats(), allowNonFinite, invalid);
                case F64 -> {
                    double[] v = a.doubles();
                    LoadChecks.checkModelArray(name, shown, a.shape(), v.length, i -> v[i], allowNonFinite, invalid);
                }
                default -> throw CheckpointException.tampered(file, shown + " holds " + a.dtype());
            }
        }
    }

    private static State part(Path file, Map<String, State> states, String key) throws CheckpointException {
        State s = states.get(key);
        if (s == null) {
            throw CheckpointException.tampered(file, "no " + key + " state");
        }
        return s;
    }

    private static String abbreviate(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }

    private static String need(Path file, Map<String, String> meta, String key) throws CheckpointException {
        String v = meta.get(key);
        if (v == null) {
            throw CheckpointException.tampered(file, "no " + key + " in the metadata");
        }
        return v;
    }
}
