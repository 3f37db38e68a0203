package io.netforge.processor.validation;

import io.netforge.processor.model.OpSpec;
import io.netforge.processor.model.TrainSpec;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that look at the order of operations across layers, and at training settings: the one error here
 * (BatchNorm with batches of one sample) and the warnings for what the tutorials warn about — dropout on
 * the class scores or before a BatchNorm, an activation or softmax on the output, Keras's BatchNorm
 * momentum.
 */
final class LikelyMistakes {
    /** Above this, a momentum is most likely meant the Keras way (0.99 = keep 99% of the running statistics). */
    static final double KERAS_MOMENTUM = 0.5;

    private final Diagnostics diagnostics;

    /** One operation with its layer, in model order. */
    private record At(ReadLayer layer, ReadOp read) {
        OpSpec op() {
            return read.op();
        }
    }

    LikelyMistakes(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    void check(List<ReadLayer> layers, TrainSpec train) {
        List<At> ops = new ArrayList<>();
        for (ReadLayer layer : layers) {
            for (ReadOp read : layer.ops()) {
                ops.add(new At(layer, read));
            }
        }
        for (int i = 0; i < ops.size(); i++) {
            At at = ops.get(i);
            java.util.OptionalDouble momentum = at.op().batchStatisticsMomentum();
            if (momentum.isPresent()) {
                if (train.batchSize() == 1) {
                    diagnostics.report(
                            Message.BATCH_NORM_SINGLE_SAMPLE,
                            at.read().annotation().location(),
                            at.layer().name());
                }
                if (at.read().valid() && momentum.getAsDouble() > KERAS_MOMENTUM) {
                    diagnostics.report(
                            Message.BATCH_NORM_KERAS_MOMENTUM,
                            at.read().annotation().at("momentum"),
                            at.layer().name(),
                            number(momentum.getAsDouble()),
                            number(1 - momentum.getAsDouble()));
                }
            }
            if (isDropout(at.op())) {
                for (int j = i + 1; j < ops.size(); j++) {
                    if (ops.get(j).op().batchStatisticsMomentum().isPresent()) {
                        diagnostics.report(
                                Message.DROPOUT_BEFORE_BATCH_NORM,
                                at.read().annotation().location(),
                                at.layer().name(),
                                at.read().annotation().display(),
                                ops.get(j).layer().name());
                        break;
                    }
                }
            }
        }
        int output = -1;
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).op().isMain()) {
                output = i;
            }
        }
        if (output < 0) {
            return;
        }
        At out = ops.get(output);
        String outputLayer = out.layer().name() + " (" + out.read().annotation().display() + ")";
        for (int i = output + 1; i < ops.size(); i++) {
            At at = ops.get(i);
            AnnotationView a = at.read().annotation();
            if (isDropout(at.op())) {
                diagnostics.report(
                        Message.DROPOUT_ON_OUTPUT, a.location(), at.layer().name(), a.display(), outputLayer);
            } else if (at.op().role() == OpSpec.Role.PROBABILITIES && "SOFTMAX_CROSS_ENTROPY".equals(train.loss())) {
                diagnostics.report(
                        Message.SOFTMAX_BEFORE_LOSS,
                        a.location(),
                        at.layer().name(),
                        "@Train(loss = SOFTMAX_CROSS_ENTROPY)");
            } else if (at.op().role() == OpSpec.Role.ACTIVATION) {
                diagnostics.report(
                        Message.ACTIVATION_ON_OUTPUT, a.location(), at.layer().name(), a.display(), a.display());
            }
        }
    }

    private static boolean isDropout(OpSpec op) {
        return op.role() == OpSpec.Role.DROPOUT;
    }

    private static String number(double d) {
        return new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
