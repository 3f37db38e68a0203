package io.netforge.processor.model;

/**
 * An {@code @Init} that applies to a layer (its own, or the model's default).
 *
 * @param scheme the {@code WeightInit} constant's name, e.g. {@code HE_NORMAL}
 * @param mean mean for {@code NORMAL}
 * @param std standard deviation for {@code NORMAL}
 * @param bias constant every bias starts at
 */
public record InitSpec(String scheme, double mean, double std, double bias) {}
