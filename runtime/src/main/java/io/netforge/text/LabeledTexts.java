package io.netforge.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Texts with a class label each, and where each came from: what a text reader returns and a {@link Vocabulary} and
 * {@link TextDatasets} turn into a dataset. Immutable.
 */
public final class LabeledTexts {
    private final String name;
    private final List<String> texts;
    private final int[] labels;
    private final List<String> classes;
    private final List<String> sources;

    /**
     * @param name for messages and the dataset's name
     * @param texts the texts
     * @param labels each text's class, {@code 0 .. classes.size() - 1}
     * @param classes the classes' names
     * @param sources each text's origin (a file name), for messages and for finding a misclassified text again
     */
    public LabeledTexts(String name, List<String> texts, int[] labels, List<String> classes, List<String> sources) {
        this.name = Objects.requireNonNull(name, "name");
        this.texts = List.copyOf(texts);
        this.labels = labels.clone();
        this.classes = List.copyOf(classes);
        this.sources = List.copyOf(sources);
        if (labels.length != texts.size() || sources.size() != texts.size()) {
            throw new IllegalArgumentException(name + ": " + texts.size() + " texts, " + labels.length + " labels and "
                    + sources.size() + " sources; there must be one of each per text");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes.size()) {
                throw new IllegalArgumentException(name + ": text " + i + " (" + sources.get(i) + ") has label "
                        + labels[i] + " but there are " + classes.size() + " classes " + classes);
            }
        }
    }

    public String name() {
        return name;
    }

    public List<String> texts() {
        return texts;
    }

    /** Each text's class (a copy). */
    public int[] labels() {
        return labels.clone();
    }

    public List<String> classes() {
        return classes;
    }

    public List<String> sources() {
        return sources;
    }

    public int size() {
        return texts.size();
    }

    public int label(int i) {
        return labels[i];
    }

    /** How many texts each class has. */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    /** The texts at {@code indices}, in that order. */
    public LabeledTexts subset(int[] indices, String subsetName) {
        List<String> t = new ArrayList<>(indices.length);
        List<String> s = new ArrayList<>(indices.length);
        int[] l = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            t.add(texts.get(indices[k]));
            s.add(sources.get(indices[k]));
            l[k] = labels[indices[k]];
        }
        return new LabeledTexts(subsetName, t, l, classes, s);
    }

    /**
     * A seeded, stratified split: each class shuffled with {@code seed} and cut at {@code fraction}, so both parts keep
     * the class proportions (a spam corpus of 31 % spam stays 31 % in each part).
     *
     * @return the first part ({@code fraction} of each class, rounded) and the rest, named "train" and "test"
     */
    public List<LabeledTexts> split(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException(name + ": the split fraction must be in (0, 1), was " + fraction);
        }
        Random rng = new Random(seed);
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    members.add(i);
                }
            }
            Collections.shuffle(members, rng);
            int cut = (int) Math.round(members.size() * fraction);
            first.addAll(members.subList(0, cut));
            second.addAll(members.subList(cut, members.size()));
        }
        Collections.shuffle(first, rng);
        Collections.shuffle(second, rng);
        return List.of(
                subset(first.stream().mapToInt(Integer::intValue).toArray(), name + "-train"),
                subset(second.stream().mapToInt(Integer::intValue).toArray(), name + "-test"));
    }
}
