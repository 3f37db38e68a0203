package io.netforge.plan;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;

import io.netforge.util.Dnnl;
import java.nio.FloatBuffer;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.lstm_backward;
import org.bytedeco.dnnl.lstm_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A forward LSTM layer over a whole batch as oneDNN's LSTM primitive (PyTorch's CPU path does the same): the gates of
 * every step and their products in its vectorized kernels, where {@link LstmKernel}'s Java loops run one {@code exp}
 * at a time. Its layouts are NetForge's already: the input and the states {@code ntc} ({@code [N, steps, features]}),
 * the weights {@code ldigo} ({@code [features, 4·h]}, gates i, f, g, o as PyTorch orders them), one bias (the two
 * biases added). Training keeps oneDNN's workspace for the backward pass, which wants its weights as {@code ldgoi} (a
 * reorder each step, the weights having changed) and adds into its weight gradients (zeroed first). It cannot hold a
 * state across padding steps, so {@link LstmKernel} takes it only for a batch without padding. docs/performance.md,
 * "The language models, and the Transformer with attention dropout".
 */
final class DnnlLstm implements AutoCloseable {
    private final DnnlSteps prims = new DnnlSteps();
    private final FloatPointer bias;
    private final int gw;
    private final INDArray dWx;
    private final INDArray dWr;
    private final FloatPointer diffBias;

    /**
     * @param training whether a backward pass follows (forward_training with a workspace)
     * @param dy the states' gradient, null without a backward pass (as the three after it)
     * @param dx the input's gradient, or null when the input needs none (oneDNN still writes one, into its own memory)
     * @param dWx the input weights' gradient
     * @param dWr the recurrent weights' gradient
     */
    DnnlLstm(
            int n,
            int steps,
            int features,
            int h,
            INDArray x,
            INDArray states,
            INDArray wx,
            INDArray wr,
            boolean training,
            INDArray dy,
            INDArray dx,
            INDArray dWx,
            INDArray dWr) {
        this.gw = 4 * h;
        this.dWx = dWx;
        this.dWr = dWr;
        long[] sequence = {steps, n, features}; // oneDNN's dims are always t, n, c; ntc is how they are stored
        long[] out = {steps, n, h};
        long[] layerWeights = {1, 1, features, 4, h};
        long[] iterWeights = {1, 1, h, 4, h};
        long[] biasDims = {1, 1, 4, h};
        memory.desc none = prims.own(new memory.desc()); // zero initial states, no final state asked for
        memory.desc src = prims.desc(sequence, memory.format_tag.ntc);
        memory.desc dst = prims.desc(out, memory.format_tag.ntc);
        memory.desc wl = prims.desc(layerWeights, memory.format_tag.ldigo);
        memory.desc wi = prims.desc(iterWeights, memory.format_tag.ldigo);
        memory.desc b = prims.desc(biasDims, memory.format_tag.ldgo);
        lstm_forward.primitive_desc fwd = prims.own(new lstm_forward.primitive_desc(
                prims.own(new lstm_forward.desc(
                        training ? dnnl.prop_kind.forward_training : dnnl.prop_kind.forward_inference,
                        dnnl.rnn_direction.unidirectional_left2right,
                        src,
                        none,
                        none,
                        wl,
                        wi,
                        b,
                        dst,
                        none,
                        none)),
                Dnnl.engine()));
        memory srcMemory = prims.wrap(src, x);
        memory dstMemory = prims.wrap(dst, states);
        memory wlMemory = prims.wrap(wl, wx);
        memory wiMemory = prims.wrap(wi, wr);
        memory biasMemory = prims.own(new memory(b, Dnnl.engine()));
        bias = new FloatPointer(biasMemory.get_data_handle()).capacity(gw).limit(gw);
        memory workspace = training ? prims.own(new memory(fwd.workspace_desc(), Dnnl.engine())) : null;
        prims.add(
                prims.forward,
                new lstm_forward(fwd),
                training
                        ? prims.args(
                                DNNL_ARG_SRC_LAYER, srcMemory,
                                DNNL_ARG_WEIGHTS_LAYER, wlMemory,
                                DNNL_ARG_WEIGHTS_ITER, wiMemory,
                                DNNL_ARG_BIAS, biasMemory,
                                DNNL_ARG_DST_LAYER, dstMemory,
                                DNNL_ARG_WORKSPACE, workspace)
                        : prims.args(
                                DNNL_ARG_SRC_LAYER, srcMemory,
                                DNNL_ARG_WEIGHTS_LAYER, wlMemory,
                                DNNL_ARG_WEIGHTS_ITER, wiMemory,
                                DNNL_ARG_BIAS, biasMemory,
                                DNNL_ARG_DST_LAYER, dstMemory));
        if (dy == null) {
            diffBias = null;
            return;
        }
        // backward: the weights as ldgoi (what it accepts), the weight gradients in NetForge's ldigo
        memory.desc wlBack = prims.desc(layerWeights, memory.format_tag.ldgoi);
        memory.desc wiBack = prims.desc(iterWeights, memory.format_tag.ldgoi);
        lstm_backward.primitive_desc bwd = prims.own(new lstm_backward.primitive_desc(
                prims.own(new lstm_backward.desc(
                        dnnl.prop_kind.backward,
                        dnnl.rnn_direction.unidirectional_left2right,
                        src,
                        none,
                        none,
                        wlBack,
                        wiBack,
                        b,
                        dst,
                        none,
                        none,
                        src,
                        none,
                        none,
                        wl,
                        wi,
                        b,
                        dst,
                        none,
                        none)),
                Dnnl.engine(),
                fwd));
        memory wlBackMemory = prims.own(new memory(wlBack, Dnnl.engine()));
        memory wiBackMemory = prims.own(new memory(wiBack, Dnnl.engine()));
        prims.reorder(prims.backward, wlMemory, wlBackMemory);
        prims.reorder(prims.backward, wiMemory, wiBackMemory);
        memory diffSrc = dx != null ? prims.wrap(src, dx) : prims.own(new memory(src, Dnnl.engine()));
        memory diffBiasMemory = prims.own(new memory(b, Dnnl.engine()));
        diffBias =
                new FloatPointer(diffBiasMemory.get_data_handle()).capacity(gw).limit(gw);
        prims.add(
                prims.backward,
                new lstm_backward(bwd),
                prims.args(
                        DNNL_ARG_SRC_LAYER, srcMemory,
                        DNNL_ARG_WEIGHTS_LAYER, wlBackMemory,
                        DNNL_ARG_WEIGHTS_ITER, wiBackMemory,
                        DNNL_ARG_BIAS, biasMemory,
                        DNNL_ARG_DST_LAYER, dstMemory,
                        DNNL_ARG_WORKSPACE, workspace,
                        DNNL_ARG_DIFF_SRC_LAYER, diffSrc,
                        DNNL_ARG_DIFF_WEIGHTS_LAYER, prims.wrap(wl, dWx),
                        DNNL_ARG_DIFF_WEIGHTS_ITER, prims.wrap(wi, dWr),
                        DNNL_ARG_DIFF_BIAS, diffBiasMemory,
                        DNNL_ARG_DIFF_DST_LAYER, prims.wrap(dst, dy)));
    }

    /** Every step's state into the states array, from the biases {@code bx + br} of now. */
    void forward(FloatBuffer bx, FloatBuffer br, stream s) {
        for (int j = 0; j < gw; j++) {
            bias.put(j, bx.get(j) + br.get(j));
        }
        DnnlSteps.run(prims.forward, s);
    }

    /** The weight gradients and the input's; the bias gradient (both biases') into {@code dBias}. */
    void backward(float[] dBias, stream s) {
        dWx.assign(0); // the primitive adds into them
        dWr.assign(0);
        Pointer.memset(diffBias, 0, (long) gw * Float.BYTES);
        DnnlSteps.run(prims.backward, s);
        diffBias.get(dBias, 0, gw);
    }

    @Override
    public void close() {
        prims.close();
    }
}
