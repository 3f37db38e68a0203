package io.netforge.samples;

import io.netforge.data.Splits;
import io.netforge.datasets.SpamAssassin;
import io.netforge.text.LabeledTexts;
import io.netforge.text.TextDatasets;
import io.netforge.text.Tokenizer;
import io.netforge.text.Vocabulary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The SpamAssassin corpus (all 6,046 messages, hard ham included) split for the spam samples: a seeded stratified
 * 80/20 split into training and test mails (no validation split: the CLI carves it out of the training data), and a
 * word vocabulary built on the training mails only (the test mails' words stay unseen, as new mail's will be).
 *
 * @param splits the datasets
 * @param vocabulary the vocabulary the datasets were made with, to save beside the model
 * @param test the test mails, to look up a misclassified one
 */
public record Spam(Splits splits, Vocabulary vocabulary, LabeledTexts test) {
    /** Occurrences in the training mails a word needs to get an id. */
    static final int MIN_COUNT = 2;

    /** The bag-of-words splits of the corpus under {@code dir}, or the installed one for null. */
    public static Spam bagOfWords(Path dir, long seed) throws IOException {
        List<LabeledTexts> trainTest = trainTest(dir, seed);
        Vocabulary vocabulary =
                Vocabulary.build(Tokenizer.WORDS, trainTest.get(0).texts(), SpamBagOfWords.VOCABULARY, MIN_COUNT);
        Splits splits = new Splits(
                TextDatasets.multiHot(trainTest.get(0), vocabulary),
                null,
                TextDatasets.multiHot(trainTest.get(1), vocabulary));
        return new Spam(splits, vocabulary, trainTest.get(1));
    }

    /** The word-id splits of the corpus for {@link SpamEmbedding}: each mail's first words' ids, padded with 0. */
    public static Spam wordIds(Path dir, long seed) throws IOException {
        List<LabeledTexts> trainTest = trainTest(dir, seed);
        Vocabulary vocabulary =
                Vocabulary.build(Tokenizer.WORDS, trainTest.get(0).texts(), SpamEmbedding.VOCABULARY, MIN_COUNT);
        Splits splits = new Splits(
                TextDatasets.tokenIds(trainTest.get(0), vocabulary, SpamEmbedding.LENGTH),
                null,
                TextDatasets.tokenIds(trainTest.get(1), vocabulary, SpamEmbedding.LENGTH));
        return new Spam(splits, vocabulary, trainTest.get(1));
    }

    private static List<LabeledTexts> trainTest(Path dir, long seed) throws IOException {
        LabeledTexts all = dir == null ? SpamAssassin.load() : SpamAssassin.load(dir);
        return all.split(0.8, seed);
    }
}
