package io.netforge.samples.bench;

import io.netforge.samples.MobyDickLstmTrainer;
import io.netforge.samples.MobyDickTransformerTrainer;
import io.netforge.train.Trainer;
import io.netforge.train.inference.Predictor;
import java.util.Locale;

/**
 * Characters per second of text generation with the cache (an LSTM's state, a Transformer's keys and values: one step
 * of each layer per character) against the same loop without it (the model's whole 100-character window run again for
 * each character), in the same run, on the two Moby Dick language models (docs/attention.md, "Generating text").
 * Speed does not depend on what the weights learned, so the models are untrained. Not part of ./test.sh; run by
 * {@code scripts/bench-generation.sh [CHARACTERS (default 99)] [ROUNDS (default 3)]}.
 */
public final class GenerationBenchmark {
    private GenerationBenchmark() {}

    public static void main(String[] args) {
        int characters = args.length > 0 ? Integer.parseInt(args[0]) : 99;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf(
                Locale.ROOT,
                "Generating %d characters after a 1-character prompt, best of %d rounds%n",
                characters,
                rounds);
        System.out.printf(Locale.ROOT, "%-20s %14s %14s %8s%n", "model", "cache (ch/s)", "window (ch/s)", "ratio");
        measure("moby-lstm", new MobyDickLstmTrainer(), characters, rounds);
        measure("moby-transformer", new MobyDickTransformerTrainer(), characters, rounds);
    }

    private static void measure(String name, Trainer trainer, int characters, int rounds) {
        Predictor p = trainer.predictor();
        int[] prompt = {1};
        double cached = 0;
        double window = 0;
        for (int r = 0; r < rounds + 1; r++) { // the first round warms up
            long t0 = System.nanoTime();
            int[] a = p.generate(prompt, characters, 0.8, 0, r);
            long t1 = System.nanoTime();
            int[] b = p.generateWithoutCache(prompt, characters, 0.8, 0, r);
            long t2 = System.nanoTime();
            if (!java.util.Arrays.equals(a, b)) {
                throw new IllegalStateException(name + ": the cache and the window wrote different text");
            }
            if (r > 0) {
                cached = Math.max(cached, characters / ((t1 - t0) / 1e9));
                window = Math.max(window, characters / ((t2 - t1) / 1e9));
            }
        }
        System.out.printf(Locale.ROOT, "%-20s %,14.0f %,14.0f %7.1fx%n", name, cached, window, cached / window);
    }
}
