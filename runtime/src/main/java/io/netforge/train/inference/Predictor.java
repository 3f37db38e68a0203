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
     */
    public float[][] logits(float[][] samples) {
        int k = model.graph().classes();
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
}
