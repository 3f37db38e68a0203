package io.netforge.graph;

import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * The libnd4j configurations of a convolution and a pooling {@link LayerOp}, shared by the SameDiff backend
 * ({@link SameDiffOps}) and the planned engine's kernels so that both run the same native op the same way.
 */
public final class Nd4jConfigs {
    private Nd4jConfigs() {}

    /** NCHW input, weights {@code [k, k, in, filters]} (YXIO), explicit padding. */
    public static Conv2DConfig conv(LayerOp.Conv op) {
        return Conv2DConfig.builder()
                .kH(op.kernel())
                .kW(op.kernel())
                .sH(op.stride())
                .sW(op.stride())
                .pH(op.padding())
                .pW(op.padding())
                .dH(1)
                .dW(1)
                .paddingMode(PaddingMode.VALID)
                .dataFormat("NCHW")
                .weightsFormat(WeightsFormat.YXIO)
                .build();
    }

    /**
     * NCHW pooling; the padding only for max pooling: average pooling pools a zero-padded copy instead (libnd4j's
     * avgpool2d gradient is wrong when it counts padding itself, and the copy is PyTorch's count_include_pad).
     */
    public static Pooling2DConfig pool(LayerOp.Pool op) {
        int p = op.max() ? op.padding() : 0;
        return Pooling2DConfig.builder()
                .kH(op.kernel())
                .kW(op.kernel())
                .sH(op.stride())
                .sW(op.stride())
                .pH(p)
                .pW(p)
                .dH(1)
                .dW(1)
                .type(op.max() ? Pooling2D.Pooling2DType.MAX : Pooling2D.Pooling2DType.AVG)
                .paddingMode(PaddingMode.VALID)
                .isNHWC(false)
                .build();
    }
}
