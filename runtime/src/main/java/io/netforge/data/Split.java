package io.netforge.data;

import java.util.Objects;

/** The two parts of {@link Dataset#split}, in the order the fraction describes them. */
public record Split(Dataset first, Dataset second) {
    public Split {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
    }
}
