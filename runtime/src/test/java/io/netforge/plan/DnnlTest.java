package io.netforge.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.util.Backend;
import io.netforge.util.Dnnl;
import org.junit.jupiter.api.Test;

/**
 * oneDNN is the planned engine's default on the CPU and {@code -Dnetforge.noDnnl=true} turns it off (the default
 * run and the {@code nd4j-kernels} execution of runtime/pom.xml each run this test).
 */
class DnnlTest {
    private static final boolean TURNED_OFF = Boolean.getBoolean("netforge.noDnnl");

    @Test
    void oneDnnIsTheDefaultOnTheCpuAndCanBeTurnedOff() {
        assertThat(Dnnl.available()).isEqualTo(!TURNED_OFF);
        if (TURNED_OFF) {
            assertThat(Dnnl.describe()).isEqualTo("ND4J kernels (oneDNN turned off by -Dnetforge.noDnnl=true)");
            assertThat(Backend.describe())
                    .endsWith("planned engine on ND4J kernels (oneDNN turned off by -Dnetforge.noDnnl=true)");
        } else {
            assertThat(Dnnl.describe()).isEqualTo("oneDNN 2.5.2 primitives");
            assertThat(Backend.describe()).endsWith("planned engine on oneDNN 2.5.2 primitives");
        }
    }
}
