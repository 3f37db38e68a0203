package io.netforge.graph;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The module names of torchvision's conventions that the kinds' {@link LayerOp.Variable#torchName()}s follow
 * (docs/checkpoints.md, "PyTorch"): a layer {@code L}'s weight and bias are {@code L.weight}, {@code L.bias}; the
 * BatchNorm of {@code …convN} is {@code …bnN}; a residual shortcut {@code ….downsample} is {@code ….downsample.0}
 * (convolution) and {@code ….downsample.1} (BatchNorm).
 */
final class TorchNames {
    private static final Pattern CONV_N = Pattern.compile("(.*?)conv(\\d+)");

    private TorchNames() {}

    /** A dense or convolution layer's weight and optional bias ({@code bias} null). */
    static List<LayerOp.Variable> weightAndBias(String layer, String weight, String bias) {
        String module = layer.endsWith(".downsample") ? layer + ".0" : layer;
        LayerOp.Variable w = new LayerOp.Variable(weight, LayerOp.Variable.Role.WEIGHT, module + ".weight");
        return bias == null
                ? List.of(w)
                : List.of(w, new LayerOp.Variable(bias, LayerOp.Variable.Role.BIAS, module + ".bias"));
    }

    /** The module of layer {@code layer}'s BatchNorm: {@code …bnN} after {@code …convN}, else {@code <layer>_bn}. */
    static String batchNormModule(String layer) {
        if (layer.endsWith(".downsample")) {
            return layer + ".1";
        }
        Matcher m = CONV_N.matcher(layer);
        if (m.matches() && (m.group(1).isEmpty() || m.group(1).endsWith("."))) {
            return m.group(1) + "bn" + m.group(2);
        }
        return layer + "_bn";
    }
}
