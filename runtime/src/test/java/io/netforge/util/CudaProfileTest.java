package io.netforge.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The GPU path without a GPU and without downloading its ~570 MB of jars: the profiles' declarations, the
 * properties they use, and that no code depends on the CPU backend.
 */
class CudaProfileTest {
    private static Document pom(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static Element profile(Document pom, String id) {
        NodeList profiles = pom.getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element p = (Element) profiles.item(i);
            if (text(p, "id").equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no profile " + id);
    }

    private static String text(Element e, String child) {
        NodeList l = e.getElementsByTagName(child);
        return l.getLength() == 0 ? "" : l.item(0).getTextContent().trim();
    }

    private static List<Map<String, String>> dependencies(Element profile) {
        List<Map<String, String>> out = new ArrayList<>();
        NodeList deps = profile.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            Map<String, String> m = new HashMap<>();
            for (String f : List.of("groupId", "artifactId", "version", "classifier", "scope")) {
                m.put(f, text(d, f));
            }
            out.add(m);
        }
        return out;
    }

    private static Map<String, String> properties() throws Exception {
        Element props = (Element)
                pom(Path.of("../pom.xml")).getElementsByTagName("properties").item(0);
        Map<String, String> m = new HashMap<>();
        NodeList children = props.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e) {
                m.put(e.getTagName(), e.getTextContent().trim());
            }
        }
        return m;
    }

    @Test
    void theCudaProfileSwapsTheBackendForCuda116WithCudnn() throws Exception {
        Map<String, String> props = properties();
        assertThat(props)
                .containsEntry("nd4j.cuda.artifact", "nd4j-cuda-11.6")
                .containsEntry("nd4j.cuda.classifier", "linux-x86_64-cudnn")
                .containsEntry("nd4j.version", "1.0.0-M2.1")
                .containsEntry("cuda.redist.version", "11.6-8.3-1.5.7");
        Document pom = pom(Path.of("pom.xml"));
        Element cuda = profile(pom, "cuda");
        assertThat(text(cuda, "activation")).as("never active by default").isEmpty();
        assertThat(dependencies(cuda))
                .extracting(d -> d.get("groupId") + ":" + d.get("artifactId") + ":" + d.get("version") + ":"
                        + d.get("classifier"))
                .containsExactly(
                        "org.nd4j:${nd4j.cuda.artifact}:${nd4j.version}:",
                        "org.nd4j:${nd4j.cuda.artifact}:${nd4j.version}:${nd4j.cuda.classifier}");
        assertThat(dependencies(profile(pom, "cuda-redist")))
                .extracting(d -> d.get("groupId") + ":" + d.get("artifactId") + ":" + d.get("version"))
                .containsExactly("org.bytedeco:cuda-platform-redist:${cuda.redist.version}");
        // the CPU backend only comes through the default profile, which -Pcuda deactivates
        Element cpu = profile(pom, "cpu");
        assertThat(text(cpu, "activeByDefault")).isEqualTo("true");
        assertThat(dependencies(cpu)).extracting(d -> d.get("artifactId")).contains("nd4j-native");
        NodeList top = pom.getDocumentElement().getElementsByTagName("dependencies");
        Element main = (Element) top.item(0);
        assertThat(main.getParentNode().getNodeName()).isEqualTo("project");
        assertThat(dependencies(main))
                .extracting(d -> d.get("artifactId"))
                .doesNotContain("nd4j-native", "${nd4j.cuda.artifact}");
    }

    @Test
    void noCodeDependsOnTheCpuBackend() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (String module :
                List.of("../runtime/src/main", "../processor/src/main", "../samples/src/main", "../spark/src/main")) {
            Path root = Path.of(module);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String s = Files.readString(f);
                    // NativeOpsHolder (org.nd4j.nativeblas, in nd4j-native-api) is not banned: both backends ship it
                    // and
                    // load their own NativeOps through it; NativeThreads sets the OpenMP thread count with it.
                    for (String banned : List.of(
                            "org.nd4j.linalg.cpu",
                            "org.nd4j.nativeblas.Nd4jCpu",
                            "org.nd4j.linalg.jcublas",
                            "CpuNDArrayFactory",
                            "Nd4jCpu")) {
                        if (s.contains(banned)) {
                            offenders.add(f + ": " + banned);
                        }
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void theBackendInUseIsReported() {
        assertThat(Backend.name()).isEqualTo("CPU"); // this machine and CI have no GPU
        assertThat(Backend.describe())
                .startsWith("CPU backend (CpuBackend), 1 device, ")
                .contains(", float, planned engine on ");
    }
}
