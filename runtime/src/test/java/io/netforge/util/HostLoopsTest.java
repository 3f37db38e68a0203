package io.netforge.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class HostLoopsTest {
    @Test
    void finiteArraysHaveNoNonFiniteValue() {
        float[] v = new float[3 * HostLoops.CHUNK + 17];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 5 == 0 ? -1 : 1) * (i % 3 == 0 ? Float.MAX_VALUE : Float.MIN_VALUE * i);
        }
        v[7] = -0f;
        assertThat(HostLoops.nonFinite(NdArrays.floats(v, v.length))).isZero();
    }

    @Test
    void findsNaNAndInfinitiesInAnyChunk() {
        int n = 3 * HostLoops.CHUNK + 17;
        for (int at : new int[] {0, HostLoops.CHUNK - 1, HostLoops.CHUNK, 2 * HostLoops.CHUNK + 5, n - 1}) {
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                float[] v = new float[n];
                java.util.Arrays.fill(v, 0.5f);
                v[at] = bad;
                double found = HostLoops.nonFinite(NdArrays.floats(v, n));
                assertThat(Double.isNaN(bad) ? Double.isNaN(found) : found == bad)
                        .as("%s at %d", bad, at)
                        .isTrue();
            }
        }
    }

    @Test
    void everyElementIsVisitedOnceOnOneThreadAndShared() {
        for (int n : new int[] {0, 1, HostLoops.CHUNK + 1, HostLoops.PARALLEL_ELEMENTS + HostLoops.CHUNK / 2}) {
            java.util.concurrent.atomic.AtomicIntegerArray visits =
                    new java.util.concurrent.atomic.AtomicIntegerArray(n);
            HostLoops.forEachChunk(n, (from, length, scratch) -> {
                assertThat(length).isBetween(1, HostLoops.CHUNK);
                assertThat(scratch).hasNumberOfRows(4);
                for (int i = from; i < from + length; i++) {
                    visits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertThat(visits.get(i)).as("element %d of %d", i, n).isEqualTo(1);
            }
        }
    }

    @Test
    void viewsAreNotOnHostAndStillChecked() {
        INDArray whole = Nd4j.zeros(DataType.FLOAT, 4, 6);
        INDArray column = whole.getColumn(2);
        assertThat(HostLoops.onHost(whole)).isTrue();
        assertThat(HostLoops.onHost(column)).isFalse();
        assertThat(HostLoops.onHost(whole.castTo(DataType.DOUBLE))).isFalse();
        whole.putScalar(1, 2, Float.POSITIVE_INFINITY);
        assertThat(HostLoops.nonFinite(column)).isEqualTo(Double.POSITIVE_INFINITY);
        whole.putScalar(1, 3, Float.NaN);
        assertThat(HostLoops.nonFinite(whole)).isEqualTo(Double.POSITIVE_INFINITY); // the first one found
    }
}
