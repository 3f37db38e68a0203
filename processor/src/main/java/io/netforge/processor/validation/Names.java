package io.netforge.processor.validation;

import java.util.List;

/**
 * Qualified names of the DSL's types. The processor reads annotations as mirrors by these names and never
 * loads the runtime's classes.
 */
final class Names {
    static final String PACKAGE = "io.netforge.annotations";
    static final String MODEL = PACKAGE + ".Model";
    static final String TRAIN = PACKAGE + ".Train";
    static final String SGD = PACKAGE + ".Sgd";
    static final String ADAM = PACKAGE + ".Adam";
    static final String ADAM_W = PACKAGE + ".AdamW";
    static final String ADA_GRAD = PACKAGE + ".AdaGrad";
    static final String RMS_PROP = PACKAGE + ".RmsProp";
    static final String STEP_LR = PACKAGE + ".StepLR";
    static final String MULTI_STEP_LR = PACKAGE + ".MultiStepLR";
    static final String EXPONENTIAL_LR = PACKAGE + ".ExponentialLR";
    static final String COSINE_LR = PACKAGE + ".CosineAnnealingLR";
    static final String PLATEAU_LR = PACKAGE + ".ReduceLROnPlateau";
    static final String WARMUP_LR = PACKAGE + ".WarmupLR";
    static final String EARLY_STOPPING = PACKAGE + ".EarlyStopping";
    static final String LABEL_SMOOTHING = PACKAGE + ".LabelSmoothing";
    static final String DISTURB_LABEL = PACKAGE + ".DisturbLabel";
    static final String CLIP_GRADIENTS = PACKAGE + ".ClipGradients";
    static final String INIT = PACKAGE + ".Init";
    static final String REGULARIZE = PACKAGE + ".Regularize";
    static final String LAYER = PACKAGE + ".Layer";
    static final String BLOCK = PACKAGE + ".Block";
    static final String BLOCKS = PACKAGE + ".Blocks";

    /** Optimizer annotations, in the order they are looked for. */
    static final List<String> OPTIMIZERS = List.of(SGD, ADAM, ADAM_W, ADA_GRAD, RMS_PROP);

    /** Learning-rate schedules of which a model may declare one ({@code @WarmupLR} combines with it). */
    static final List<String> SCHEDULES = List.of(STEP_LR, MULTI_STEP_LR, EXPONENTIAL_LR, COSINE_LR, PLATEAU_LR);

    /** What {@code @EarlyStopping} and {@code @ReduceLROnPlateau} can monitor: the columns of the history. */
    static final List<String> METRICS = List.of("val_loss", "val_accuracy", "loss", "accuracy");

    private Names() {
    }

    /** {@code io.netforge.annotations.Conv} to {@code @Conv}. */
    static String display(String qualifiedName) {
        return "@" + qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
    }
}
