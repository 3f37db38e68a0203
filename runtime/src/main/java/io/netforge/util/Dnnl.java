package io.netforge.util;

import java.util.Locale;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;

/**
 * oneDNN's own primitives (JavaCPP's {@code org.bytedeco:dnnl} preset), which the planned engine calls on its
 * buffers where it can: chosen once per JVM, and only on ND4J's CPU backend where the preset's native library loads
 * (it comes with the {@code cpu} profile; the CUDA profile and other operating systems keep the ND4J kernels).
 * {@code -Dnetforge.noDnnl=true} turns it off. {@link #describe()} says which it is; docs/performance.md has the
 * measurements behind each primitive used.
 */
public final class Dnnl {
    private static final String REASON;
    private static final engine ENGINE;

    static {
        String reason = null;
        engine e = null;
        if (Boolean.getBoolean("netforge.noDnnl")) {
            reason = "turned off by -Dnetforge.noDnnl=true";
        } else if (!Nd4j.getEnvironment().isCPU()) {
            reason = "not on " + Backend.name() + " (oneDNN runs on the CPU)";
        } else {
            try {
                Loader.load(dnnl.class);
                e = new engine(engine.kind.cpu, 0);
            } catch (RuntimeException | LinkageError failed) {
                reason = "its native library did not load on " + Loader.getPlatform() + " (" + failed + ")";
            }
        }
        REASON = reason;
        ENGINE = e;
    }

    private Dnnl() {}

    /** Whether the planned engine uses oneDNN's primitives in this JVM. */
    public static boolean available() {
        return ENGINE != null;
    }

    /** The CPU engine; only when {@link #available()}. */
    public static engine engine() {
        if (ENGINE == null) {
            throw new IllegalStateException("oneDNN is not used: " + REASON);
        }
        return ENGINE;
    }

    /** E.g. {@code "oneDNN 2.5.2 primitives"} or {@code "ND4J kernels (oneDNN turned off by …)"}. */
    public static String describe() {
        if (ENGINE == null) {
            return "ND4J kernels (oneDNN " + REASON + ")";
        }
        return String.format(
                Locale.ROOT,
                "oneDNN %d.%d.%d primitives",
                dnnl.DNNL_VERSION_MAJOR,
                dnnl.DNNL_VERSION_MINOR,
                dnnl.DNNL_VERSION_PATCH);
    }
}
