package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.data.Dataset;
import io.netforge.data.Normalization;
import io.netforge.io.CheckpointFile;
import io.netforge.io.Json;
import io.netforge.io.Safetensors;
import io.netforge.io.WeightsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A trained model and its three good files (weights, safetensors, checkpoint), the bytes to craft bad ones from, and a
 * fingerprint of everything a loader could change: every checkpointed array and value, and the predictions.
 */
final class ModelFiles {
    final Path dir;
    final Trainer trainer;
    final Path weights;
    final Path safetensors;
    final Path checkpoint;
    final float[][] samples;

    /** TinyCnn, standardized input, Adam + StepLR + early stopping with best weights, trained two epochs. */
    ModelFiles(Path dir) throws IOException {
        this.dir = dir;
        this.trainer = newTrainer();
        Dataset data = TinyModels.bars(96, 3);
        Dataset validation = TinyModels.bars(32, 4);
        trainer.normalization(Normalization.standardize(new float[] {0.15f}, new float[] {0.35f}));
        trainer.fit(data, validation);
        weights = dir.resolve("good.nfw");
        safetensors = dir.resolve("good.safetensors");
        checkpoint = dir.resolve("good.nfc");
        trainer.saveWeights(weights);
        trainer.exportSafetensors(safetensors);
        trainer.saveCheckpoint(checkpoint);
        samples = new float[5][];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = TinyModels.bars(5, 9).features(i).clone();
        }
    }

    static TrainConfig config() {
        return TrainConfig.builder()
                .verbose(false)
                .epochs(2)
                .batchSize(32)
                .seed(7)
                .optimizer(Optimizer.adam(0.01))
                .schedule(LrSchedule.step(1, 0.5))
                .earlyStopping(EarlyStopping.onValLoss(5))
                .build();
    }

    /** A fresh trainer of the same model and settings. */
    static Trainer newTrainer() {
        return TinyModels.trainer(config(), TinyModels::cnn);
    }

    /** Everything a load may change, to compare bit for bit: the checkpoint's state (without its time) and predictions. */
    record Fingerprint(Map<String, String> metadata, Map<String, CheckpointFile.Array> arrays, float[][] logits) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Fingerprint f
                    && metadata.equals(f.metadata)
                    && arrays.equals(f.arrays)
                    && Arrays.deepEquals(logits, f.logits);
        }

        @Override
        public int hashCode() {
            return metadata.hashCode();
        }

        @Override
        public String toString() {
            return "Fingerprint(" + metadata.get("state") + ", " + arrays.keySet() + ")";
        }
    }

    Fingerprint fingerprint(Trainer t) {
        try {
            Path file = java.nio.file.Files.createTempFile("fingerprint", ".ckpt");
            CheckpointFile.Contents c;
            try {
                t.saveCheckpoint(file);
                c = CheckpointFile.decode(file, java.nio.file.Files.readAllBytes(file));
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
            Map<String, String> meta = new LinkedHashMap<>(c.metadata());
            meta.remove("created");
            return new Fingerprint(meta, c.arrays(), t.predictor().logits(samples));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertSame(Fingerprint after, Fingerprint before, String what) {
        assertThat(after.metadata()).as(what).isEqualTo(before.metadata());
        assertThat(after.arrays()).as(what).isEqualTo(before.arrays());
        assertThat(Arrays.deepEquals(after.logits(), before.logits()))
                .as(what + ": predictions bit-identical")
                .isTrue();
    }

    // ---- crafting ----

    Path write(String name, byte[] bytes) {
        try {
            Path p = dir.resolve(name);
            Files.write(p, bytes);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The good checkpoint's metadata, its state as JSON objects, and arrays, for an edit; re-encoded (re-hashed). */
    static final class CheckpointEdit {
        final Map<String, String> metadata;
        final Map<String, Object> state;
        final Map<String, CheckpointFile.Array> arrays;

        @SuppressWarnings("unchecked")
        CheckpointEdit(Path good) {
            try {
                CheckpointFile.Contents c = CheckpointFile.read(good);
                metadata = new LinkedHashMap<>(c.metadata());
                state = (Map<String, Object>) Json.parse(metadata.get("state"));
                arrays = new LinkedHashMap<>(c.arrays());
            } catch (IOException | Json.ParseException e) {
                throw new IllegalStateException(e);
            }
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> part(String key) {
            return (Map<String, Object>) state.get(key);
        }

        /** Array {@code name} with {@code edit} applied to its float32 values. */
        CheckpointEdit floats(String name, Consumer<float[]> edit) {
            CheckpointFile.Array a = arrays.get(name);
            float[] v = a.floats();
            edit.accept(v);
            arrays.put(name, CheckpointFile.Array.f32(name, a.shape(), v));
            return this;
        }

        byte[] encode() {
            Map<String, String> meta = new LinkedHashMap<>(metadata);
            meta.put("state", Json.write(state));
            return CheckpointFile.encode(meta, new ArrayList<>(arrays.values()));
        }
    }

    /** The good safetensors file's tensors and metadata, re-encoded after an edit. */
    static final class SafetensorsEdit {
        final Map<String, String> metadata;
        final List<Safetensors.Tensor> tensors;

        SafetensorsEdit(Path good) {
            try {
                Safetensors.Contents c = Safetensors.read(good);
                metadata = new LinkedHashMap<>(c.metadata());
                tensors = new ArrayList<>(c.tensors());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        SafetensorsEdit floats(String name, Consumer<float[]> edit) {
            for (int i = 0; i < tensors.size(); i++) {
                Safetensors.Tensor t = tensors.get(i);
                if (t.name().equals(name)) {
                    float[] v = t.floats();
                    edit.accept(v);
                    tensors.set(i, Safetensors.Tensor.f32(name, t.shape(), v));
                    return this;
                }
            }
            throw new IllegalArgumentException("no tensor " + name);
        }

        byte[] encode() {
            return Safetensors.encode(metadata, tensors);
        }
    }

    /** The good weights file's entries, re-written (CRC recomputed) after an edit. */
    static final class WeightsEdit {
        String model;
        final List<WeightsFile.Entry> entries;

        WeightsEdit(Path good) {
            try {
                WeightsFile.Contents c = WeightsFile.read(good);
                model = c.model();
                entries = new ArrayList<>(c.entries());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        WeightsEdit floats(String name, Consumer<float[]> edit) {
            for (int i = 0; i < entries.size(); i++) {
                WeightsFile.Entry e = entries.get(i);
                if (e.name().equals(name)) {
                    float[] v = e.values().clone();
                    edit.accept(v);
                    entries.set(i, new WeightsFile.Entry(name, e.shape(), v));
                    return this;
                }
            }
            throw new IllegalArgumentException("no entry " + name);
        }

        Path write(Path file) {
            try {
                WeightsFile.write(file, model, entries);
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
