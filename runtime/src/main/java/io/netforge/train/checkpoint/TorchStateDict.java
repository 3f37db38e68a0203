package io.netforge.train.checkpoint;

import io.netforge.data.Normalization;
import io.netforge.io.Safetensors;
import io.netforge.train.optim.OptimizerState;
import io.netforge.train.state.LoadChecks;
import io.netforge.train.state.ModelState;
import io.netforge.train.state.Numbers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model's weights under PyTorch {@code state_dict} names and layouts, torchvision's conventions by default:
 * <ul>
 *   <li>a convolution {@code L}: {@code L.weight} as {@code [out, in, kH, kW]} (ours is {@code [kH, kW, in, out]}),
 *       {@code L.bias};</li>
 *   <li>a dense layer {@code L}: {@code L.weight} as {@code [out, in]} (ours is {@code [in, out]}), {@code L.bias};</li>
 *   <li>the BatchNorm of layer {@code …convN} is {@code …bnN} (torchvision's {@code conv1}/{@code bn1}); of a
 *       residual shortcut {@code ….downsample} it is {@code ….downsample.1} and the shortcut's convolution
 *       {@code ….downsample.0}; of any other layer {@code L} it is {@code L_bn}; each has {@code weight} (γ), {@code bias}
 *       (β), {@code running_mean}, {@code running_var} and {@code num_batches_tracked};</li>
 *   <li>a LayerNorm {@code L_ln} after a dense layer {@code L} ({@code L} in a field of its own): {@code weight} (γ) and
 *       {@code bias} (β);</li>
 *   <li>renames (a module prefix of the default name → the name in your PyTorch model, e.g. {@code conv1 → layer.0},
 *       {@code bn1 → layer.1}) fit models built with {@code nn.Sequential}; the longest matching prefix wins.</li>
 * </ul>
 */
public final class TorchStateDict {
    static final String NORMALIZATION = "netforge.normalization";

    private TorchStateDict() {}

    /** Our variable → its PyTorch name, in the graph's order; each kind declares its variables' names. */
    public static Map<String, String> names(ModelState model, Map<String, String> renames) {
        Map<String, String> byVariable = new java.util.HashMap<>();
        for (io.netforge.graph.LayerOp op : model.graph().ops().list()) {
            for (io.netforge.graph.LayerOp.Variable v : op.variables()) {
                byVariable.put(v.name(), v.torchName());
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : model.stateNames()) {
            String name = byVariable.get(v);
            if (name == null) {
                throw new IllegalStateException("no operation declares the variable " + v);
            }
            out.put(v, rename(name, renames));
        }
        return out;
    }

    /** The variables already in PyTorch's layout (an embedding's table), which are not transposed either way. */
    private static java.util.Set<String> inTorchLayout(ModelState model) {
        java.util.Set<String> same = new java.util.HashSet<>();
        for (io.netforge.graph.LayerOp op : model.graph().ops().list()) {
            for (io.netforge.graph.LayerOp.Variable v : op.variables()) {
                if (v.role() == io.netforge.graph.LayerOp.Variable.Role.EMBEDDING) {
                    same.add(v.name());
                }
            }
        }
        return same;
    }

    private static String rename(String name, Map<String, String> renames) {
        String best = null;
        for (String prefix : renames.keySet()) {
            if (name.startsWith(prefix + ".") && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? name : renames.get(best) + name.substring(best.length());
    }

    /** PyTorch's layout of one of our arrays. */
    private static INDArray toTorch(INDArray a) {
        return switch (a.rank()) {
            case 4 -> a.permute(3, 2, 0, 1).dup('c');
            case 3 -> a.permute(2, 1, 0).dup('c'); // a 1-D convolution's [k, in, out] -> [out, in, k]
            case 2 -> a.transpose().dup('c');
            default -> a.dup('c');
        };
    }

    private static long[] torchShape(long[] ours) {
        return switch (ours.length) {
            case 4 -> new long[] {ours[3], ours[2], ours[0], ours[1]};
            case 3 -> new long[] {ours[2], ours[1], ours[0]};
            case 2 -> new long[] {ours[1], ours[0]};
            default -> ours.clone();
        };
    }

    /** Writes the safetensors file under the model's lock. */
    public static void export(
            ModelState model, OptimizerState optimizer, String architecture, Path file, Map<String, String> renames)
            throws IOException {
        model.lock().lock();
        try {
            exportLocked(model, optimizer, architecture, file, renames);
        } finally {
            model.lock().unlock();
        }
    }

    private static void exportLocked(
            ModelState model, OptimizerState optimizer, String architecture, Path file, Map<String, String> renames)
            throws IOException {
        Map<String, String> names = names(model, renames);
        List<Safetensors.Tensor> tensors = new ArrayList<>();
        java.util.Set<String> bnModules = new java.util.LinkedHashSet<>();
        long steps = optimizer.trained().isEmpty()
                ? 0
                : optimizer.trained().get(0).updater().steps();
        java.util.Set<String> same = inTorchLayout(model);
        for (Map.Entry<String, String> e : names.entrySet()) {
            INDArray a = model.graph().array(e.getKey());
            try (INDArray torch = same.contains(e.getKey()) ? a.dup('c') : toTorch(a)) {
                tensors.add(Safetensors.Tensor.f32(
                        e.getValue(), torch.shape(), torch.data().asFloat()));
            }
            if (e.getValue().endsWith(".running_var")) {
                String module = e.getValue().substring(0, e.getValue().length() - ".running_var".length());
                bnModules.add(module);
            }
        }
        for (String m : bnModules) {
            tensors.add(Safetensors.Tensor.i64(m + ".num_batches_tracked", new long[0], new long[] {steps}));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("netforge.model", model.graph().modelName());
        meta.put("netforge.architecture", architecture);
        Normalization n = model.normalization();
        if (!n.isNone()) {
            meta.put(NORMALIZATION, n.kind() + "|" + floats(n.first()) + "|" + floats(n.second()));
        }
        Safetensors.write(file, meta, tensors);
    }

    /** Reads the file, checks it completely, then sets the weights under the model's lock. */
    public static void load(
            ModelState model, String architecture, Path file, Map<String, String> renames, boolean allowNonFinite)
            throws IOException {
        model.lock().lock();
        try {
            loadLocked(model, architecture, file, renames, allowNonFinite);
        } finally {
            model.lock().unlock();
        }
    }

    private static void loadLocked(
            ModelState model, String architecture, Path file, Map<String, String> renames, boolean allowNonFinite)
            throws IOException {
        Safetensors.Contents c = Safetensors.read(file, LoadChecks.safetensorsLimit(model));
        checkOrigin(model, architecture, file, c.metadata());
        Map<String, String> names = names(model, renames);
        Map<String, Safetensors.Tensor> byName = new TreeMap<>();
        for (Safetensors.Tensor x : c.tensors()) {
            byName.put(x.name(), x);
        }
        List<String> missing = new ArrayList<>();
        List<String> sizes = new ArrayList<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        java.util.Set<String> same = inTorchLayout(model);
        for (Map.Entry<String, String> e : names.entrySet()) {
            long[] ours = model.graph().array(e.getKey()).shape();
            boolean asIs = same.contains(e.getKey());
            long[] theirs = asIs ? ours : torchShape(ours);
            Safetensors.Tensor x = byName.remove(e.getValue());
            if (x == null) {
                missing.add(e.getValue());
                continue;
            }
            if (!Arrays.equals(x.shape(), theirs)) {
                sizes.add("size mismatch for " + e.getValue() + ": copying a param with shape "
                        + Arrays.toString(x.shape()) + " from the file, the shape in "
                        + model.graph().modelName() + " is " + Arrays.toString(theirs));
                continue;
            }
            float[] v;
            try {
                v = x.floats();
            } catch (IllegalStateException notFloat) {
                sizes.add(e.getValue() + " holds " + x.dtype() + " integers, expected floating-point values");
                continue;
            }
            LoadChecks.checkModelArray(
                    e.getKey(),
                    e.getValue(),
                    theirs,
                    v,
                    allowNonFinite,
                    m -> new io.netforge.io.SafetensorsFormatException(file, m));
            values.put(e.getKey(), asIs ? v : fromTorch(v, ours));
        }
        for (java.util.Iterator<Safetensors.Tensor> i = byName.values().iterator(); i.hasNext(); ) {
            Safetensors.Tensor x = i.next();
            if (x.name().endsWith(".num_batches_tracked")) {
                // PyTorch's BatchNorm counter: NetForge does not use it, but takes only what PyTorch writes
                if (x.shape().length != 0
                        || !List.of(io.netforge.io.DType.I64, io.netforge.io.DType.I32)
                                .contains(x.dtype())
                        || x.longs()[0] < 0) {
                    sizes.add(x.name() + " must be a non-negative integer scalar (int64), is " + x.dtype() + " "
                            + Arrays.toString(x.shape()));
                }
                i.remove();
            }
        }
        if (!missing.isEmpty() || !byName.isEmpty() || !sizes.isEmpty()) {
            StringBuilder m = new StringBuilder(file + ": Error(s) in loading state_dict for "
                    + model.graph().modelName() + ":");
            if (!missing.isEmpty()) {
                m.append("\n\tMissing key(s) in state_dict: ")
                        .append(String.join(", ", missing))
                        .append('.');
            }
            if (!byName.isEmpty()) {
                m.append("\n\tUnexpected key(s) in state_dict: ")
                        .append(String.join(", ", byName.keySet()))
                        .append('.');
            }
            for (String s : sizes) {
                m.append("\n\t").append(s).append('.');
            }
            if (!missing.isEmpty() && renames.isEmpty()) {
                m.append(
                        "\n\tNames follow torchvision's conventions (see docs/checkpoints.md); pass renames for nn.Sequential models.");
            }
            throw new io.netforge.io.SafetensorsFormatException(file, 0, m.toString());
        }
        Normalization normalization = normalization(file, c.metadata().get(NORMALIZATION));
        if (normalization != null && normalization.channels() != model.channels()) {
            throw new io.netforge.io.SafetensorsFormatException(
                    file,
                    NORMALIZATION + " " + normalization + " is for " + normalization.channels() + " channel(s) but "
                            + model.graph().modelName() + " has " + model.channels());
        }
        // Everything checked: nothing below can fail.
        model.restore(values);
        if (normalization != null) {
            model.normalization(normalization);
        }
    }

    /**
     * A file NetForge wrote names its model and architecture: one of another model or architecture is refused even
     * when its names and shapes fit (a renamed layer or a changed activation makes the same weights mean something
     * else). A file without these entries (PyTorch's) is taken on its names and shapes alone.
     */
    private static void checkOrigin(ModelState ours, String ourArchitecture, Path file, Map<String, String> metadata)
            throws IOException {
        String model = metadata.get("netforge.model");
        if (model != null && !model.equals(ours.graph().modelName())) {
            throw new io.netforge.io.SafetensorsFormatException(
                    file,
                    "exported from model " + model + ", not "
                            + ours.graph().modelName()
                            + " (netforge.model in its metadata); remove the netforge.* metadata to import it"
                            + " as a plain PyTorch state_dict");
        }
        String architecture = metadata.get("netforge.architecture");
        if (architecture != null && !architecture.equals(ourArchitecture)) {
            throw new io.netforge.io.SafetensorsFormatException(
                    file,
                    "exported from another architecture of "
                            + ours.graph().modelName() + " (netforge.architecture " + abbreviate(architecture)
                            + ", this one is "
                            + abbreviate(ourArchitecture)
                            + "): an activation, pooling or loss differs; remove the netforge.*"
                            + " metadata to import it as a plain PyTorch state_dict");
        }
    }

    private static String abbreviate(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }

    /** The normalization stored in the metadata ({@code KIND|first,…|second,…}), or null; strictly parsed. */
    private static Normalization normalization(Path file, String n) throws IOException {
        if (n == null) {
            return null;
        }
        String[] p = n.split("\\|", -1);
        try {
            if (p.length != 3) {
                throw new IllegalArgumentException("expected KIND|values|values");
            }
            float[] first = parseFloats(p[1]);
            float[] second = parseFloats(p[2]);
            return switch (p[0]) {
                case "STANDARDIZE" -> Normalization.standardize(first, second);
                case "MIN_MAX" -> Normalization.minMax(first, second);
                default -> throw new IllegalArgumentException("unknown kind " + p[0]);
            };
        } catch (RuntimeException e) {
            throw new io.netforge.io.SafetensorsFormatException(
                    file, "unreadable " + NORMALIZATION + " \"" + n + "\": " + e.getMessage());
        }
    }

    /** Our layout of PyTorch's values. */
    private static float[] fromTorch(float[] v, long[] ours) {
        if (ours.length < 2 || ours.length > 4) {
            return v;
        }
        try (INDArray torch = Nd4j.create(v, torchShape(ours), 'c');
                INDArray back = (ours.length == 4
                                ? torch.permute(2, 3, 1, 0)
                                : ours.length == 3 ? torch.permute(2, 1, 0) : torch.transpose())
                        .dup('c')) {
            return back.data().asFloat();
        }
    }

    private static String floats(float[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ",").append(v[i]);
        }
        return b.toString();
    }

    private static float[] parseFloats(String s) {
        String[] p = s.split(",", -1);
        float[] v = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            v[i] = Numbers.parseDecimal(p[i]);
        }
        return v;
    }
}
