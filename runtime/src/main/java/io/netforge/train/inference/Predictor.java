package io.netforge.train.inference;

import io.netforge.data.Dataset;
import io.netforge.datasets.ImageFolder;
import io.netforge.train.engine.Losses;
import io.netforge.train.state.ModelState;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Runs a trained model on new inputs (DJL's {@code Predictor}): raw features (the model's stored input normalization is
 * applied, as it was to the training data), images, batches of either, or datasets; and shows what it learned: layer
 * outputs (feature maps) and convolution filters. Safe to use from several threads at once: calls are serialized
 * on the model (each batch still uses every core), so give it batches when throughput matters.
 *
 * <pre>{@code
 * Predictor p = new MnistCnnTrainer().load(Path.of("runs/MnistCnn-20261122-101500/weights.nfw")).predictor();
 * int label = p.predict(ImageIO.read(new File("boot.png")));
 * float[] probabilities = p.probabilities(pixels);
 * }</pre>
 *
 * <p>It uses the trainer's current weights: training the trainer again changes its predictions. Every input is
 * checked first: a sample of the wrong length, or holding a NaN or an infinity, is an {@link IllegalArgumentException}
 * naming the sample and the position (a non-finite input would otherwise give probabilities that mean nothing).
 */
public final class Predictor {
    private static final int CHUNK = 256;
    private final ModelState model;
    private final Inference inference;

    public Predictor(ModelState model, Inference inference) {
        this.model = Objects.requireNonNull(model, "model");
        this.inference = Objects.requireNonNull(inference, "inference");
    }

    /**
     * How many classes the model tells apart: the length of a {@link #probabilities} row. A binary model with one
     * sigmoid output has 2 ({@code {1 − p, p}}), not its 1 output.
     */
    public int classes() {
        return Losses.labelClasses(model.graph().loss(), model.graph().classes());
    }

    /** Input values per sample, channels first ({@code C×H×W} for images). */
    public int inputSize() {
        return Math.toIntExact(io.netforge.graph.Sizes.product(model.graph().inputShape()));
    }

    /**
     * A regression model's outputs for one raw sample (normalized as {@link #predict(float[])} normalizes it), in the
     * targets' own units: the target scaling the model trained with is undone, so a sunspot forecast comes back as a
     * number of sunspots. Keras' {@code model.predict} on a model whose targets were scaled, then
     * {@code scaler.inverse_transform}.
     *
     * @throws IllegalStateException for a classifier (use {@link #predict(float[])} or {@link #probabilities})
     */
    public float[] predictValues(float[] sample) {
        return inference.values(sample, false);
    }

    /** {@link #predictValues(float[])} for a sample already normalized as the training data was. */
    public float[] predictValuesNormalized(float[] sample) {
        return inference.values(sample, true);
    }

    /** {@link #predictValues(float[])} for every sample of {@code data}: {@code [size][outputs]}, raw units. */
    public float[][] predictValues(Dataset data) {
        inference.requireRegression("predictValues");
        return inference.values(data);
    }

    /**
     * The predicted class of one raw sample, normalized with the model's normalization first. A sample taken from a
     * normalized dataset with {@code data.features(i)} is recognized and not normalized again (refused if that
     * dataset was normalized differently from the training data); for values normalized by your own code use
     * {@link #predictNormalized}.
     */
    public int predict(float[] sample) {
        return argmax(probabilities(sample));
    }

    /**
     * Class probabilities of one raw sample (softmax for cross-entropy, sigmoid for binary cross-entropy); input as
     * {@link #predict(float[])}.
     */
    public float[] probabilities(float[] sample) {
        inference.requireClassifier("class probabilities");
        return rows(new float[][] {inference.normalizedInput(sample, "the sample")})[0];
    }

    /** The predicted class of one sample already normalized as the training data was: it is not normalized again. */
    public int predictNormalized(float[] sample) {
        return argmax(probabilitiesNormalized(sample));
    }

    /** Class probabilities of one sample already normalized as the training data was. */
    public float[] probabilitiesNormalized(float[] sample) {
        inference.requireClassifier("class probabilities");
        return rows(new float[][] {inference.alreadyNormalizedInput(sample, "the sample")})[0];
    }

    /** Predicted classes of raw samples, one per row. */
    public int[] predict(float[][] samples) {
        float[][] p = probabilities(samples);
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = argmax(p[i]);
        }
        return out;
    }

    /** Class probabilities of raw samples (as {@link #predict(float[])}), one row per sample; run in batches of 256. */
    public float[][] probabilities(float[][] samples) {
        inference.requireClassifier("class probabilities");
        return rows(normalized(samples));
    }

    /** Each raw sample checked and normalized as the training data was. */
    private float[][] normalized(float[][] samples) {
        float[][] inputs = new float[samples.length][];
        for (int i = 0; i < samples.length; i++) {
            inputs[i] = inference.normalizedInput(samples[i], "sample " + i);
        }
        return inputs;
    }

    /**
     * The model's raw outputs (class scores before softmax or sigmoid, Keras' {@code predict} of a model without an
     * output activation) for raw samples, one row per sample; what an exported ONNX model's {@code logits} output gives.
     * A per-step model's row holds each step's class scores in turn ({@code steps × classes} values).
     */
    public float[][] logits(float[][] samples) {
        int k = model.graph().classes() * model.graph().outputRows();
        return chunks(normalized(samples), (logits, i) -> java.util.Arrays.copyOfRange(logits, i * k, (i + 1) * k));
    }

    /** Class probabilities of samples already normalized as the training data was, input checked, in batches of 256. */
    private float[][] rows(float[][] samples) {
        int k = model.graph().classes(); // outputs per sample
        return chunks(samples, (logits, i) -> Losses.probabilities(model.graph().loss(), logits, i * k, k));
    }

    /** Runs normalized samples in batches of 256; {@code row} makes sample {@code i}'s row of its batch's logits. */
    private float[][] chunks(float[][] samples, java.util.function.BiFunction<float[], Integer, float[]> row) {
        int size = inputSize();
        float[][] out = new float[samples.length][];
        for (int start = 0; start < samples.length; start += CHUNK) {
            int n = Math.min(CHUNK, samples.length - start);
            float[] features = new float[n * size];
            for (int i = 0; i < n; i++) {
                System.arraycopy(samples[start + i], 0, features, i * size, size);
            }
            float[] logits = inference.logitsOf(features, n);
            for (int i = 0; i < n; i++) {
                out[start + i] = row.apply(logits, i);
            }
        }
        return out;
    }

    /** The predicted class of an image, converted to the model's channels and size first. */
    public int predict(BufferedImage image) {
        return predict(pixels(image));
    }

    /** Class probabilities of an image, converted to the model's channels and size first. */
    public float[] probabilities(BufferedImage image) {
        return probabilities(pixels(image));
    }

    /** The model's raw input for {@code image}: grey (Pillow's {@code L}) or RGB values in [0, 1], resized bilinearly. */
    public float[] pixels(BufferedImage image) {
        long[] shape = model.graph().inputShape();
        if (shape.length != 3) {
            throw new IllegalArgumentException(
                    model.graph().modelName() + " takes " + shape[0] + " features, not images");
        }
        return ImageFolder.toInput(image, (int) shape[0], (int) shape[1], (int) shape[2]);
    }

    /**
     * Predicted classes of a dataset's samples: raw ones normalized with the model's normalization, ones normalized
     * like the training data taken as they are (differently normalized ones refused).
     */
    public int[] predict(Dataset data) {
        inference.requireClassifier("classes to predict");
        return inference.predict(data);
    }

    /** Class probabilities of a dataset's samples, one row per sample (normalization as {@link #predict(Dataset)}). */
    public float[][] probabilities(Dataset data) {
        inference.requireClassifier("class probabilities");
        return inference.probabilities(data);
    }

    /**
     * What layer {@code layer} outputs for one raw sample in evaluation mode (the tutorials' forward hook), normalized
     * first. For an image layer {@code [channel][row][column]}; for a flat layer one row {@code [1][1][features]}.
     *
     * @throws IllegalArgumentException for an unknown layer (the message lists the layers)
     */
    public float[][][] featureMaps(String layer, float[] sample) {
        return inference.featureMaps(layer, sample);
    }

    /** {@link #featureMaps(String, float[])} of sample {@code index} of {@code data}, normalized as {@code evaluate} would. */
    public float[][][] featureMaps(String layer, Dataset data, int index) {
        return inference.featureMaps(layer, data, index);
    }

    /**
     * The filters of convolution layer {@code layer} as {@code [filter][row][column]}: each output channel's kernel
     * averaged over the input channels, as the tutorials picture a conv layer's {@code state_dict}.
     */
    public float[][][] filters(String layer) {
        return inference.filters(layer);
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Continues {@code prompt} (token ids, each in {@code [1, vocabulary)}) by {@code steps} tokens of a per-step
     * model, each drawn from the model's scores for the next token: the highest when {@code temperature} is 0
     * (greedy), else sampled from {@code softmax(scores / temperature)} restricted to the {@code topK} highest (0:
     * all), with draws from a random stream seeded by {@code seed}, so the same call gives the same tokens. The padding
     * id 0 is never drawn. A model of embeddings, forward LSTMs or GRUs and per-step layers keeps its recurrent state
     * between tokens (the cache: one step per new token); any other runs its window over the last tokens for each one
     * ({@link #generateWithoutCache}). Both give the same tokens while prompt and continuation fit in the window.
     *
     * @return the {@code steps} new tokens
     * @throws IllegalStateException for a model that does not score a class at each step of a token input
     * @throws IllegalArgumentException for an empty prompt, an id outside the vocabulary, a negative count, a
     *     negative or non-finite temperature
     */
    public int[] generate(int[] prompt, int steps, double temperature, int topK, long seed) {
        Sampler sampler = sampler(prompt, steps, temperature, topK, seed);
        Generator g = null;
        if (prompt.length + steps <= Generator.positions(model.graph())) {
            java.util.concurrent.locks.Lock lock = model.readLock(); // the weights copied whole, not mid-update
            lock.lock();
            try {
                g = Generator.make(model.graph());
            } finally {
                lock.unlock();
            }
        }
        if (g == null) {
            return generateWithoutCache(prompt, steps, temperature, topK, seed);
        }
        float[] scores = null;
        for (int id : prompt) {
            scores = g.next(id);
        }
        int[] out = new int[steps];
        for (int s = 0; s < steps; s++) {
            out[s] = sampler.draw(scores);
            if (s + 1 < steps) {
                scores = g.next(out[s]);
            }
        }
        return out;
    }

    /**
     * {@link #generate(int[], int, double, int, long)} from text to text through the model's character vocabulary
     * ({@code Trainer.characters}, saved with its weights): the prompt's characters in, {@code steps} characters out.
     *
     * @throws IllegalStateException when the model carries no character vocabulary
     * @throws IllegalArgumentException for a prompt character outside it (and as the id form)
     */
    public String generate(String prompt, int steps, double temperature, int topK, long seed) {
        io.netforge.text.Characters characters = model.characters();
        if (characters == null) {
            throw new IllegalStateException(model.name() + " carries no character vocabulary; set the one its data"
                    + " was encoded with (trainer.characters(...)) or generate from ids");
        }
        return characters.decode(generate(characters.encode(prompt), steps, temperature, topK, seed));
    }

    /**
     * {@link #generate} without a cache: for each new token the model reads the last {@code window} tokens again
     * (padding after them while there are fewer) and the scores at the last one are used. Costs a window of steps per
     * token; the measure the cache is compared with (docs/attention.md).
     */
    public int[] generateWithoutCache(int[] prompt, int steps, double temperature, int topK, long seed) {
        Sampler sampler = sampler(prompt, steps, temperature, topK, seed);
        int window = inputSize();
        int k = model.graph().classes();
        int[] tokens = java.util.Arrays.copyOf(prompt, prompt.length + steps);
        int length = prompt.length;
        int[] out = new int[steps];
        float[] input = new float[window];
        for (int s = 0; s < steps; s++) {
            int used = Math.min(window, length);
            java.util.Arrays.fill(input, 0f);
            for (int j = 0; j < used; j++) {
                input[j] = tokens[length - used + j];
            }
            float[] logits = inference.logitsOf(input.clone(), 1);
            float[] scores = java.util.Arrays.copyOfRange(logits, (used - 1) * k, used * k);
            out[s] = sampler.draw(scores);
            tokens[length++] = out[s];
        }
        return out;
    }

    /** Checks a generation's arguments and makes its sampler. */
    private Sampler sampler(int[] prompt, int steps, double temperature, int topK, long seed) {
        io.netforge.graph.NetGraph graph = model.graph();
        int vocabulary = graph.classes();
        if (!graph.perStep() || graph.inputShape().length != 1) {
            throw new IllegalStateException(graph.modelName() + " does not score the next token at each step of a token"
                    + " input; generate needs a CLASS_PER_STEP model over @Input(tokens = …)");
        }
        if (prompt == null || prompt.length == 0) {
            throw new IllegalArgumentException("generate needs a prompt of at least one token");
        }
        for (int i = 0; i < prompt.length; i++) {
            if (prompt[i] < 1 || prompt[i] >= vocabulary) {
                throw new IllegalArgumentException(
                        "prompt token " + i + " has id " + prompt[i] + ", not in [1, " + vocabulary + ")");
            }
        }
        if (steps < 0) {
            throw new IllegalArgumentException(
                    "Invalid value for `steps`. Expected an integer >= 0. Received: steps=" + steps);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("Invalid value for `temperature`. Expected a finite number >= 0 (0:"
                    + " greedy). Received: temperature=" + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException(
                    "Invalid value for `topK`. Expected an integer >= 0 (0: all). Received: topK=" + topK);
        }
        return new Sampler(temperature, topK, new java.util.SplittableRandom(seed));
    }

    /** Picks the next token from its scores: greedy at temperature 0, else a draw from the tempered top k. */
    private record Sampler(double temperature, int topK, java.util.SplittableRandom random) {
        int draw(float[] scores) {
            int k = scores.length;
            if (temperature == 0) {
                int best = 1;
                for (int j = 2; j < k; j++) {
                    if (scores[j] > scores[best]) {
                        best = j;
                    }
                }
                return best;
            }
            double threshold = Double.NEGATIVE_INFINITY;
            if (topK > 0 && topK < k - 1) {
                float[] sorted = java.util.Arrays.copyOfRange(scores, 1, k);
                java.util.Arrays.sort(sorted);
                threshold = sorted[sorted.length - topK];
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 1; j < k; j++) {
                max = Math.max(max, scores[j]);
            }
            double[] p = new double[k];
            double total = 0;
            for (int j = 1; j < k; j++) {
                if (scores[j] >= threshold) {
                    p[j] = Math.exp((scores[j] - max) / temperature);
                    total += p[j];
                }
            }
            double u = random.nextDouble() * total;
            int last = 1;
            for (int j = 1; j < k; j++) {
                if (p[j] > 0) {
                    last = j;
                    u -= p[j];
                    if (u < 0) {
                        return j;
                    }
                }
            }
            return last;
        }
    }
}
