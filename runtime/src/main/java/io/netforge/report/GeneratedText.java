package io.netforge.report;

import io.netforge.train.Callback;
import io.netforge.train.TrainingContext;
import io.netforge.train.progress.EpochResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A language model's text after each epoch, as the Keras example "character-level text generation with LSTM" prints
 * it: {@code length} characters continuing {@code prompt}, drawn at {@code temperature} from the {@code topK} most
 * likely ({@code Predictor.generate}, seeded by the epoch so a rerun writes the same text). Printed to {@code out}
 * (none when null) and listed in the run report ({@link ReportCallback#text}). The model must carry its characters
 * ({@code Trainer.characters}).
 */
public final class GeneratedText implements Callback {
    /** One epoch's text. */
    public record Sample(int epoch, String prompt, String text) {}

    private final String prompt;
    private final int length;
    private final double temperature;
    private final int topK;
    private final PrintStream out;
    private final List<Sample> samples = new ArrayList<>();

    public GeneratedText(String prompt, int length, double temperature, int topK, PrintStream out) {
        this.prompt = Objects.requireNonNull(prompt, "prompt");
        if (prompt.isEmpty() || length < 1) {
            throw new IllegalArgumentException(
                    "generated text needs a prompt and a length of at least 1, got \"" + prompt + "\" and " + length);
        }
        this.length = length;
        this.temperature = temperature;
        this.topK = topK;
        this.out = out;
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochResult logs) {
        String text = context.trainer().predictor().generate(prompt, length, temperature, topK, logs.epoch());
        samples.add(new Sample(logs.epoch(), prompt, text));
        if (out != null) {
            out.println("Generated after epoch " + logs.epoch() + ": " + prompt + text);
        }
    }

    /** The texts so far, one per epoch. */
    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Keeps nothing across a resumed run: the texts are the report's, not the model's. */
    @Override
    public String stateKey() {
        return "generated_text";
    }
}
