package io.netforge.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NdArraysTest {
    @Test
    void floatsInAndOutInCOrder() {
        float[] v = new float[24];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.5f - 3;
        }
        INDArray a = NdArrays.floats(v, 2, 3, 4);
        assertThat(a.shape()).containsExactly(2, 3, 4);
        assertThat(a.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(a.getFloat(1, 2, 3)).isEqualTo(v[23]);
        assertThat(a.getFloat(0, 1, 2)).isEqualTo(v[6]);
        assertThat(a).isEqualTo(Nd4j.create(v, new long[] {2, 3, 4}, 'c')); // what the element-by-element copy makes
        assertThat(NdArrays.toFloats(a)).containsExactly(v);
    }

    @Test
    void viewsOtherOrdersAndTypesAreCopiedInCOrder() {
        INDArray m = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, 'c');
        assertThat(NdArrays.toFloats(m.transpose())).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(NdArrays.toFloats(m.getRow(1))).containsExactly(4, 5, 6);
        assertThat(NdArrays.toFloats(m.getRow(0))).containsExactly(1, 2, 3);
        assertThat(NdArrays.toFloats(m.dup('f'))).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(NdArrays.toFloats(m.castTo(DataType.DOUBLE))).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(NdArrays.toFloats(NdArrays.floats(new float[0], 0, 3))).isEmpty();
        NdArrays.copy(new float[] {7, 8, 9}, m.getRow(1));
        NdArrays.copy(new float[] {-1, -2, -3}, m.getRow(0));
        assertThat(NdArrays.toFloats(m)).containsExactly(-1, -2, -3, 7, 8, 9);
    }

    /** A permutation of a 4-D array keeps the whole buffer and may report 'c' order, but its strides are not. */
    @Test
    void aPermutedArrayIsCopiedInItsOwnCOrder() {
        float[] v = new float[2 * 3 * 4 * 5];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        INDArray p = NdArrays.floats(v, 2, 3, 4, 5).permute(3, 2, 0, 1);
        try (INDArray expected = p.dup('c')) {
            assertThat(NdArrays.toFloats(p)).containsExactly(expected.data().asFloat());
            assertThat(HostLoops.onHost(p)).isFalse();
        }
    }

    @Test
    void valuesThatDoNotFillTheShapeAreRefused() {
        assertThatThrownBy(() -> NdArrays.floats(new float[5], 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("5 values do not fill shape [2, 3]");
    }
}
