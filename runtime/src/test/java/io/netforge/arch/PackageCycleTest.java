package io.netforge.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages keep the layers written in docs/architecture.md: each uses only packages of earlier lines,
 * every package has a line, and no two depend on each other, directly or through others. The dependencies are read
 * from the compiled classes by the JDK's {@code jdeps}, as {@code jdeps -verbose:package -filter:none
 * runtime/target/classes} prints them.
 */
class PackageCycleTest {
    private static final Pattern EDGE = Pattern.compile("^\\s+(io\\.netforge\\S*)\\s+->\\s+(io\\.netforge\\S*)\\s");

    static Map<String, Set<String>> dependencies(Path classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int rc = jdeps.run(
                new PrintWriter(out),
                new PrintWriter(new StringWriter()),
                "-verbose:package",
                "-filter:none",
                classes.toString());
        assertThat(rc).as("jdeps exit code; output:%n%s", out).isZero();
        Map<String, Set<String>> edges = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find()) {
                edges.computeIfAbsent(m.group(1), k -> new TreeSet<>());
                if (!m.group(1).equals(m.group(2))) {
                    edges.get(m.group(1)).add(m.group(2));
                }
            }
        }
        return edges;
    }

    /** A path that comes back to where it started, or empty. */
    static List<String> cycle(Map<String, Set<String>> edges) {
        for (String start : edges.keySet()) {
            List<String> path = new ArrayList<>();
            if (reaches(edges, start, start, path, new TreeSet<>())) {
                path.add(0, start);
                return path;
            }
        }
        return List.of();
    }

    private static boolean reaches(
            Map<String, Set<String>> edges, String from, String target, List<String> path, Set<String> seen) {
        for (String next : edges.getOrDefault(from, Set.of())) {
            if (next.equals(target)) {
                path.add(0, next);
                return true;
            }
            if (seen.add(next) && reaches(edges, next, target, path, seen)) {
                path.add(0, next);
                return true;
            }
        }
        return false;
    }

    @Test
    void theRuntimesPackagesFormNoCycle() {
        Path classes = Path.of("target", "classes");
        assertThat(Files.isDirectory(classes.resolve("io/netforge/train")))
                .as("compiled classes in %s", classes.toAbsolutePath())
                .isTrue();
        Map<String, Set<String>> edges = dependencies(classes);
        System.out.println("runtime package dependencies: " + edges);
        assertThat(edges).containsKeys("io.netforge.train", "io.netforge.report", "io.netforge.summary");
        assertThat(edges.get("io.netforge.report")).contains("io.netforge.train");
        assertThat(cycle(edges)).as("a package cycle").isEmpty();
    }

    /** The layers of docs/architecture.md: the lines of the block after its {@code <!-- layers} marker, lowest first. */
    static Map<String, Integer> layers(Path architecture) throws java.io.IOException {
        List<String> lines = Files.readAllLines(architecture);
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("<!-- layers")) {
                start = i + 2; // the marker, then the fence
                break;
            }
        }
        assertThat(start).as("a <!-- layers --> block in %s", architecture).isPositive();
        Map<String, Integer> layer = new TreeMap<>();
        for (int i = start; !lines.get(i).startsWith("```"); i++) {
            for (String p : lines.get(i).trim().split("\\s+")) {
                assertThat(layer.put(p, i - start)).as("%s listed twice", p).isNull();
            }
        }
        return layer;
    }

    /** Every use of a package of the same or a later layer, as {@code "a -> b"}; packages without a layer as {@code "a"}. */
    static List<String> againstTheLayers(Map<String, Set<String>> edges, Map<String, Integer> layer) {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : edges.entrySet()) {
            Integer from = layer.get(e.getKey());
            if (from == null) {
                wrong.add(e.getKey() + " (no layer)");
                continue;
            }
            for (String to : e.getValue()) {
                Integer target = layer.get(to);
                if (target == null || target >= from) {
                    wrong.add(e.getKey() + " -> " + to);
                }
            }
        }
        return wrong;
    }

    @Test
    void everyPackageUsesOnlyEarlierLayers() throws java.io.IOException {
        Map<String, Integer> layer = layers(Path.of("..", "docs", "architecture.md"));
        Map<String, Set<String>> edges = dependencies(Path.of("target", "classes"));
        assertThat(againstTheLayers(edges, layer))
                .as("uses against docs/architecture.md's layers")
                .isEmpty();
        assertThat(layer.get("io.netforge.train.state")).isLessThan(layer.get("io.netforge.train.engine"));
    }

    @Test
    void theLayerCheckFindsAnUpwardUse() {
        Map<String, Integer> layer = Map.of("low", 0, "mid", 1, "peer", 1, "high", 2);
        Map<String, Set<String>> edges = new TreeMap<>(
                Map.of("low", Set.of("high"), "mid", Set.of("low", "peer"), "high", Set.of("mid"), "new", Set.of()));
        assertThat(againstTheLayers(edges, layer)).containsExactly("low -> high", "mid -> peer", "new (no layer)");
    }

    @Test
    void theCheckFindsACycleWhenThereIsOne() {
        Map<String, Set<String>> edges =
                new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")));
        assertThat(cycle(edges)).containsExactly("a", "b", "c", "a");
        assertThat(cycle(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
    }
}
