package io.netforge.samples;

import io.netforge.annotations.Adam;
import io.netforge.annotations.Dense;
import io.netforge.annotations.Dropout;
import io.netforge.annotations.Input;
import io.netforge.annotations.Layer;
import io.netforge.annotations.Model;
import io.netforge.annotations.Relu;
import io.netforge.annotations.Train;

/**
 * A spam filter over bags of words (Géron, <i>Hands-On Machine Learning</i>, ch. 3; Keras' {@code
 * TextVectorization(output_mode="multi_hot")} in front of a small dense network): each e-mail of the SpamAssassin
 * corpus is the set of its words among the {@value #VOCABULARY} ids of a vocabulary built on the training split
 * ({@link Spam}). In PyTorch: {@code nn.Sequential(nn.Linear(2000, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64,
 * 2))}.
 */
@Model(input = @Input(features = SpamBagOfWords.VOCABULARY), classes = 2)
@Train(epochs = 8, batchSize = 64, seed = 42)
@Adam(learningRate = 1e-3)
public abstract class SpamBagOfWords {
    /** Vocabulary ids, the padding and unknown tokens included. */
    public static final int VOCABULARY = 2000;

    @Dense(64)
    @Relu
    @Dropout(0.5)
    Layer hidden;

    @Dense(2)
    Layer logits;
}
