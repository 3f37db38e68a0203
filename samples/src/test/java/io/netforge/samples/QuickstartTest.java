package io.netforge.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user outside this repository gets: the quick-start project is the one docs/getting-started.md shows (so the
 * page cannot drift from what ./test.sh builds and runs, scripts/quickstart-check.sh), and the processor jar works
 * alone on a processor path with only the annotations jar on the class path.
 */
class QuickstartTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void gettingStartedShowsTheQuickstartProjectAsItIs() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/getting-started.md"));
        assertThat(doc).contains(Files.readString(ROOT.resolve("quickstart/pom.xml")));
        for (String file : List.of("FashionMlp.java", "Main.java")) {
            String source = Files.readString(ROOT.resolve("quickstart/src/main/java/com/example/quickstart")
                    .resolve(file));
            assertThat(doc).as(file).contains(source.substring(source.indexOf("/**")));
        }
    }

    private static Path jar(String module, String artifact) throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve(module).resolve("target"))) {
            return files.filter(p -> p.getFileName().toString().matches(artifact + "-[0-9][^-]*(-SNAPSHOT)?\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no " + artifact + " jar in " + module + "/target: run mvn package"));
        }
    }

    @Test
    void theProcessorJarWorksAloneOnAProcessorPath(@TempDir Path dir) throws IOException {
        Path processor = jar("processor", "netforge-processor");
        Path annotations = jar("annotations", "netforge-annotations");
        try (JarFile j = new JarFile(processor.toFile())) {
            assertThat(j.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                    .isEqualTo("io.netforge.processor");
            assertThat(j.getEntry("com/palantir/javapoet/TypeName.class"))
                    .as("JavaPoet is relocated")
                    .isNull();
            assertThat(j.getEntry("io/netforge/processor/shaded/javapoet/TypeName.class"))
                    .isNotNull();
        }
        try (JarFile j = new JarFile(annotations.toFile())) {
            assertThat(j.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                    .isEqualTo("io.netforge.annotations");
            assertThat(j.stream().filter(e -> e.getName().endsWith(".class")).map(e -> e.getName()))
                    .allMatch(n -> n.startsWith("io/netforge/annotations/"));
        }
        // a library that only declares models: the model compiles and is checked with nothing else on either path
        Path model = ROOT.resolve("quickstart/src/main/java/com/example/quickstart/FashionMlp.java");
        Path generated = Files.createDirectories(dir.resolve("generated"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ToolProvider.findFirst("javac")
                .orElseThrow()
                .run(
                        System.out,
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        "-processorpath",
                        processor.toString(),
                        "-cp",
                        annotations.toString(),
                        "-s",
                        generated.toString(),
                        "-d",
                        classes.toString(),
                        model.toString());
        assertThat(rc).as("javac: %s", err).isZero();
        assertThat(classes.resolve("com/example/quickstart/FashionMlp.class")).exists();
        assertThat(classes.resolve("com/example/quickstart/FashionMlp.summary.txt"))
                .exists();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("com.example.quickstart.FashionMlp: checked; NetForge generated"
                        + " no graph or trainer because netforge-runtime is not on the class path");

        // and its checks run: a mistake is a javac error on that element
        Path broken = Files.createDirectories(dir.resolve("src/com/example")).resolve("Broken.java");
        Files.writeString(
                broken,
                "package com.example;\n\nimport io.netforge.annotations.*;\n\n"
                        + "@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)\n"
                        + "public abstract class Broken {\n    @Dropout(1.5) Layer d;\n    @Flatten Layer f;\n    @Dense(10) Layer out;\n}\n");
        err.reset();
        rc = ToolProvider.findFirst("javac")
                .orElseThrow()
                .run(
                        System.out,
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        "-processorpath",
                        processor.toString(),
                        "-cp",
                        annotations.toString(),
                        "-s",
                        generated.toString(),
                        "-d",
                        classes.toString(),
                        broken.toString());
        assertThat(rc).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Broken.java:7: error:")
                .contains("@Dropout");
    }
}
