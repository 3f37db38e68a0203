package io.netforge.plan;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;

import io.netforge.util.Dnnl;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a kernel on oneDNN's primitives holds: its forward and backward sequences of primitives with their arguments,
 * and every oneDNN object it made, freed with the plan ({@link #close}).
 */
final class DnnlSteps implements AutoCloseable {
    /** A primitive with its arguments. */
    record Step(primitive p, IntMemoryMap args) {}

    final List<Step> forward = new ArrayList<>();
    final List<Step> backward = new ArrayList<>();
    private final List<Pointer> owned = new ArrayList<>();

    <T extends Pointer> T own(T pointer) {
        owned.add(pointer);
        return pointer;
    }

    /** A float32 memory description of {@code dims} in layout {@code tag} (freed with these steps). */
    memory.desc desc(long[] dims, memory.format_tag tag) {
        return own(new memory.desc(dims, memory.data_type.f32, tag));
    }

    /** A plan array (or a weight) as oneDNN memory, without a copy. */
    memory wrap(memory.desc d, INDArray a) {
        return own(new memory(d, Dnnl.engine(), DnnlMatmul.at(HostGemm.pointer(a))));
    }

    /** Arguments from pairs of {@code DNNL_ARG_…} keys and memories. */
    IntMemoryMap args(Object... keysAndMemories) {
        IntMemoryMap m = own(new IntMemoryMap());
        for (int i = 0; i < keysAndMemories.length; i += 2) {
            m.put((Integer) keysAndMemories[i], (memory) keysAndMemories[i + 1]);
        }
        return m;
    }

    /** Appends {@code p} with {@code args} to {@code steps}. */
    void add(List<Step> steps, primitive p, IntMemoryMap args) {
        steps.add(new Step(own(p), args));
    }

    /** Appends a reorder (a layout change) from {@code from} to {@code to}. */
    void reorder(List<Step> steps, memory from, memory to) {
        add(steps, new reorder(from, to), args(DNNL_ARG_FROM, from, DNNL_ARG_TO, to));
    }

    /** Runs {@code steps} in order on {@code s} and waits for them. */
    static void run(List<Step> steps, stream s) {
        for (Step step : steps) {
            step.p().execute(s, step.args());
        }
        s._wait();
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            owned.get(i).close();
        }
        owned.clear();
    }
}
