package io.netforge.train.state;

import io.netforge.util.Lcg48;
import io.netforge.util.SplitMix;

/**
 * The random streams of a trainer, all from its seed: epoch shuffling (and augmentation), dropout masks and
 * DisturbLabel. Checkpointed under the key {@code rng}, so a resumed run draws what the uninterrupted one would.
 */
public final class RandomStreams implements Stateful {
    public final SplitMix shuffle;
    public final Lcg48 dropout;
    public final SplitMix disturb;

    public RandomStreams(long seed) {
        this.shuffle = new SplitMix(seed);
        this.dropout = new Lcg48(shuffle.nextLong());
        this.disturb = new SplitMix(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
    }

    /** Restarts the dropout and DisturbLabel streams from {@code seed} (data-parallel workers differ by seed). */
    public void reseed(long seed) {
        SplitMix s = new SplitMix(seed);
        dropout.setSeed(s.nextLong());
        disturb.state(s.nextLong());
    }

    @Override
    public String stateKey() {
        return "rng";
    }

    @Override
    public void saveState(State state) {
        state.put("shuffle", shuffle.state()).put("dropout", dropout.state()).put("disturb", disturb.state());
    }

    @Override
    public void loadState(State state) {
        long dropoutState = state.getLong("dropout");
        if ((dropoutState >>> 48) != 0) {
            throw new LoadChecks.OutOfRange("dropout stream state " + dropoutState + " has more than 48 bits");
        }
        long shuffleState = state.getLong("shuffle");
        long disturbState = state.getLong("disturb");
        shuffle.state(shuffleState);
        dropout.state(dropoutState);
        disturb.state(disturbState);
    }
}
