package io.netforge.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** {@link HostLoops#reluBackward} gives libnd4j's {@code relu_bp} bit for bit, special values included. */
class ReluBackwardTest {
    @Test
    void equalsLibnd4jsReluBackwardBitForBit() {
        int n = 3 * HostLoops.CHUNK + 17;
        java.util.Random r = new java.util.Random(5);
        float[] y = new float[n];
        float[] g = new float[n];
        float[] special = {
            0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE, -1f, Float.NEGATIVE_INFINITY
        };
        for (int i = 0; i < n; i++) {
            y[i] = i < special.length ? special[i] : Math.max(0f, (float) r.nextGaussian());
            g[i] = i == 1 || i == 2 ? Float.NaN : (float) r.nextGaussian();
        }
        INDArray ya = Nd4j.createFromArray(y);
        INDArray ga = Nd4j.createFromArray(g);
        INDArray ours = Nd4j.create(DataType.FLOAT, n);
        assertThat(HostLoops.reluBackward(ya, ga, ours)).isTrue();
        INDArray theirs = Nd4j.create(DataType.FLOAT, n);
        Nd4j.exec(DynamicCustomOp.builder("relu_bp")
                .addInputs(ya, ga)
                .addOutputs(theirs)
                .addFloatingPointArguments(0.0)
                .build());
        for (int i = 0; i < n; i++) {
            assertThat(Float.floatToRawIntBits(ours.getFloat(i)))
                    .as("y=%s dy=%s: ours %s, relu_bp %s", y[i], g[i], ours.getFloat(i), theirs.getFloat(i))
                    .isEqualTo(Float.floatToRawIntBits(theirs.getFloat(i)));
        }
        // in place, as the plan runs it
        assertThat(HostLoops.reluBackward(ya, ga, ga)).isTrue();
        assertThat(ga.data().asFloat()).isEqualTo(ours.data().asFloat());
        // at an offset into a larger buffer, as the plan's shared buffers are
        INDArray slot = Nd4j.create(DataType.FLOAT, 3, n);
        slot.getRow(1).assign(ya);
        INDArray out = slot.getRow(2);
        assertThat(HostLoops.reluBackward(slot.getRow(1), theirs.mul(0).addi(ga), out))
                .isTrue();
        assertThat(out.toFloatVector()).isEqualTo(ours.data().asFloat());
        // a column is not one contiguous run: refused
        INDArray columns = Nd4j.create(DataType.FLOAT, n, 2).getColumn(1);
        assertThat(HostLoops.reluBackward(columns, ga, ours)).isFalse();
    }
}
