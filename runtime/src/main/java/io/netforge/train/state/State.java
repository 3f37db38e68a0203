package io.netforge.train.state;

import io.netforge.io.CheckpointFile;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One piece of training state as structured data, stored in checkpoints under its owner's {@link Stateful#stateKey()}
 * (Lightning's {@code state_dict}): named scalars (whole numbers, floating-point numbers, booleans, text) and named
 * arrays. Floating-point values keep every bit through a checkpoint, NaN and infinities included.
 *
 * <pre>{@code
 * public void saveState(State state) { state.put("best", best).put("wait", wait); }
 * public void loadState(State state) { best = state.getDouble("best"); wait = state.getInt("wait"); }
 * }</pre>
 *
 * <p>A getter throws {@link IllegalArgumentException} naming the key and the entry when the entry is missing or of
 * another type; a checkpoint whose state cannot be read is refused before anything changes.
 */
public final class State {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+(/[A-Za-z0-9_.\\-]+)*");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.\\-$]+");

    private final String key;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, CheckpointFile.Array> arrays = new LinkedHashMap<>();

    /** An empty state for the owner {@code key}. */
    public State(String key) {
        Objects.requireNonNull(key, "key");
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException(
                    "Invalid state key '" + key + "'. Expected letters, digits, '_', '.', '-', '$'");
        }
        this.key = key;
    }

    /** The owner's key. */
    public String key() {
        return key;
    }

    public State put(String name, long value) {
        values.put(checkName("name", name), value);
        return this;
    }

    public State put(String name, double value) {
        values.put(checkName("name", name), value);
        return this;
    }

    public State put(String name, boolean value) {
        values.put(checkName("name", name), value);
        return this;
    }

    public State put(String name, String value) {
        values.put(checkName("name", name), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** A float32 array of {@code shape} ({@code values.length} = the product of the shape). */
    public State put(String name, long[] shape, float[] values) {
        arrays.put(checkName("name", name), CheckpointFile.Array.f32(name, shape, values));
        return this;
    }

    /** A float64 array of {@code shape}. */
    public State put(String name, long[] shape, double[] values) {
        arrays.put(checkName("name", name), CheckpointFile.Array.f64(name, shape, values));
        return this;
    }

    /** A one-dimensional int64 array. */
    public State put(String name, long[] values) {
        arrays.put(checkName("name", name), CheckpointFile.Array.i64(name, new long[] {values.length}, values));
        return this;
    }

    /** Whether a scalar or an array is stored under {@code name}. */
    public boolean has(String name) {
        return values.containsKey(name) || arrays.containsKey(name);
    }

    /** The names of the scalars, in insertion order. */
    public Set<String> scalarNames() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** The names of the arrays, in insertion order. */
    public Set<String> arrayNames() {
        return Collections.unmodifiableSet(arrays.keySet());
    }

    /** Whether nothing is stored: an owner that saved nothing is left out of the checkpoint. */
    public boolean isEmpty() {
        return values.isEmpty() && arrays.isEmpty();
    }

    public long getLong(String name) {
        return scalar(name, Long.class, "a whole number");
    }

    public int getInt(String name) {
        long v = getLong(name);
        if (v != (int) v) {
            throw new IllegalArgumentException(where(name) + " is " + v + ", out of the range of an int");
        }
        return (int) v;
    }

    public double getDouble(String name) {
        return scalar(name, Double.class, "a floating-point number");
    }

    public boolean getBoolean(String name) {
        return scalar(name, Boolean.class, "a boolean");
    }

    public String getString(String name) {
        return scalar(name, String.class, "text");
    }

    public float[] floats(String name) {
        return array(name, io.netforge.io.DType.F32).floats();
    }

    public double[] doubles(String name) {
        return array(name, io.netforge.io.DType.F64).doubles();
    }

    public long[] longs(String name) {
        return array(name, io.netforge.io.DType.I64).longs();
    }

    /** The shape of array {@code name}. */
    public long[] shape(String name) {
        CheckpointFile.Array a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException(where(name) + " is missing");
        }
        return a.shape();
    }

    private <T> T scalar(String name, Class<T> type, String what) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(where(name) + " is missing");
        }
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException(where(name) + " is " + v + ", not " + what);
        }
        return type.cast(v);
    }

    private CheckpointFile.Array array(String name, io.netforge.io.DType dtype) {
        CheckpointFile.Array a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException(where(name) + " is missing");
        }
        if (a.dtype() != dtype) {
            throw new IllegalArgumentException(where(name) + " holds " + a.dtype() + ", not " + dtype);
        }
        return a;
    }

    private String where(String name) {
        return "state '" + key + "': entry '" + name + "'";
    }

    // For the checkpoint codec.
    public Map<String, Object> values() {
        return values;
    }

    public Map<String, CheckpointFile.Array> arrays() {
        return arrays;
    }

    public void putRaw(String name, Object value) {
        values.put(checkName("name", name), value);
    }

    public void putArray(String name, CheckpointFile.Array a) {
        arrays.put(checkName("name", name), a);
    }

    static String checkName(String what, String name) {
        Objects.requireNonNull(name, what);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid state " + what + " '" + name
                    + "'. Expected letters, digits, '_', '.', '-'" + " in parts separated by '/'");
        }
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof State s && key.equals(s.key) && values.equals(s.values) && arrays.equals(s.arrays);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, values, arrays);
    }

    @Override
    public String toString() {
        return "State(" + key + ", " + values + ", arrays " + arrays.values() + ")";
    }
}
