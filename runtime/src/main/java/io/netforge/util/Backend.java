package io.netforge.util;

import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which ND4J backend runs the models: the CPU one ({@code nd4j-native}, the default) or CUDA ({@code mvn -Pcuda},
 * docs/gpu.md). Chosen by the classpath only: no NetForge code names a backend.
 */
public final class Backend {
    private Backend() {}

    /** {@code "CPU"} or {@code "CUDA"} (or the backend class's name for another backend). */
    public static String name() {
        String cls = Nd4j.getBackend().getClass().getSimpleName();
        if (cls.startsWith("Cpu")) {
            return "CPU";
        }
        if (cls.startsWith("JCublas") || cls.toLowerCase(Locale.ROOT).contains("cuda")) {
            return "CUDA";
        }
        return cls;
    }

    /**
     * E.g. {@code "CPU backend (CpuBackend), 1 device, 2 threads, float32, planned engine on oneDNN 2.5.2 primitives"}:
     * print it to check what runs.
     */
    public static String describe() {
        int devices = Nd4j.getAffinityManager().getNumberOfDevices();
        return String.format(
                Locale.ROOT,
                "%s backend (%s), %d device%s, %d threads, %s, planned engine on %s",
                name(),
                Nd4j.getBackend().getClass().getSimpleName(),
                devices,
                devices == 1 ? "" : "s",
                Nd4j.getEnvironment().maxMasterThreads(),
                Nd4j.defaultFloatingPointType().name().toLowerCase(Locale.ROOT),
                Dnnl.describe());
    }
}
