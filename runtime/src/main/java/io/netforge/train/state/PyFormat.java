package io.netforge.train.state;

import java.math.BigDecimal;
import java.util.Locale;

/** Numbers and booleans as Python prints them, for the PyTorch-like {@code toString()} of the optimizers. */
public final class PyFormat {
    private PyFormat() {}

    /**
     * {@code v} as Python's {@code repr} prints a float ({@code 0.001}, {@code 1e-08}, {@code 0.0005}), except that
     * whole numbers print without a fraction, as PyTorch's integer defaults do ({@code 0}, not {@code 0.0}).
     */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e16) {
            return Long.toString((long) v);
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exp = d.precision() - d.scale() - 1;
        if (exp >= -4 && exp < 16) {
            return d.toPlainString();
        }
        String digits = d.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (v < 0 ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+")
                + String.format(Locale.ROOT, "%02d", Math.abs(exp));
    }

    public static String bool(boolean b) {
        return b ? "True" : "False";
    }
}
