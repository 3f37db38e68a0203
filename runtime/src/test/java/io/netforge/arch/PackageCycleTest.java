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
 * No two packages of the runtime depend on each other, directly or through others (docs/architecture.md). The
 * dependencies are read from the compiled classes by the JDK's {@code jdeps}, as
 * {@code jdeps -verbose:package -filter:none runtime/target/classes} prints them.
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

    @Test
    void theCheckFindsACycleWhenThereIsOne() {
        Map<String, Set<String>> edges =
                new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")));
        assertThat(cycle(edges)).containsExactly("a", "b", "c", "a");
        assertThat(cycle(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
    }
}
