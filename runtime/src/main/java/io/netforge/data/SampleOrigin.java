package io.netforge.data;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * Which normalized dataset handed out a sample array: {@link Dataset#features(int)} records each copy it returns
 * from a normalized dataset, so that a prediction given that array knows it is already normalized and does not
 * normalize it a second time (issue 22: a standardized Fashion-MNIST sample normalized twice lost 12.6 points of
 * accuracy, without a word). Keyed by the array's identity and held weakly: an array the caller drops is forgotten;
 * a copy of it ({@code clone()}, arithmetic) is not recognized and counts as raw.
 */
public final class SampleOrigin {
    /** The dataset a sample array came from and how that dataset was normalized. */
    public record Origin(String dataset, Normalization normalization) {}

    // float[] has identity equals/hashCode, so a WeakHashMap keyed by arrays is an identity map
    private static final Map<float[], Origin> ORIGINS = Collections.synchronizedMap(new WeakHashMap<>());

    private SampleOrigin() {}

    static float[] record(float[] sample, String dataset, Normalization normalization) {
        if (!normalization.isNone()) {
            ORIGINS.put(sample, new Origin(dataset, normalization));
        }
        return sample;
    }

    /** Where {@code sample} came from, if it is an array a normalized dataset's {@code features(i)} returned. */
    public static Optional<Origin> of(float[] sample) {
        return Optional.ofNullable(ORIGINS.get(sample));
    }
}
