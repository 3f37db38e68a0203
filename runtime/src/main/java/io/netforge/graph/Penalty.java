package io.netforge.graph;

/**
 * Weight penalties of one layer: the loss gains {@code l1 * sum|w| + l2 / 2 * sum w^2}, the gradient
 * {@code l1 * sign(w) + l2 * w}.
 */
public record Penalty(double l1, double l2) {
    public static final Penalty NONE = new Penalty(0, 0);

    public Penalty {
        if (!(l1 >= 0) || !(l2 >= 0) || Double.isInfinite(l1) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException(
                    "Invalid penalty: expected finite l1 >= 0 and l2 >= 0. Received: l1=" + l1 + ", l2=" + l2);
        }
    }

    public static Penalty of(double l1, double l2) {
        return l1 == 0 && l2 == 0 ? NONE : new Penalty(l1, l2);
    }

    public boolean isNone() {
        return l1 == 0 && l2 == 0;
    }
}
