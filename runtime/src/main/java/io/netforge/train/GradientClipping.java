package io.netforge.train;

import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Gradient clipping before the optimizer step, as PyTorch's utilities:
 * <ul>
 *   <li>{@link #byNorm}: {@code torch.nn.utils.clip_grad_norm_} — the total L2 norm of all gradients together
 *       (as if concatenated into one vector); when {@code maxNorm / (total + 1e-6) < 1} every gradient is
 *       multiplied by that factor, so the direction is kept and the norm becomes (just under) {@code maxNorm}.</li>
 *   <li>{@link #byValue}: {@code clip_grad_value_} — every element clamped to {@code [-value, value]}.</li>
 *   <li>{@link #NONE}: gradients untouched.</li>
 * </ul>
 * Immutable; equal when kind and threshold are equal.
 */
public final class GradientClipping implements io.netforge.train.optim.Clipping {
    /** PyTorch's {@code clip_grad_norm_} adds this to the total norm before dividing. */
    static final double EPS = 1e-6;

    public enum Kind {
        NONE,
        NORM,
        VALUE
    }

    public static final GradientClipping NONE = new GradientClipping(Kind.NONE, 0);

    private final Kind kind;
    private final double threshold;

    private GradientClipping(Kind kind, double threshold) {
        this.kind = kind;
        this.threshold = threshold;
    }

    /** Clip by the total L2 norm; {@code maxNorm} positive and finite. */
    public static GradientClipping byNorm(double maxNorm) {
        return new GradientClipping(Kind.NORM, positive("maxNorm", maxNorm));
    }

    /** Clamp each element to {@code [-value, value]}; {@code value} positive and finite. */
    public static GradientClipping byValue(double value) {
        return new GradientClipping(Kind.VALUE, positive("value", value));
    }

    /**
     * From {@code @ClipGradients(maxNorm, value)}, where 0 means "not set": both 0 is {@link #NONE}, one
     * positive picks that kind, both set is an error.
     */
    public static GradientClipping of(double maxNorm, double value) {
        if (maxNorm != 0 && value != 0) {
            throw new IllegalArgumentException("@ClipGradients: set `maxNorm` or `value`, not both. Received: maxNorm="
                    + maxNorm + ", value=" + value);
        }
        if (maxNorm != 0) {
            return byNorm(maxNorm);
        }
        if (value != 0) {
            return byValue(value);
        }
        return NONE;
    }

    @Override
    public boolean active() {
        return kind != Kind.NONE;
    }

    public Kind kind() {
        return kind;
    }

    /** {@code maxNorm} or {@code value}; 0 for {@link #NONE}. */
    public double threshold() {
        return threshold;
    }

    /**
     * Clips {@code gradients} in place.
     *
     * @return the total L2 norm of all gradients before clipping, whatever the kind (for logging, or to skip a
     *         step whose gradients are not finite). A non-finite norm leaves the gradients unchanged by
     *         {@link #byNorm} (PyTorch would spread the NaN to every gradient); {@link #byValue} keeps NaN elements
     *         as {@code clamp} does; {@link #NONE} still measures the norm, so skip the call when it is not needed
     */
    @Override
    public double clip(List<INDArray> gradients) {
        double total = totalNorm(gradients);
        switch (kind) {
            case NORM -> {
                double coef = threshold / (total + EPS);
                if (coef < 1) { // also false for a NaN or infinite total
                    for (INDArray g : gradients) {
                        g.muli(coef);
                    }
                }
            }
            case VALUE -> {
                for (INDArray g : gradients) {
                    if (Double.isFinite(total)) {
                        // in place (dup = false): nothing to close
                        Transforms.min(g, threshold, false);
                        Transforms.max(g, -threshold, false);
                    } else {
                        clampKeepingNaN(g, threshold);
                    }
                }
            }
            default -> {
                // NONE: nothing to clip
            }
        }
        return total;
    }

    /**
     * ND4J's scalar min/max turn NaN into the bound, which would hide a diverged step; {@code torch.clamp} keeps
     * NaN (and clamps infinities). Only reached when some gradient is not finite, so element access is fine.
     */
    private static void clampKeepingNaN(INDArray g, double v) {
        for (long i = 0; i < g.length(); i++) {
            double x = g.getDouble(i);
            if (x > v) {
                g.putScalar(i, v);
            } else if (x < -v) {
                g.putScalar(i, -v);
            }
        }
    }

    /** The L2 norm of all gradients together: {@code sqrt(sum of each gradient's squared L2 norm)}. */
    public static double totalNorm(List<INDArray> gradients) {
        double sumSquares = 0;
        for (INDArray g : gradients) {
            double n;
            try (INDArray norm = g.norm2()) {
                n = norm.getDouble(0);
            }
            sumSquares += n * n;
        }
        return Math.sqrt(sumSquares);
    }

    private static double positive(String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("Gradient clipping: Invalid value for `" + what
                    + "`. Expected a positive finite number. Received: " + what + "=" + v);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GradientClipping c && c.kind == kind && Double.compare(c.threshold, threshold) == 0;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Double.hashCode(threshold);
    }

    /** {@code NONE}, {@code byNorm(maxNorm=1.0)} or {@code byValue(value=0.5)}. */
    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "NONE";
            case NORM -> String.format(Locale.ROOT, "byNorm(maxNorm=%s)", threshold);
            case VALUE -> String.format(Locale.ROOT, "byValue(value=%s)", threshold);
        };
    }
}
