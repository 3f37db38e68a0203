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
 * The trained spam filter at work: the weights and the vocabulary of a {@code ./train.sh spam-bow}, {@code
 * spam-embedding}, {@code spam-cnn} or {@code spam-lstm} run classify raw e-mail files. The vocabulary is the one the model was trained with (saved in the run's folder), so a new mail's
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
public record SpamFilter(Predictor predictor, Vocabulary vocabulary, boolean wordIds) {
    /**
     * The weights ({@code weights.nfw}) and vocabulary ({@code vocabulary.txt}) of a spam-bow or spam-embedding run's
     * folder; which of the two models it is, its {@code summary.txt} says.
     */
    public static SpamFilter load(Path runFolder) throws IOException {
        Path summary = runFolder.resolve("summary.txt");
        String model = java.nio.file.Files.readAllLines(summary).stream()
                .findFirst()
                .map(line -> line.contains(":") ? line.substring(0, line.indexOf(':')) : line)
                .orElse("");
        boolean ids = model.equals("SpamEmbedding")
                || model.equals("SpamTextCnn")
                || model.equals("SpamLstm")
                || model.equals("SpamGru");
        if (!ids && !model.equals("SpamBagOfWords")) {
            throw new IOException(
                    summary + " names model \"" + model + "\"; SpamFilter reads the runs of spam-bow"
                            + " (SpamBagOfWords), spam-embedding (SpamEmbedding), spam-cnn (SpamTextCnn), spam-lstm (SpamLstm) and spam-gru (SpamGru)");
        }
        Path file = runFolder.resolve(Main.VOCABULARY_FILE);
        Vocabulary vocabulary = Vocabulary.load(file);
        int expected = ids ? SpamEmbedding.VOCABULARY : SpamBagOfWords.VOCABULARY;
        if (vocabulary.size() != expected) {
            throw new IOException(file + " has " + vocabulary.size() + " ids but " + model + " reads " + expected);
        }
        Path weights = runFolder.resolve("weights.nfw");
        Predictor predictor = switch (model) {
            case "SpamEmbedding" -> new SpamEmbeddingTrainer().load(weights).predictor();
            case "SpamTextCnn" -> new SpamTextCnnTrainer().load(weights).predictor();
            case "SpamLstm" -> new SpamLstmTrainer().load(weights).predictor();
            case "SpamGru" -> new SpamGruTrainer().load(weights).predictor();
            default -> new SpamBagOfWordsTrainer().load(weights).predictor();
        };
        return new SpamFilter(predictor, vocabulary, ids);
    }

    /** The probability that the mail in {@code file} is spam. */
    public float spamProbability(Path file) throws IOException {
        return spamProbability(SpamAssassin.read(file));
    }

    /** The probability that {@code mail} is spam. */
    public float spamProbability(Email mail) {
        float[] features = wordIds ? ids(mail.text()) : vocabulary.multiHot(mail.text());
        return predictor.probabilities(features)[1];
    }

    /** The first words' ids of {@code text}, as floats, padded with 0: a {@link SpamEmbedding} or {@link SpamTextCnn} sample. */
    private float[] ids(String text) {
        int[] ids = vocabulary.encode(text, SpamEmbedding.LENGTH);
        float[] out = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = ids[i];
        }
        return out;
    }

    /** Prints "spam" or "ham" with the probability of spam for each mail file given after the run folder. */
    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (args.length < 2) {
            out.println(
                    "usage: SpamFilter RUN_FOLDER MAIL_FILE...   (RUN_FOLDER: a ./train.sh spam-bow or"
                            + " spam-embedding or spam-cnn or spam-lstm run's report folder, with weights.nfw, vocabulary.txt and summary.txt)");
            System.exit(2);
        }
        SpamFilter filter = load(Path.of(args[0]));
        for (int i = 1; i < args.length; i++) {
            float p = filter.spamProbability(Path.of(args[i]));
            out.printf(Locale.ROOT, "%-4s  P(spam) = %.3f  %s%n", p >= 0.5f ? "spam" : "ham", p, args[i]);
        }
    }
}
