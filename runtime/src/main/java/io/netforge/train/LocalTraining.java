package io.netforge.train;

import io.netforge.data.Dataset;
import io.netforge.data.Loader;
import io.netforge.data.Normalization;
import io.netforge.train.engine.StepResult;
import io.netforge.train.engine.Steps;
import java.util.Locale;

/** {@link TrainingStrategy#local()}: batches from the trainer's loader, one engine step each. */
final class LocalTraining implements TrainingStrategy {
    static final LocalTraining INSTANCE = new LocalTraining();

    @Override
    public Epochs prepare(Trainer trainer, Dataset train, Normalization input) {
        TrainConfig config = trainer.config();
        int batchSize = config.batchSize();
        // BatchNorm cannot estimate statistics from one sample (PyTorch raises); skip such a last batch.
        boolean skipSingle = !config.dropLast()
                && !trainer.graph().batchNorms().isEmpty()
                && train.size() > 1
                && train.size() % batchSize == 1;
        Loader loader = train.loader(batchSize)
                .dropLast(config.dropLast())
                .prefetch(config.prefetch())
                .normalize(input);
        int batches = loader.batchesPerEpoch() - (skipSingle ? 1 : 0);
        if (batches == 0) {
            throw new IllegalArgumentException(
                    "dataset '" + train.name() + "' has " + train.size() + " samples, fewer than" + " one batch of "
                            + batchSize + " with dropLast; lower the batch size or keep the last batch");
        }
        if (skipSingle && config.verbose()) {
            trainer.console()
                    .printf(
                            Locale.ROOT,
                            "Note: %s has BatchNorm, which needs 2 samples or more per batch; the last batch"
                                    + " of each epoch (1 of %,d samples) is skipped, as PyTorch's drop_last would%n",
                            trainer.graph().modelName(),
                            train.size());
        }
        return new Epochs() {
            @Override
            public int batchesPerEpoch() {
                return batches;
            }

            @Override
            public Steps epoch(long seed) {
                Loader.BatchIterator it = loader.shuffle(seed).iterator();
                return new Steps() {
                    private int taken;

                    @Override
                    public boolean hasNext() {
                        return taken < batches;
                    }

                    @Override
                    public StepResult next(int epoch, int step) {
                        taken++;
                        return trainer.step(it.next(), epoch, step);
                    }

                    @Override
                    public void skip(int n) {
                        for (int i = 0; i < n; i++) {
                            it.next();
                            taken++;
                        }
                    }

                    @Override
                    public long waitNanos() {
                        return it.waitNanos();
                    }

                    @Override
                    public void close() {
                        it.close();
                    }
                };
            }
        };
    }
}
