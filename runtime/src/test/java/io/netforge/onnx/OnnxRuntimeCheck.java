package io.netforge.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The two consumers that check exported files in tests (docs/deploy.md, "What is checked"): ONNX Runtime for Java,
 * and ONNX's own checker from Debian's python3-onnx, which scripts/setup.sh installs. Shared with the samples' tests
 * through the runtime's test jar.
 */
public final class OnnxRuntimeCheck {
    private OnnxRuntimeCheck() {}

    /**
     * The file's two outputs (logits, probabilities) in ONNX Runtime for raw samples of shape {@code sample}, one row per
     * sample: a per-step model's {@code [steps, classes]} per sample comes flattened, step after step.
     */
    public static float[][][] run(Path file, float[][] raw, long[] sample) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = new long[sample.length + 1];
        shape[0] = raw.length;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        FloatBuffer in = FloatBuffer.allocate(raw.length * raw[0].length);
        for (float[] r : raw) {
            in.put(r);
        }
        in.flip();
        try (OrtSession s = env.createSession(file.toString(), new OrtSession.SessionOptions());
                OnnxTensor x = OnnxTensor.createTensor(env, in, shape);
                OrtSession.Result result = s.run(Map.of(OnnxExporter.INPUT, x))) {
            float[][][] out = new float[2][][];
            for (int o = 0; o < 2; o++) {
                Object value = result.get(o).getValue();
                if (value instanceof float[][][] steps) {
                    out[o] = new float[steps.length][];
                    for (int i = 0; i < steps.length; i++) {
                        out[o][i] = new float[steps[i].length * steps[i][0].length];
                        for (int t = 0; t < steps[i].length; t++) {
                            System.arraycopy(steps[i][t], 0, out[o][i], t * steps[i][t].length, steps[i][t].length);
                        }
                    }
                } else {
                    out[o] = (float[][]) value;
                }
            }
            return out;
        }
    }

    /** {@code onnx.checker.check_model(full_check=True)} (shape inference too) on every file, in one Python process. */
    public static void checker(List<Path> files) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                "/usr/bin/python3",
                "-c",
                "import sys, onnx\n"
                        + "for p in sys.argv[1:]:\n"
                        + "    onnx.checker.check_model(onnx.load(p), full_check=True)\n"
                        + "    print('ok', p)\n"));
        files.forEach(f -> cmd.add(f.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor())
                .as("onnx.checker (python3-onnx, installed by scripts/setup.sh):%n%s", out)
                .isZero();
        assertThat(out.lines().filter(l -> l.startsWith("ok ")).count()).as(out).isEqualTo(files.size());
    }
}
