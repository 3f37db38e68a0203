package io.netforge.train.checkpoint;

import io.netforge.data.Normalization;
import io.netforge.io.WeightsFile;
import io.netforge.io.WeightsFormatException;
import io.netforge.train.state.InputNormalization;
import io.netforge.train.state.LoadChecks;
import io.netforge.train.state.ModelState;
import io.netforge.train.state.TokenCharacters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's weights file ({@link WeightsFile}): the weights, BatchNorm statistics and input normalization, beside the
 * checkpoint ({@link CheckpointCodec}) and safetensors ({@link TorchStateDict}) formats. Loading checks the whole file
 * before anything changes (docs/checkpoints.md, "What a loader accepts").
 */
public final class WeightsCodec {
    private WeightsCodec() {}

    /** Writes the weights, BatchNorm statistics and normalization of {@code model}, atomically. */
    public static void save(ModelState model, Path file) throws IOException {
        model.lock().lock();
        try {
            List<WeightsFile.Entry> entries = new ArrayList<>();
            for (Map.Entry<String, float[]> e : model.snapshot().entrySet()) {
                entries.add(new WeightsFile.Entry(
                        e.getKey(), model.array(e.getKey()).shape(), e.getValue()));
            }
            entries.addAll(InputNormalization.entries(model.normalization()));
            entries.addAll(InputNormalization.targetEntries(model.targetScaling()));
            entries.addAll(TokenCharacters.entries(model.characters()));
            WeightsFile.write(file, model.name(), entries);
        } finally {
            model.lock().unlock();
        }
    }

    /**
     * Loads a weights file of {@code model}, verified completely before anything changes: its size (before reading),
     * its structure, the model, every variable and shape, the normalization and, unless {@code allowNonFinite}, that
     * every value is finite. Every problem is a {@link WeightsFormatException} naming the file.
     */
    public static void load(ModelState model, Path file, boolean allowNonFinite) throws IOException {
        WeightsFile.Contents contents = WeightsFile.read(file, LoadChecks.weightsLimit(model));
        if (!contents.model().equals(model.name())) {
            throw new WeightsFormatException(file, "weights of model " + contents.model() + ", not " + model.name());
        }
        Map<String, WeightsFile.Entry> byName = new HashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (WeightsFile.Entry e : contents.entries()) {
            byName.put(e.name(), e);
            shapes.put(e.name(), e.shape());
        }
        Normalization stored = InputNormalization.take(byName, file);
        if (!stored.isNone() && stored.channels() != model.channels()) {
            throw new WeightsFormatException(
                    file,
                    "input normalization " + stored + " is for " + stored.channels() + " channel(s) but " + model.name()
                            + " has " + model.channels());
        }
        Normalization targets = InputNormalization.takeTarget(byName, file);
        if (!targets.isNone()
                && (!model.graph().regression()
                        || targets.channels() != model.graph().classes())) {
            throw new WeightsFormatException(
                    file,
                    "target scaling " + targets + " is for " + targets.channels() + " target(s) but " + model.name()
                            + (model.graph().regression()
                                    ? " has " + model.graph().classes() + " output(s)"
                                    : " is a classifier"));
        }
        io.netforge.text.Characters characters = TokenCharacters.take(byName, file);
        try {
            TokenCharacters.check(model, characters);
        } catch (IllegalArgumentException e) {
            throw new WeightsFormatException(file, e.getMessage());
        }
        java.util.Optional<String> mismatch = model.variableMismatch(shapes, InputNormalization.NAMES, "the file");
        if (mismatch.isPresent()) {
            throw new WeightsFormatException(file, mismatch.get());
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        for (String n : model.stateNames()) {
            WeightsFile.Entry e = byName.get(n);
            LoadChecks.checkModelArray(
                    n, n, e.shape(), e.values(), allowNonFinite, m -> new WeightsFormatException(file, m));
            values.put(n, e.values());
        }
        model.restoreChecked(values, stored, targets, characters);
    }
}
