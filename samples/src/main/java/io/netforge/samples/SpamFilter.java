package io.netforge.samples;

import io.netforge.datasets.Email;
import io.netforge.datasets.SpamAssassin;
import io.netforge.text.Vocabulary;
import io.netforge.train.inference.Predictor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The trained spam filter at work: the weights and the vocabulary of a {@code ./train.sh spam-bow} run classify raw
 * e-mail files. The vocabulary is the one the model was trained with (saved in the run's folder), so a new mail's
 * words get the ids they had in training.
 *
 * <pre>
 * java -cp "samples/target/netforge-samples-0.1.0-SNAPSHOT.jar:samples/target/lib/*" io.netforge.samples.SpamFilter \
 *     runs/SpamBagOfWords-20261206-105539 some-mail.eml another.eml
 * </pre>
 *
 * @param predictor the trained model's predictor
 * @param vocabulary the vocabulary it was trained with
 */
public record SpamFilter(Predictor predictor, Vocabulary vocabulary) {
    /** The weights ({@code weights.nfw}) and vocabulary ({@code vocabulary.txt}) of a spam-bow run's folder. */
    public static SpamFilter load(Path runFolder) throws IOException {
        Vocabulary vocabulary = Vocabulary.load(runFolder.resolve(Main.VOCABULARY_FILE));
        if (vocabulary.size() != SpamBagOfWords.VOCABULARY) {
            throw new IOException(runFolder.resolve(Main.VOCABULARY_FILE) + " has " + vocabulary.size()
                    + " ids but SpamBagOfWords reads bags of " + SpamBagOfWords.VOCABULARY);
        }
        Predictor predictor = new SpamBagOfWordsTrainer()
                .load(runFolder.resolve("weights.nfw"))
                .predictor();
        return new SpamFilter(predictor, vocabulary);
    }

    /** The probability that the mail in {@code file} is spam. */
    public float spamProbability(Path file) throws IOException {
        return spamProbability(SpamAssassin.read(file));
    }

    /** The probability that {@code mail} is spam. */
    public float spamProbability(Email mail) {
        return predictor.probabilities(vocabulary.multiHot(mail.text()))[1];
    }

    /** Prints "spam" or "ham" with the probability of spam for each mail file given after the run folder. */
    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (args.length < 2) {
            out.println("usage: SpamFilter RUN_FOLDER MAIL_FILE...   (RUN_FOLDER: a ./train.sh spam-bow run's report"
                    + " folder, with weights.nfw and vocabulary.txt)");
            System.exit(2);
        }
        SpamFilter filter = load(Path.of(args[0]));
        for (int i = 1; i < args.length; i++) {
            float p = filter.spamProbability(Path.of(args[i]));
            out.printf(Locale.ROOT, "%-4s  P(spam) = %.3f  %s%n", p >= 0.5f ? "spam" : "ham", p, args[i]);
        }
    }
}
