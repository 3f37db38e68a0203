package io.netforge.plan;

import io.netforge.util.NdArrays;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * BLAS called straight on the plan's host buffers through JavaCPP's OpenBLAS preset ({@code openblas_nolapack}: the
 * very library and thread pool ND4J's CPU backend uses), with no {@code Nd4j.exec} in between: a 64×128 by 128×10 product costs about 3 µs instead of
 * 28–108 µs through {@code Nd4j.gemm} (docs/performance.md, "Dense layers without per-call overhead"). Only for
 * float32 arrays in host memory, 'c' order and contiguous; the kernels keep their {@code Nd4j.exec} path otherwise
 * (other backends, double precision).
 */
final class HostGemm {
    private static final boolean CPU = Nd4j.getEnvironment().isCPU();

    private HostGemm() {}

    /** Multiply-adds up to which a product goes to {@link #gemm}: {@code -Dnetforge.hostGemmLimit}, default 2^18. */
    static final long LIMIT = Long.getLong("netforge.hostGemmLimit", 1L << 18);

    /**
     * Whether an {@code m×k} by {@code k×n} product is small enough that the per-call cost of {@code Nd4j.exec}
     * dominates it: larger ones stay with ND4J, whose oneDNN matmul outruns OpenBLAS 0.3.19's sgemm at the Keras
     * MLP's first layer (docs/performance.md).
     */
    static boolean small(long m, long k, long n) {
        return m * k <= Integer.MAX_VALUE && k * n <= Integer.MAX_VALUE && m * k * n <= LIMIT;
    }

    /** Whether {@code arrays} can be handed to {@link #gemm}: CPU backend, float32, 'c' order, contiguous. */
    static boolean usable(INDArray... arrays) {
        return !Boolean.getBoolean("netforge.noHostGemm") && hostFloats(arrays);
    }

    /** Whether every array is float32 in host memory (CPU backend), 'c' order and contiguous. */
    static boolean hostFloats(INDArray... arrays) {
        if (!CPU) {
            return false;
        }
        for (INDArray a : arrays) {
            if (a.dataType() != DataType.FLOAT || a.ordering() != 'c' || !NdArrays.cContiguous(a)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A pointer to the first element of {@code a}. A view's {@code data()} is a buffer that already starts at the
     * view's offset ({@code data().offset() == offset()} for the views ND4J makes, measured in HostGemmTest), so only
     * an offset beyond the buffer's own is added.
     */
    static FloatPointer pointer(INDArray a) {
        long within = a.offset() - a.data().offset();
        FloatPointer p = new FloatPointer(a.data().addressPointer());
        return p.position(within).capacity(within + a.length());
    }

    /**
     * {@code C = op(A) op(B) + beta C} in row-major order, {@code op(A)} {@code m×k}, {@code op(B)} {@code k×n}.
     *
     * @param lda the row length of A as stored ({@code k}, or {@code m} when transposed); likewise {@code ldb}, {@code ldc}
     */
    static void gemm(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            FloatPointer a,
            int lda,
            FloatPointer b,
            int ldb,
            float beta,
            FloatPointer c,
            int ldc) {
        openblas_nolapack.cblas_sgemm(
                openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m,
                n,
                k,
                1f,
                a,
                lda,
                b,
                ldb,
                beta,
                c,
                ldc);
    }

    /** {@code rows} ones, for the rank-1 updates and products of {@link #addRows} and {@link #columnSums}. */
    static FloatPointer ones(int rows) {
        FloatPointer p = new FloatPointer(rows);
        for (int i = 0; i < rows; i++) {
            p.put(i, 1f);
        }
        return p;
    }

    /** Adds {@code bias} ({@code cols}) to every row of {@code y} ({@code rows × cols}): {@code y += 1 biasᵀ} (sger). */
    static void addRows(FloatPointer y, FloatPointer bias, FloatPointer ones, int rows, int cols) {
        openblas_nolapack.cblas_sger(openblas_nolapack.CblasRowMajor, rows, cols, 1f, ones, 1, bias, 1, y, cols);
    }

    /** {@code sums = gᵀ 1}: the column sums of {@code g} ({@code rows × cols}) (sgemv). */
    static void columnSums(FloatPointer g, FloatPointer sums, FloatPointer ones, int rows, int cols) {
        openblas_nolapack.cblas_sgemv(
                openblas_nolapack.CblasRowMajor,
                openblas_nolapack.CblasTrans,
                rows,
                cols,
                1f,
                g,
                cols,
                ones,
                1,
                0f,
                sums,
                1);
    }
}
