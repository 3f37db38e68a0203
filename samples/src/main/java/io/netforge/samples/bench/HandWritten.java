package io.netforge.samples.bench;

import io.netforge.data.Batch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The benchmark's baseline: the same networks written by hand in SameDiff, as its documentation teaches, and
 * trained with {@code SameDiff.fit} and ND4J's Adam; no NetForge code on the training path. The only tricks it
 * takes are the ones SameDiff needs to train these networks at all (docs/samediff.md, facts 1, 2, 7, 14): dropout as a
 * mask placeholder, BatchNorm from primitive ops with batch statistics, {@code mmul + add} instead of
 * {@code xw_plus_b}, convolution weights in SameDiff's {@code [kH, kW, in, out]} layout.
 */
final class HandWritten {
    private final SameDiff sd = SameDiff.create();
    private final Random rng = new Random(42);
    private final String model;
    private final long[] sampleShape;
    private final List<String> masks = new ArrayList<>();
    private final List<long[]> maskShapes = new ArrayList<>();
    private final List<Double> maskRates = new ArrayList<>();

    HandWritten(String model) {
        this.model = model;
        this.sampleShape = model.equals("resnet18") ? new long[] {3, 32, 32} : new long[] {1, 28, 28};
        SDVariable in = sd.placeHolder("input", DataType.FLOAT, -1, sampleShape[0], sampleShape[1], sampleShape[2]);
        SDVariable labels = sd.placeHolder("labels", DataType.FLOAT, -1, 10);
        SDVariable logits = switch (model) {
            case "mlp" -> mlp(in);
            case "cnn" -> cnn(in);
            case "resnet18" -> resnet18(in);
            default -> throw new IllegalArgumentException("unknown model " + model);
        };
        sd.identity("logits", logits);
        sd.loss().softmaxCrossEntropy("loss", labels, logits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
        List<String> features = new ArrayList<>(List.of("input"));
        features.addAll(masks);
        sd.setTrainingConfig(TrainingConfig.builder()
                .updater(new Adam(1e-3))
                .dataSetFeatureMapping(features)
                .dataSetLabelMapping("labels")
                .build());
    }

    long parameters() {
        return sd.variables().stream()
                .filter(v -> v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE)
                .mapToLong(v -> v.getArr().length())
                .sum();
    }

    /** Keras's first MLP: Flatten, Dense(128, relu), Dropout(0.2), Dense(10). */
    private SDVariable mlp(SDVariable in) {
        SDVariable x = in.reshape(-1, 784);
        x = sd.nn().relu(dense("fc1", x, 784, 128), 0);
        x = dropout("fc1", x, 128, 0.2);
        return dense("logits", x, 128, 10);
    }

    /** The tutorial CNN: conv 16/32 - pool - conv 64 - pool - Dense 100 - Dense 10. */
    private SDVariable cnn(SDVariable in) {
        SDVariable x = sd.nn().relu(conv("conv1", in, 1, 16, 1, true), 0);
        x = sd.nn().relu(conv("conv2", x, 16, 32, 1, true), 0);
        x = sd.cnn().maxPooling2d(x, pool());
        x = sd.nn().relu(conv("conv3", x, 32, 64, 1, true), 0);
        x = sd.cnn().maxPooling2d(x, pool());
        x = x.reshape(-1, 64 * 7 * 7);
        x = sd.nn().relu(dense("fc1", x, 64 * 7 * 7, 100), 0);
        return dense("logits", x, 100, 10);
    }

    /** CIFAR-style ResNet-18: 3x3 stem, four stages of two basic blocks, global average pool, Dense 10. */
    private SDVariable resnet18(SDVariable in) {
        SDVariable x = sd.nn().relu(batchNorm("bn1", conv("conv1", in, 3, 64, 1, false, 3), 64), 0);
        int cin = 64;
        int[][] stages = {{64, 1}, {128, 2}, {256, 2}, {512, 2}};
        for (int s = 0; s < stages.length; s++) {
            for (int b = 0; b < 2; b++) {
                int width = stages[s][0];
                int stride = b == 0 ? stages[s][1] : 1;
                String name = "layer" + (s + 1) + "." + b;
                SDVariable out = sd.nn()
                        .relu(
                                batchNorm(name + ".bn1", conv(name + ".conv1", x, cin, width, stride, false, 3), width),
                                0);
                out = batchNorm(name + ".bn2", conv(name + ".conv2", out, width, width, 1, false, 3), width);
                SDVariable shortcut = stride == 1 && cin == width
                        ? x
                        : batchNorm(name + ".ds.bn", conv(name + ".ds", x, cin, width, stride, false, 1), width);
                x = sd.nn().relu(out.add(shortcut), 0);
                cin = width;
            }
        }
        return dense("fc", x.mean(2, 3), 512, 10);
    }

    private static Pooling2DConfig pool() {
        return Pooling2DConfig.builder()
                .kH(2)
                .kW(2)
                .sH(2)
                .sW(2)
                .pH(0)
                .pW(0)
                .dH(1)
                .dW(1)
                .type(Pooling2D.Pooling2DType.MAX)
                .paddingMode(PaddingMode.VALID)
                .isNHWC(false)
                .build();
    }

    private SDVariable dense(String name, SDVariable x, int in, int out) {
        SDVariable w = sd.var(name + "/W", uniform(in, in * out, in, out));
        SDVariable b = sd.var(name + "/b", uniform(in, out, out));
        return x.mmul(w).add(b);
    }

    private SDVariable conv(String name, SDVariable x, int in, int out, int stride, boolean bias) {
        return conv(name, x, in, out, stride, bias, 3);
    }

    private SDVariable conv(String name, SDVariable x, int in, int out, int stride, boolean bias, int k) {
        int fanIn = in * k * k;
        SDVariable w = sd.var(name + "/W", uniform(fanIn, fanIn * out, k, k, in, out));
        Conv2DConfig cfg = Conv2DConfig.builder()
                .kH(k)
                .kW(k)
                .sH(stride)
                .sW(stride)
                .pH(k / 2)
                .pW(k / 2)
                .dH(1)
                .dW(1)
                .paddingMode(PaddingMode.VALID)
                .dataFormat("NCHW")
                .weightsFormat(WeightsFormat.YXIO)
                .build();
        return bias
                ? sd.cnn().conv2d(x, w, sd.var(name + "/b", uniform(fanIn, out, out)), cfg)
                : sd.cnn().conv2d(x, w, cfg);
    }

    private SDVariable batchNorm(String name, SDVariable x, int c) {
        SDVariable gamma = sd.var(name + "/gamma", Nd4j.ones(DataType.FLOAT, 1, c, 1, 1));
        SDVariable beta = sd.var(name + "/beta", Nd4j.zeros(DataType.FLOAT, 1, c, 1, 1));
        SDVariable mean = x.mean(true, 0, 2, 3);
        SDVariable centered = x.sub(mean);
        SDVariable var = sd.math().square(centered).mean(true, 0, 2, 3);
        return centered.div(sd.math().sqrt(var.add(1e-5))).mul(gamma).add(beta);
    }

    private SDVariable dropout(String name, SDVariable x, long features, double p) {
        String mask = name + "/dropout_mask";
        masks.add(mask);
        maskShapes.add(new long[] {features});
        maskRates.add(p);
        return x.mul(sd.placeHolder(mask, DataType.FLOAT, -1, features));
    }

    /** PyTorch's default init, U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
    private INDArray uniform(int fanIn, int n, long... shape) {
        float[] v = new float[n];
        double bound = 1 / Math.sqrt(fanIn);
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return Nd4j.create(v, shape, 'c');
    }

    /** Trains on the batches with {@code SameDiff.fit}, one pass. */
    void fit(Iterable<Batch> batches) {
        sd.fit(new Batches(batches), 1);
    }

    /** Logits of a batch, from {@code SameDiff.output}. */
    INDArray logits(Batch b) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put("input", Nd4j.create(b.features(), shape(b.size()), 'c'));
        for (int i = 0; i < masks.size(); i++) {
            feed.put(
                    masks.get(i), Nd4j.ones(DataType.FLOAT, b.size(), maskShapes.get(i)[0]));
        }
        return sd.output(feed, "logits").get("logits");
    }

    private long[] shape(int n) {
        return new long[] {n, sampleShape[0], sampleShape[1], sampleShape[2]};
    }

    /** A user's iterator: arrays made from the batch's Java arrays in {@code next()}, dropout masks drawn by ND4J. */
    private final class Batches implements MultiDataSetIterator {
        private static final long serialVersionUID = 1L;

        private final Iterable<Batch> batches;
        private java.util.Iterator<Batch> it;

        Batches(Iterable<Batch> batches) {
            this.batches = batches;
            this.it = batches.iterator();
        }

        @Override
        public MultiDataSet next(int num) {
            return next();
        }

        @Override
        public boolean hasNext() {
            return it.hasNext();
        }

        @Override
        public MultiDataSet next() {
            Batch b = it.next();
            INDArray[] features = new INDArray[1 + masks.size()];
            features[0] = Nd4j.create(b.features(), shape(b.size()), 'c');
            for (int i = 0; i < masks.size(); i++) {
                double keep = 1 - maskRates.get(i);
                features[i + 1] = Nd4j.rand(DataType.FLOAT, b.size(), maskShapes.get(i)[0])
                        .lt(keep)
                        .castTo(DataType.FLOAT)
                        .divi(keep);
            }
            float[] oneHot = new float[b.size() * 10];
            for (int i = 0; i < b.size(); i++) {
                oneHot[i * 10 + b.labels()[i]] = 1f;
            }
            return new MultiDataSet(features, new INDArray[] {Nd4j.create(oneHot, new long[] {b.size(), 10}, 'c')});
        }

        @Override
        public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MultiDataSetPreProcessor getPreProcessor() {
            return null;
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public void reset() {
            it = batches.iterator();
        }
    }

    @Override
    public String toString() {
        return "hand-written SameDiff " + model;
    }
}
