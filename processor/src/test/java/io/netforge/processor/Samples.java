package io.netforge.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;

/**
 * The tutorials' models, read from the samples module's sources (so the tests check the models users
 * see), and a compiler running the processor.
 */
public final class Samples {
    /** The digits MLP as the samples module declares it: 37,810 parameters. */
    public static final JavaFileObject DIGITS_MLP = sample("DigitsMlp");

    /** The tutorial MNIST CNN as the samples module declares it: 338,006 parameters. */
    public static final JavaFileObject MNIST_CNN = sample("MnistCnn");

    private Samples() {}

    private static JavaFileObject sample(String name) {
        Path file = Path.of(
                System.getProperty("basedir", "."),
                "..",
                "samples",
                "src",
                "main",
                "java",
                "io",
                "netforge",
                "samples",
                name + ".java");
        try {
            return JavaFileObjects.forSourceString("io.netforge.samples." + name, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample model " + file, e);
        }
    }

    public static Compiler javac() {
        return Compiler.javac().withProcessors(new ModelProcessor());
    }

    public static Compilation compile(JavaFileObject... sources) {
        return javac().compile(sources);
    }
}
