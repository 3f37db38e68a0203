package io.netforge.processor.validation;

/**
 * Reads annotation values and reports the invalid ones, Keras style: "fc1: invalid value for `rate` of
 * {@code @Dropout}. Expected a number in [0, 1). Received: rate=1.5". Each check returns the value read,
 * valid or not; callers compare {@link Diagnostics#errorCount()} to know whether all were valid.
 */
final class ValueChecks {
    private final Diagnostics diagnostics;
    private final String subject;
    private final boolean inBlock;

    /**
     * @param subject what messages name first: the layer (field) or the model
     */
    ValueChecks(Diagnostics diagnostics, String subject) {
        this(diagnostics, subject, false);
    }

    /** @param inBlock whether the values belong to a field of a {@code @Block} class, where sentinels are allowed */
    ValueChecks(Diagnostics diagnostics, String subject, boolean inBlock) {
        this.diagnostics = diagnostics;
        this.subject = subject;
        this.inBlock = inBlock;
    }

    /**
     * @param label the name messages use for the member, e.g. {@code rate} for {@code @Dropout}'s {@code value}
     */
    int positiveInt(AnnotationView view, String member, String label) {
        int v = view.intValue(member);
        if (v <= 0) {
            diagnostics.report(
                    Message.NOT_POSITIVE,
                    view.at(member),
                    subject,
                    label,
                    view.display(),
                    "a positive integer",
                    label,
                    v);
        }
        return v;
    }

    /** A positive odd integer: a kernel whose output steps line up with its input's (kernel / 2 padding each side). */
    int oddPositiveInt(AnnotationView view, String member, String label) {
        int v = view.intValue(member);
        if (v <= 0 || v % 2 == 0) {
            diagnostics.report(
                    Message.NOT_POSITIVE,
                    view.at(member),
                    subject,
                    label,
                    view.display(),
                    "a positive odd integer (each output step centred on an input step)",
                    label,
                    v);
        }
        return v;
    }

    /**
     * A positive integer, or inside a {@code @Block} class the sentinel {@code Block.WIDTH} / {@code Block.STRIDE}
     * (-1), which the use site's {@code @Blocks} replaces; outside a block -1 is an invalid value like any other.
     */
    int positiveOrSentinel(AnnotationView view, String member, String label) {
        int v = view.intValue(member);
        if (v == -1 && inBlock) {
            return v;
        }
        return positiveInt(view, member, label);
    }

    int nonNegativeInt(AnnotationView view, String member, String label, String expected) {
        int v = view.intValue(member);
        if (v < 0) {
            diagnostics.report(Message.NEGATIVE, view.at(member), subject, label, view.display(), expected, label, v);
        }
        return v;
    }

    double positive(AnnotationView view, String member, String label) {
        double v = view.doubleValue(member);
        if (!(v > 0) || Double.isInfinite(v)) {
            diagnostics.report(
                    Message.NOT_POSITIVE,
                    view.at(member),
                    subject,
                    label,
                    view.display(),
                    "a finite number > 0",
                    label,
                    v);
        }
        return v;
    }

    double nonNegative(AnnotationView view, String member, String label) {
        double v = view.doubleValue(member);
        if (!(v >= 0) || Double.isInfinite(v)) {
            diagnostics.report(
                    Message.NEGATIVE,
                    view.at(member),
                    subject,
                    label,
                    view.display(),
                    "a finite number >= 0",
                    label,
                    v);
        }
        return v;
    }

    /** A value in {@code [lo, hi)}, or {@code [lo, hi]} when {@code hiInclusive}. */
    double inRange(AnnotationView view, String member, String label, double lo, double hi, boolean hiInclusive) {
        return inRange(view, member, label, lo, true, hi, hiInclusive);
    }

    /** A value between {@code lo} and {@code hi}, each bound included or not. */
    double inRange(
            AnnotationView view,
            String member,
            String label,
            double lo,
            boolean loInclusive,
            double hi,
            boolean hiInclusive) {
        double v = view.doubleValue(member);
        boolean ok = (loInclusive ? v >= lo : v > lo) && (hiInclusive ? v <= hi : v < hi);
        if (!ok) {
            String range = (loInclusive ? "[" : "(") + number(lo) + ", " + number(hi) + (hiInclusive ? "]" : ")");
            diagnostics.report(Message.OUT_OF_RANGE, view.at(member), subject, label, view.display(), range, label, v);
        }
        return v;
    }

    /** Any finite value. */
    double finite(AnnotationView view, String member, String label) {
        double v = view.doubleValue(member);
        if (!Double.isFinite(v)) {
            diagnostics.report(
                    Message.OUT_OF_RANGE, view.at(member), subject, label, view.display(), "(-inf, inf)", label, v);
        }
        return v;
    }

    /** Pooling padding beyond half the window would make windows of padding only (PyTorch refuses it too). */
    void atMostHalfWindow(AnnotationView view, int window, int padding) {
        if (window > 0 && padding > 0 && 2 * padding > window) {
            diagnostics.report(
                    Message.POOL_PADDING_TOO_LARGE, view.at("padding"), subject, view.display(), window / 2, padding);
        }
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
