package io.netforge.plan;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import io.netforge.util.Dnnl;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * One matrix product as a oneDNN {@code matmul} primitive over the plan's own buffers, made once when the plan is
 * bound: {@code C = op(A) op(B) (+ bias) (+ C)}, row-major, a transposed operand described by its strides (no copy).
 * Against libnd4j's {@code matmul} through {@code Nd4j.exec} it has no per-call checks or shape building, and its
 * kernels use both cores where the product is large (docs/performance.md, "Dense layers without per-call overhead").
 */
final class DnnlMatmul implements AutoCloseable {
    /** What the primitive does with the product. */
    enum After {
        WRITE,
        ACCUMULATE
    }

    private final matmul primitive;
    private final IntMemoryMap args = new IntMemoryMap();
    /** The operands' pointers, held so that memory allocated for one of them (a vector of ones) stays alive. */
    @SuppressWarnings("UnusedVariable") // held, not read
    private final FloatPointer[] operands;

    /**
     * @param a {@code m×k} ({@code k×m} as stored when {@code transA})
     * @param b {@code k×n} ({@code n×k} as stored when {@code transB})
     * @param bias {@code n} values added to every row, or null
     * @param after what happens to the product: written, or added to {@code C} ({@code beta = 1})
     */
    DnnlMatmul(
            long m,
            long k,
            long n,
            boolean transA,
            FloatPointer a,
            boolean transB,
            FloatPointer b,
            FloatPointer bias,
            FloatPointer c,
            After after) {
        operands = new FloatPointer[] {a, b, bias, c};
        memory.desc ad = matrix(m, k, transA);
        memory.desc bd = matrix(k, n, transB);
        memory.desc cd = matrix(m, n, false);
        memory.desc biasDesc = bias == null ? null : matrix(1, n, false);
        matmul.desc product = biasDesc == null ? new matmul.desc(ad, bd, cd) : new matmul.desc(ad, bd, biasDesc, cd);
        primitive_attr attr = new primitive_attr();
        if (after != After.WRITE) {
            post_ops ops = new post_ops();
            ops.append_sum(); // scale 1
            attr.set_post_ops(ops);
        }
        primitive = new matmul(new matmul.primitive_desc(product, attr, Dnnl.engine()));
        args.put(DNNL_ARG_SRC, new memory(ad, Dnnl.engine(), at(a)));
        args.put(DNNL_ARG_WEIGHTS, new memory(bd, Dnnl.engine(), at(b)));
        args.put(DNNL_ARG_DST, new memory(cd, Dnnl.engine(), at(c)));
        if (bias != null) {
            args.put(DNNL_ARG_BIAS, new memory(biasDesc, Dnnl.engine(), at(bias)));
        }
    }

    /**
     * The address of {@code p}'s current element as a pointer at position 0: a {@code void*} parameter (the memory
     * handle) would add the position in bytes, not in floats.
     */
    static Pointer at(FloatPointer p) {
        long target = p.address() + p.position() * Float.BYTES;
        return new Pointer() {
            {
                address = target;
            }
        };
    }

    /** A row-major {@code rows×cols} matrix, or one stored transposed ({@code cols×rows} row-major). */
    private static memory.desc matrix(long rows, long cols, boolean transposed) {
        return new memory.desc(
                new long[] {rows, cols},
                memory.data_type.f32,
                transposed ? memory.format_tag.ba : memory.format_tag.ab);
    }

    @Override
    public void close() {
        primitive.close();
        args.close();
    }

    void run(stream s) {
        primitive.execute(s, args);
        s._wait();
    }
}
