package io.netforge.graph;

/**
 * A dropout mask the training loop feeds each step: values 0 with probability {@code p}, else
 * {@code 1/(1-p)}. Masks are drawn in Java from the run's seeded generator, so dropout is reproducible
 * and has a gradient (SameDiff's dropout ops have neither).
 *
 * @param placeholder name of the mask placeholder
 * @param sampleShape mask shape for one sample; {@code [C, 1, 1]} drops whole channels
 * @param p drop probability
 */
@SuppressWarnings("ArrayRecordComponent") // a shape of the graph, never compared or changed after the graph is built
public record DropoutMask(String placeholder, long[] sampleShape, double p) {
    public DropoutMask {
        sampleShape = sampleShape.clone();
    }

    @Override
    public long[] sampleShape() {
        return sampleShape.clone();
    }
}
