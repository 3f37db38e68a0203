package io.netforge.train.state;

import java.math.BigDecimal;

/** Number text shared by the history export and the progress bar. */
public final class Numbers {
    private Numbers() {}

    /**
     * The shortest text that reads back as {@code v} (via {@link Double#toString}'s digits), laid out as Python's
     * {@code repr(float)} does, which is what Keras writes (Java 17's {@code Double.toString} is, rarely, a digit
     * longer than Python's shortest form, never less exact): plain notation when the leading digit's decimal exponent
     * is in [-4, 16) ({@code 0.0001}, {@code 2.0}, {@code 123.5}), scientific otherwise ({@code 1e-05},
     * {@code 1.5e+16}); {@code nan}, {@code inf}, {@code -inf} for the non-finite values. Every finite result is
     * also a valid JSON number and is read back exactly by {@link Double#parseDouble}.
     */
    public static String repr(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0.0" : "0.0";
        }
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exponent = digits.length() - 1 - d.scale();
        String sign = v < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = d.toPlainString();
            return sign + (plain.indexOf('.') < 0 ? plain + ".0" : plain);
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        int e = Math.abs(exponent);
        return sign + mantissa + "e" + (exponent < 0 ? '-' : '+') + (e < 10 ? "0" : "") + e;
    }

    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("-?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

    /**
     * A decimal number as {@link Double#toString} or Python writes it, strictly: digits, an optional fraction and
     * exponent; {@code NaN}, {@code Infinity} and {@code -Infinity} (Java's names) only when {@code nonFinite}. No hex
     * floats, no {@code f}/{@code d} suffix, no spaces, which {@link Double#parseDouble} would accept.
     *
     * @throws NumberFormatException for anything else
     */
    public static double parseDouble(String text, boolean nonFinite) {
        if (nonFinite && (text.equals("NaN") || text.equals("Infinity") || text.equals("-Infinity"))) {
            return Double.parseDouble(text);
        }
        if (text.length() > 64 || !DECIMAL.matcher(text).matches()) {
            throw new NumberFormatException(
                    "not a decimal number: \"" + (text.length() > 64 ? text.substring(0, 64) + "…" : text) + "\"");
        }
        return Double.parseDouble(text);
    }

    /** A finite float written in decimal ({@link #parseDouble} without non-finite values), finite as a float too. */
    public static float parseDecimal(String text) {
        parseDouble(text, false);
        float v = Float.parseFloat(text); // rounded once, as the text was written by Float.toString
        if (!Float.isFinite(v)) {
            throw new NumberFormatException(text + " is out of the range of a float");
        }
        return v;
    }
}
