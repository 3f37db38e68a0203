package io.netforge.samples;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/** Serving a model exported by NetForge with ONNX Runtime for Java, as docs/deploy.md prints it. */
public final class ServeOnnx {
    /** Class probabilities of one raw sample of the given shape (e.g. 1, 28, 28), as trainer.predictor() gives them. */
    public static float[] probabilities(String modelFile, float[] sample, long... shape) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] batch = new long[shape.length + 1];
        batch[0] = 1; // any batch size works
        System.arraycopy(shape, 0, batch, 1, shape.length);
        try (OrtSession session = env.createSession(modelFile, new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(sample), batch);
                OrtSession.Result result = session.run(Map.of("input", input))) { // raw input: normalization is inside
            float[][] probabilities =
                    (float[][]) result.get("probabilities").orElseThrow().getValue();
            return probabilities[0];
        }
    }
}
