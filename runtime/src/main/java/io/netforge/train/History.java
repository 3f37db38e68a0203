package io.netforge.train;

import java.util.ArrayList;
import java.util.List;

/** Per-epoch metrics of a {@code fit}, like Keras' {@code History}. */
public final class History {
    private final List<EpochResult> epochs = new ArrayList<>();

    void add(EpochResult r) {
        epochs.add(r);
    }

    public List<EpochResult> epochs() {
        return List.copyOf(epochs);
    }

    public int size() {
        return epochs.size();
    }

    public EpochResult last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch has run");
        }
        return epochs.get(epochs.size() - 1);
    }

    public double[] loss() {
        return epochs.stream().mapToDouble(EpochResult::loss).toArray();
    }

    public double[] accuracy() {
        return epochs.stream().mapToDouble(EpochResult::accuracy).toArray();
    }

    public double[] valLoss() {
        return epochs.stream().mapToDouble(EpochResult::valLoss).toArray();
    }

    public double[] valAccuracy() {
        return epochs.stream().mapToDouble(EpochResult::valAccuracy).toArray();
    }

    /** Same metrics, epoch by epoch (wall time is ignored: it never repeats). */
    public boolean sameMetrics(History other) {
        if (other.size() != size()) {
            return false;
        }
        for (int i = 0; i < size(); i++) {
            EpochResult a = epochs.get(i);
            EpochResult b = other.epochs.get(i);
            if (Double.compare(a.loss(), b.loss()) != 0 || Double.compare(a.accuracy(), b.accuracy()) != 0
                    || Double.compare(a.valLoss(), b.valLoss()) != 0 || Double.compare(a.valAccuracy(), b.valAccuracy()) != 0
                    || Double.compare(a.learningRate(), b.learningRate()) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (EpochResult r : epochs) {
            sb.append(r).append('\n');
        }
        return sb.toString();
    }
}
