package io.netforge.processor.codegen;

import com.palantir.javapoet.ClassName;

/**
 * The runtime types generated code refers to, by name: the processor never loads the runtime (nor ND4J).
 */
final class RuntimeTypes {
    static final ClassName GRAPH_BUILDER = ClassName.get("io.netforge.graph", "GraphBuilder");
    static final ClassName NODE = ClassName.get("io.netforge.graph", "Node");
    static final ClassName NET_GRAPH = ClassName.get("io.netforge.graph", "NetGraph");
    static final ClassName PARAM_INIT = ClassName.get("io.netforge.graph", "ParamInit");
    static final ClassName PENALTY = ClassName.get("io.netforge.graph", "Penalty");
    static final ClassName SUMMARY = ClassName.get("io.netforge.summary", "Summary");
    static final ClassName LAYER_SUMMARY = ClassName.get("io.netforge.summary", "LayerSummary");
    static final ClassName TRAINER = ClassName.get("io.netforge.train", "Trainer");
    static final ClassName TRAIN_CONFIG = ClassName.get("io.netforge.train", "TrainConfig");
    static final ClassName TRAINER_BUILDER = ClassName.get("io.netforge.train", "TrainerBuilder");
    static final ClassName OPTIMIZER_SGD = ClassName.get("io.netforge.train", "Optimizer", "Sgd");
    static final ClassName OPTIMIZER_ADAM = ClassName.get("io.netforge.train", "Optimizer", "Adam");
    static final ClassName OPTIMIZER_ADAM_W = ClassName.get("io.netforge.train", "Optimizer", "AdamW");
    static final ClassName OPTIMIZER_ADA_GRAD = ClassName.get("io.netforge.train", "Optimizer", "AdaGrad");
    static final ClassName OPTIMIZER_RMS_PROP = ClassName.get("io.netforge.train", "Optimizer", "RmsProp");
    static final ClassName LR_SCHEDULE = ClassName.get("io.netforge.train", "LrSchedule");
    static final ClassName EARLY_STOPPING = ClassName.get("io.netforge.train", "EarlyStopping");
    static final ClassName GRADIENT_CLIPPING = ClassName.get("io.netforge.train", "GradientClipping");
    static final ClassName METRIC = ClassName.get("io.netforge.train", "Metric");
    static final ClassName OPTIONAL = ClassName.get("java.util", "Optional");
    static final ClassName MODE = ClassName.get("io.netforge.annotations", "Mode");
    static final ClassName BIDIRECTIONAL = ClassName.get("io.netforge.annotations", "Bidirectional");
    static final ClassName PATH = ClassName.get("java.nio.file", "Path");
    static final ClassName PADDING = ClassName.get("io.netforge.annotations", "Padding");
    static final ClassName TASK = ClassName.get("io.netforge.annotations", "Task");
    static final ClassName LOSS_FUNCTION = ClassName.get("io.netforge.annotations", "LossFunction");
    static final ClassName WEIGHT_INIT = ClassName.get("io.netforge.annotations", "WeightInit");
    static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    private RuntimeTypes() {}
}
