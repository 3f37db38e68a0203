package io.netforge.util;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps SameDiff's chatter off the user's console. SameDiff prints "Added differentiated op …" with a
 * hard-coded {@code System.out.println} for every op of a gradient graph (docs/samediff.md, fact 11); this filters
 * those lines out of {@code System.out} and, for the slf4j-simple binding, lowers ND4J's loggers to WARN. The first
 * trainer installs it (docs/api.md, "Global side effects"); {@code -Dnetforge.quiet=false} leaves {@code System.out}
 * and the loggers alone.
 */
public final class Quiet {
    private static final String[] DROPPED_PREFIXES = {"Added differentiated op"};
    private static PrintStream console;

    private Quiet() {}

    /** Installs the filter once; returns the unfiltered console for our own progress output. */
    public static synchronized PrintStream install() {
        if (console == null && "false".equals(System.getProperty("netforge.quiet"))) {
            return System.out;
        }
        if (console == null) {
            for (String logger : new String[] {"org.nd4j", "org.deeplearning4j", "org.bytedeco"}) {
                String key = "org.slf4j.simpleLogger.log." + logger;
                if (System.getProperty(key) == null) {
                    System.setProperty(key, "warn");
                }
            }
            // Warnings ND4J logs about itself on every start and graph build, not about the user's model.
            for (String logger : new String[] {
                "org.nd4j.imports.converters.ImportClassMapping", "org.nd4j.autodiff.functions.DifferentialFunction"
            }) {
                String key = "org.slf4j.simpleLogger.log." + logger;
                if (System.getProperty(key) == null) {
                    System.setProperty(key, "error");
                }
            }
            console = System.out;
            System.setOut(new PrintStream(new LineFilter(console), true, StandardCharsets.UTF_8));
        }
        return console;
    }

    /** Buffers one line at a time and forwards it unless it is known noise. */
    static final class LineFilter extends OutputStream {
        private final PrintStream target;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        LineFilter(PrintStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                emit();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public synchronized void flush() {
            target.flush();
        }

        private void emit() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            for (String prefix : DROPPED_PREFIXES) {
                if (text.startsWith(prefix)) {
                    return;
                }
            }
            target.print(text);
        }
    }
}
