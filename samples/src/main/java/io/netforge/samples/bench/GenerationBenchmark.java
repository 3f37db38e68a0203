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
 * Speed does not depend on what the weights learned, so the models are untrained. With Debian's python3-torch, PyTorch
 * 1.13's loops in the same run ({@code scripts/bench_torch.py --generate}): the window run again per character (a
 * Transformer without a cache, as {@code nn.TransformerEncoder} has none) and, for the LSTM, its {@code (h, c)} carried
 * from step to step; "vs torch" compares our cache with PyTorch's best loop. Not part of ./test.sh; run by
 * {@code scripts/bench-generation.sh [CHARACTERS (default 99)] [ROUNDS (default 3)]}.
 */
public final class GenerationBenchmark {
    private GenerationBenchmark() {}

    public static void main(String[] args) throws java.io.IOException, InterruptedException {
        int characters = args.length > 0 ? Integer.parseInt(args[0]) : 99;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        boolean torch = PerformanceBenchmark.torchAvailable();
        System.out.printf(
                Locale.ROOT,
                "Generating %d characters after a 1-character prompt, best of %d rounds%s%n",
                characters,
                rounds,
                torch ? "; PyTorch in its own process (scripts/bench_torch.py --generate)" : "; PyTorch not installed");
        System.out.printf(
                Locale.ROOT,
                "%-18s %13s %13s %7s %15s %15s %9s%n",
                "model",
                "cache (ch/s)",
                "window (ch/s)",
                "ratio",
                "torch window",
                "torch state",
                "vs torch");
        measure("moby-lstm", new MobyDickLstmTrainer(), characters, rounds, torch);
        measure("moby-transformer", new MobyDickTransformerTrainer(), characters, rounds, torch);
    }

    private static void measure(String name, Trainer trainer, int characters, int rounds, boolean torch)
            throws java.io.IOException, InterruptedException {
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
        java.util.Map<String, Double> t = torch
                ? PerformanceBenchmark.numbers(PerformanceBenchmark.child(java.util.List.of(
                        "/usr/bin/python3",
                        PerformanceBenchmark.script().toString(),
                        "--model",
                        name,
                        "--generate",
                        String.valueOf(characters),
                        "--rounds",
                        String.valueOf(rounds))))
                : java.util.Map.of();
        Double torchWindow = t.get("window_chars_per_s");
        Double torchState = t.get("state_chars_per_s"); // the LSTM carried from step to step: PyTorch's own cache
        System.out.printf(
                Locale.ROOT,
                "%-18s %,13.0f %,13.0f %6.1fx %15s %15s %9s%n",
                name,
                cached,
                window,
                cached / window,
                torchWindow == null ? "-" : String.format(Locale.ROOT, "%,.0f", torchWindow),
                torchState == null ? "-" : String.format(Locale.ROOT, "%,.0f", torchState),
                torchWindow == null
                        ? "-"
                        : String.format(
                                Locale.ROOT, "%.1fx", cached / (torchState == null ? torchWindow : torchState)));
    }
}
