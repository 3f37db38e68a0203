package io.netforge.graph;

import static io.netforge.graph.GradientCheck.randn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.netforge.annotations.LossFunction;
import io.netforge.annotations.WeightInit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Forward semantics of each helper against plain-Java reference computations (PyTorch's definitions). */
class LayerForwardTest {
    private static final ParamInit INIT = ParamInit.of(WeightInit.XAVIER_NORMAL, 0, 0, 0.25);

    private static INDArray run(NetGraph net, Node node, boolean train, Map<String, INDArray> feed) {
        String name = net.variable(node, train);
        return net.sameDiff().output(feed, name).get(name);
    }

    private static NetGraph finish(GraphBuilder g, Node x) {
        Node flat = x.isImage() ? g.flatten("flat", x) : x;
        return g.build(g.dense("out", flat, 2, true, INIT, Penalty.NONE), 2, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    @Test
    void conv2dMatchesDirectConvolutionWithPaddingAndStride() {
        GraphBuilder g = new GraphBuilder("T", 1);
        Node in = g.imageInput(2, 5, 5);
        Node c = g.conv2d("c", in, 3, 3, 2, 1, true, INIT, Penalty.NONE);
        NetGraph net = finish(g, c);
        assertThat(c.shape()).containsExactly(3, 3, 3);
        INDArray x = randn(5, 2, 2, 5, 5);
        INDArray y = run(net, c, false, Map.of(GraphBuilder.INPUT, x));
        INDArray w = net.array("c/W");
        INDArray b = net.array("c/b");
        for (int n = 0; n < 2; n++) {
            for (int o = 0; o < 3; o++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        double s = b.getDouble(o);
                        for (int ci = 0; ci < 2; ci++) {
                            for (int ki = 0; ki < 3; ki++) {
                                for (int kj = 0; kj < 3; kj++) {
                                    int r = i * 2 - 1 + ki;
                                    int q = j * 2 - 1 + kj;
                                    if (r >= 0 && r < 5 && q >= 0 && q < 5) {
                                        s += x.getDouble(n, ci, r, q) * w.getDouble(ki, kj, ci, o);
                                    }
                                }
                            }
                        }
                        assertThat(y.getDouble(n, o, i, j)).isCloseTo(s, within(1e-4));
                    }
                }
            }
        }
    }

    @Test
    void poolingPadsLikePyTorch() {
        GraphBuilder g = new GraphBuilder("T", 1);
        Node in = g.imageInput(1, 4, 4);
        Node max = g.maxPool("mp", in, 3, 2, 1);
        Node avg = g.avgPool("ap", in, 3, 2, 1);
        NetGraph net = finish(g, max);
        assertThat(max.shape()).containsExactly(1, 2, 2);
        INDArray x = randn(9, 1, 1, 4, 4).subi(3); // all negative: padding must not win a max
        INDArray ym = run(net, max, false, Map.of(GraphBuilder.INPUT, x));
        INDArray ya = run(net, avg, false, Map.of(GraphBuilder.INPUT, x));
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double m = Double.NEGATIVE_INFINITY;
                double sum = 0;
                for (int ki = 0; ki < 3; ki++) {
                    for (int kj = 0; kj < 3; kj++) {
                        int r = i * 2 - 1 + ki;
                        int q = j * 2 - 1 + kj;
                        if (r >= 0 && r < 4 && q >= 0 && q < 4) {
                            m = Math.max(m, x.getDouble(0, 0, r, q));
                            sum += x.getDouble(0, 0, r, q);
                        }
                    }
                }
                assertThat(ym.getDouble(0, 0, i, j)).isCloseTo(m, within(1e-5));
                assertThat(ya.getDouble(0, 0, i, j)).as("count_include_pad").isCloseTo(sum / 9, within(1e-5));
            }
        }
    }

    @Test
    void flattenKeepsChannelRowColumnOrder() {
        GraphBuilder g = new GraphBuilder("T", 1);
        Node f = g.flatten("f", g.imageInput(2, 3, 4));
        NetGraph net = finish(g, f);
        INDArray x = Nd4j.arange(48)
                .castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
                .reshape(2, 2, 3, 4);
        INDArray y = run(net, f, false, Map.of(GraphBuilder.INPUT, x.dup()));
        assertThat(y.shape()).containsExactly(2, 24);
        assertThat(y.getDouble(1, 13)).isEqualTo(24 + 13);
    }

    @Test
    void batchNormTrainUsesBatchStatisticsAndEvalUsesRunningOnes() {
        GraphBuilder g = new GraphBuilder("T", 1);
        Node bn = g.batchNorm("bn", g.flatInput(3), 0.1, 1e-5);
        NetGraph net = finish(g, bn);
        INDArray x = randn(4, 5, 3).muli(2).addi(1);
        INDArray train = run(net, bn, true, Map.of(GraphBuilder.INPUT, x));
        for (int f = 0; f < 3; f++) {
            double mean = x.getColumn(f).meanNumber().doubleValue();
            double var = x.getColumn(f).varNumber().doubleValue() * 4 / 5; // biased
            for (int i = 0; i < 5; i++) {
                assertThat(train.getDouble(i, f))
                        .isCloseTo((x.getDouble(i, f) - mean) / Math.sqrt(var + 1e-5), within(1e-4));
            }
        }
        net.array("bn/running_mean").assign(Nd4j.createFromArray(1f, 2f, 3f));
        net.array("bn/running_var").assign(Nd4j.createFromArray(4f, 1f, 0.25f));
        INDArray eval = run(net, bn, false, Map.of(GraphBuilder.INPUT, x));
        assertThat(eval.getDouble(2, 0)).isCloseTo((x.getDouble(2, 0) - 1) / Math.sqrt(4 + 1e-5), within(1e-4));
        assertThat(eval.getDouble(2, 2)).isCloseTo((x.getDouble(2, 2) - 3) / Math.sqrt(0.25 + 1e-5), within(1e-4));
        INDArray alone = run(net, bn, false, Map.of(GraphBuilder.INPUT, x.getRows(2)));
        assertThat(alone.getRow(0).toDoubleVector())
                .as("eval output of a sample must not depend on its batch")
                .containsExactly(eval.getRow(2).toDoubleVector(), within(1e-6));
        assertThat(net.bufferCount()).isEqualTo(6);
        assertThat(net.parameterCount()).isEqualTo(6 + 3 * 2 + 2);
    }

    @Test
    void dropoutMultipliesByTheFedMaskInTrainingOnly() {
        GraphBuilder g = new GraphBuilder("T", 1);
        Node d = g.dropout("d", g.flatInput(4), 0.5);
        NetGraph net = finish(g, d);
        DropoutMask m = net.dropoutMasks().get(0);
        assertThat(m.p()).isEqualTo(0.5);
        INDArray x = randn(2, 3, 4);
        INDArray mask = Nd4j.createFromArray(new float[][] {{0, 2, 2, 0}, {2, 2, 2, 2}, {0, 0, 0, 0}});
        INDArray train = run(net, d, true, Map.of(GraphBuilder.INPUT, x, m.placeholder(), mask));
        assertThat(train).isEqualTo(x.mul(mask));
        INDArray eval = run(net, d, false, Map.of(GraphBuilder.INPUT, x));
        assertThat(eval).isEqualTo(x);
    }

    @Test
    void spatialDropoutMaskCoversWholeChannels() {
        GraphBuilder g = new GraphBuilder("T", 1);
        Node d = g.spatialDropout("d", g.imageInput(3, 2, 2), 0.25);
        NetGraph net = finish(g, d);
        assertThat(net.dropoutMasks().get(0).sampleShape()).containsExactly(3, 1, 1);
        INDArray x = randn(2, 1, 3, 2, 2);
        INDArray mask = Nd4j.createFromArray(0f, 4f / 3, 4f / 3).reshape(1, 3, 1, 1);
        INDArray train = run(
                net,
                d,
                true,
                Map.of(GraphBuilder.INPUT, x, net.dropoutMasks().get(0).placeholder(), mask));
        assertThat(train.get(
                                org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                                org.nd4j.linalg.indexing.NDArrayIndex.point(0))
                        .sumNumber()
                        .doubleValue())
                .isZero();
        assertThat(train.getDouble(0, 1, 1, 1)).isCloseTo(x.getDouble(0, 1, 1, 1) * 4 / 3, within(1e-5));
    }

    @Test
    void dropoutOfZeroIsTheIdentityAndInvalidRatesAreRefused() {
        GraphBuilder g = new GraphBuilder("T", 1);
        Node in = g.flatInput(4);
        assertThat(g.dropout("d", in, 0)).isSameAs(in);
        assertThatThrownBy(() -> g.dropout("d2", in, 1.0)).hasMessageContaining("rate=1.0");
        assertThatThrownBy(() -> g.imageInput(1, 2, 2)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shapeErrorsNameTheLayer() {
        GraphBuilder g = new GraphBuilder("T", 1);
        Node in = g.imageInput(1, 4, 4);
        assertThatThrownBy(() -> g.dense("fc1", in, 3, true, INIT, Penalty.NONE))
                .hasMessageContaining("fc1: @Dense needs a flat input but receives 1×4×4");
        assertThatThrownBy(() -> g.conv2d("c", in, 3, 5, 1, 0, true, INIT, Penalty.NONE))
                .hasMessageContaining("kernel 5 is larger than its padded input 4");
    }
}
