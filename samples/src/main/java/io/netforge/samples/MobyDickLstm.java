package io.netforge.samples;

import io.netforge.annotations.Adam;
import io.netforge.annotations.ClipGradients;
import io.netforge.annotations.CosineAnnealingLR;
import io.netforge.annotations.Dense;
import io.netforge.annotations.Embedding;
import io.netforge.annotations.Input;
import io.netforge.annotations.Layer;
import io.netforge.annotations.Lstm;
import io.netforge.annotations.Model;
import io.netforge.annotations.Task;
import io.netforge.annotations.Train;

/**
 * A character-level language model of Moby Dick: windows of {@value #WINDOW} characters, each character's id
 * embedded, an LSTM over the window, and at every step the scores of the character that comes next. In PyTorch:
 * {@code nn.Embedding(82, 32)}, {@code nn.LSTM(32, 256, batch_first=True)}, {@code nn.Linear(256, 82)} on every
 * step's output, {@code CrossEntropyLoss} over all steps; Karpathy's char-rnn and the Keras example "character-level
 * text generation with LSTM" in one layer. Adam with the learning rate annealed over the 20 epochs (about 6.5 minutes
 * on two cores); its loss is in nats per character (docs/attention.md).
 */
@Model(input = @Input(tokens = MobyDickLstm.WINDOW, vocabulary = MobyDickLstm.VOCABULARY), task = Task.CLASS_PER_STEP)
@Train(epochs = 20, batchSize = 64, seed = 42)
@Adam(learningRate = 3e-3)
@CosineAnnealingLR(tMax = 20)
@ClipGradients(maxNorm = 5)
public abstract class MobyDickLstm {
    /** Characters a window reads: the state starts afresh at each window's first character. */
    static final int WINDOW = 100;

    /** The book's 81 distinct characters and the padding id 0 ({@code io.netforge.text.Characters}). */
    static final int VOCABULARY = 82;

    @Embedding(dimension = 32)
    Layer embed;

    @Lstm(units = 256, sequences = true)
    Layer rnn;

    @Dense(VOCABULARY)
    Layer next;
}
