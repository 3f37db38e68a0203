package io.netforge.processor.validation;

import java.util.List;

/**
 * Qualified names of the DSL's types, taken from the annotations artifact itself (no string copies). The processor
 * reads annotations as mirrors by these names and never loads the runtime's classes.
 */
final class Names {
    static final String PACKAGE = io.netforge.annotations.Model.class.getPackageName();
    static final String MODEL = io.netforge.annotations.Model.class.getCanonicalName();
    static final String TRAIN = io.netforge.annotations.Train.class.getCanonicalName();
    static final String SGD = io.netforge.annotations.Sgd.class.getCanonicalName();
    static final String ADAM = io.netforge.annotations.Adam.class.getCanonicalName();
    static final String ADAM_W = io.netforge.annotations.AdamW.class.getCanonicalName();
    static final String ADA_GRAD = io.netforge.annotations.AdaGrad.class.getCanonicalName();
    static final String RMS_PROP = io.netforge.annotations.RmsProp.class.getCanonicalName();
    static final String STEP_LR = io.netforge.annotations.StepLR.class.getCanonicalName();
    static final String MULTI_STEP_LR = io.netforge.annotations.MultiStepLR.class.getCanonicalName();
    static final String EXPONENTIAL_LR = io.netforge.annotations.ExponentialLR.class.getCanonicalName();
    static final String COSINE_LR = io.netforge.annotations.CosineAnnealingLR.class.getCanonicalName();
    static final String PLATEAU_LR = io.netforge.annotations.ReduceLROnPlateau.class.getCanonicalName();
    static final String WARMUP_LR = io.netforge.annotations.WarmupLR.class.getCanonicalName();
    static final String EARLY_STOPPING = io.netforge.annotations.EarlyStopping.class.getCanonicalName();
    static final String LABEL_SMOOTHING = io.netforge.annotations.LabelSmoothing.class.getCanonicalName();
    static final String DISTURB_LABEL = io.netforge.annotations.DisturbLabel.class.getCanonicalName();
    static final String CLIP_GRADIENTS = io.netforge.annotations.ClipGradients.class.getCanonicalName();
    static final String INIT = io.netforge.annotations.Init.class.getCanonicalName();
    static final String REGULARIZE = io.netforge.annotations.Regularize.class.getCanonicalName();
    static final String LAYER = io.netforge.annotations.Layer.class.getCanonicalName();
    static final String BLOCK = io.netforge.annotations.Block.class.getCanonicalName();
    static final String BLOCKS = io.netforge.annotations.Blocks.class.getCanonicalName();

    /** Optimizer annotations, in the order they are looked for. */
    static final List<String> OPTIMIZERS = List.of(SGD, ADAM, ADAM_W, ADA_GRAD, RMS_PROP);

    /** Learning-rate schedules of which a model may declare one ({@code @WarmupLR} combines with it). */
    static final List<String> SCHEDULES = List.of(STEP_LR, MULTI_STEP_LR, EXPONENTIAL_LR, COSINE_LR, PLATEAU_LR);

    /** What {@code @EarlyStopping} and {@code @ReduceLROnPlateau} can monitor: the columns of the history. */
    static final List<String> METRICS = List.of("val_loss", "val_accuracy", "loss", "accuracy", "val_mae", "val_rmse");

    private Names() {}

    /** {@code io.netforge.annotations.Conv} to {@code @Conv}. */
    static String display(String qualifiedName) {
        return "@" + qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
    }
}
