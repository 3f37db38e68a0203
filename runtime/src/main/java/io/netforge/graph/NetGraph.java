package io.netforge.graph;

import java.util.List;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A built model: its operations ({@link #ops()}), the SameDiff graph made from them, plus what a training loop must know about it (trainable parameters
 * with their penalties, BatchNorm statistics to update, dropout masks to feed).
 */
public final class NetGraph {
    private final String modelName;
    private final SameDiff sd;
    private final long[] inputShape;
    private final int classes;
    private final List<Param> params;
    private final List<BatchNormState> batchNorms;
    private final List<DropoutMask> dropoutMasks;
    private final io.netforge.annotations.LossFunction loss;
    private final io.netforge.annotations.Task task;
    private final java.util.Map<String, String> layerOutputs;
    private final Ops ops;
    private final String[][] valueNames;

    /**
     * The model's operations as the builder recorded them, for engines other than SameDiff.
     *
     * @param list operations in execution order
     * @param valueShapes shape of one sample of each value, by value number (value 0 is the input)
     * @param logits the value holding the logits
     */
    public record Ops(List<LayerOp> list, List<long[]> valueShapes, int logits) {
        public Ops {
            list = List.copyOf(list);
            valueShapes = List.copyOf(valueShapes);
        }

        /** Shape of one sample of value {@code id}. */
        public long[] shape(int id) {
            return valueShapes.get(id).clone();
        }
    }

    NetGraph(
            String modelName,
            SameDiff sd,
            long[] inputShape,
            int classes,
            List<Param> params,
            List<BatchNormState> batchNorms,
            List<DropoutMask> dropoutMasks,
            io.netforge.annotations.LossFunction loss,
            io.netforge.annotations.Task task,
            java.util.Map<String, String> layerOutputs,
            Ops ops,
            String[][] valueNames) {
        this.ops = ops;
        this.valueNames = valueNames;
        this.loss = loss;
        this.task = task;
        this.layerOutputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(layerOutputs));
        this.modelName = modelName;
        this.sd = sd;
        this.inputShape = inputShape.clone();
        this.classes = classes;
        this.params = List.copyOf(params);
        this.batchNorms = List.copyOf(batchNorms);
        this.dropoutMasks = List.copyOf(dropoutMasks);
    }

    /** Layer names, in graph order, to the evaluation-mode variable holding each layer's output. */
    public java.util.Map<String, String> layerOutputs() {
        return layerOutputs;
    }

    /** The SameDiff variable holding value {@code node} in the training or the evaluation branch. */
    public String variable(Node node, boolean train) {
        return valueNames[node.id()][train ? 0 : 1];
    }

    /** The operations the graph was built from, in order, with the shapes of their values. */
    public Ops ops() {
        return ops;
    }

    /** The loss the graph computes on its training branch. */
    public io.netforge.annotations.LossFunction loss() {
        return loss;
    }

    /** Classes or numbers ({@link io.netforge.annotations.Model#task()}). */
    public io.netforge.annotations.Task task() {
        return task;
    }

    /** Whether the outputs estimate float targets rather than score classes. */
    public boolean regression() {
        return task == io.netforge.annotations.Task.REGRESSION;
    }

    /** Whether the outputs score classes at every step of a sequence ({@code Task.CLASS_PER_STEP}). */
    public boolean perStep() {
        return task == io.netforge.annotations.Task.CLASS_PER_STEP;
    }

    /**
     * Rows of {@link #classes()} outputs per sample: the output sequence's steps for a per-step model, else 1. The
     * logits of {@code n} samples are {@code n · outputRows()} rows.
     */
    public int outputRows() {
        return perStep() ? Math.toIntExact(ops.shape(ops.logits())[0]) : 1;
    }

    public String modelName() {
        return modelName;
    }

    public SameDiff sameDiff() {
        return sd;
    }

    /** Shape of one input sample. */
    public long[] inputShape() {
        return inputShape.clone();
    }

    public int classes() {
        return classes;
    }

    /** Trainable parameters in layer order. */
    public List<Param> params() {
        return params;
    }

    public List<BatchNormState> batchNorms() {
        return batchNorms;
    }

    public List<DropoutMask> dropoutMasks() {
        return dropoutMasks;
    }

    /** Number of trainable values, as torchsummary's "Trainable params". */
    public long parameterCount() {
        long n = 0;
        for (Param p : params) {
            n += p.size();
        }
        return n;
    }

    /** Number of non-trainable buffer values (BatchNorm running statistics). */
    public long bufferCount() {
        long n = 0;
        for (BatchNormState bn : batchNorms) {
            n += sd.getArrForVarName(bn.runningMean()).length()
                    + sd.getArrForVarName(bn.runningVar()).length();
        }
        return n;
    }

    /** The live array of a parameter or buffer; writes change the model. */
    public INDArray array(String name) {
        INDArray arr = sd.getArrForVarName(name);
        if (arr == null) {
            throw new IllegalArgumentException(modelName + ": no variable named " + name);
        }
        return arr;
    }
}
