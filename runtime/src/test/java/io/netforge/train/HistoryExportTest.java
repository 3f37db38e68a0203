package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.train.progress.EpochResult;
import io.netforge.train.state.Numbers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryExportTest {
    private static final double NAN = Double.NaN;

    private static History history(EpochResult... rows) {
        History h = new History();
        for (EpochResult r : rows) {
            h.add(r);
        }
        return h;
    }

    /** Epoch 1 without validation, epoch 2 with, and a learning rate that Java would print as 1.0E-4. */
    private static History twoEpochs() {
        return history(
                new EpochResult(1, 0.5, 0.75, NAN, NAN, 0.001, 1.25),
                new EpochResult(2, 0.25, 0.875, 0.3, 0.9, 1e-4, 2.0, 0.125));
    }

    @Test
    void csvText() {
        assertThat(twoEpochs().toCsv())
                .isEqualTo(""
                        + "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds,data_seconds\n"
                        + "1,0.5,0.75,,,0.001,1.25,\n"
                        + "2,0.25,0.875,0.3,0.9,0.0001,2.0,0.125\n");
        assertThat(new History().toCsv())
                .isEqualTo("epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds,data_seconds\n");
    }

    @Test
    void numbersAreWrittenAsPythonReprAndReadBackExactly() {
        assertThat(Numbers.repr(0.5)).isEqualTo("0.5");
        assertThat(Numbers.repr(2.0)).isEqualTo("2.0");
        assertThat(Numbers.repr(100.0)).isEqualTo("100.0");
        assertThat(Numbers.repr(-3.25)).isEqualTo("-3.25");
        assertThat(Numbers.repr(0.0)).isEqualTo("0.0");
        assertThat(Numbers.repr(-0.0)).isEqualTo("-0.0");
        assertThat(Numbers.repr(1e-4)).isEqualTo("0.0001");
        assertThat(Numbers.repr(1e-5)).isEqualTo("1e-05");
        assertThat(Numbers.repr(1.5e-7)).isEqualTo("1.5e-07");
        assertThat(Numbers.repr(-2.5e-12)).isEqualTo("-2.5e-12");
        assertThat(Numbers.repr(1e15)).isEqualTo("1000000000000000.0");
        assertThat(Numbers.repr(1e16)).isEqualTo("1e+16");
        assertThat(Numbers.repr(1.2345e300)).isEqualTo("1.2345e+300");
        assertThat(Numbers.repr(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(Numbers.repr(Double.NaN)).isEqualTo("nan");
        assertThat(Numbers.repr(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        double[] samples = {
            Math.PI,
            1.0 / 3,
            2.0 / 3 * 1e-9,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            123456.789,
            6.02214076e23,
            0.0009765625
        };
        for (double v : samples) {
            assertThat(Double.parseDouble(Numbers.repr(v))).as(Numbers.repr(v)).isEqualTo(v);
            assertThat(Double.parseDouble(Numbers.repr(-v))).isEqualTo(-v);
        }
    }

    @Test
    void csvRoundTripsExactly(@TempDir Path dir) throws IOException {
        History h = history(
                new EpochResult(1, Math.PI, 1.0 / 3, NAN, NAN, 1e-5, 0.123456789),
                new EpochResult(2, 0.1 + 0.2, 0.5, Double.POSITIVE_INFINITY, 0.0, 3e-4, 12.5),
                new EpochResult(3, 1e-300, 1.0, 0.25, NAN, 0.1, 1e7));
        Path file = dir.resolve("history.csv");
        h.writeCsv(file);
        assertThat(Files.readString(file)).isEqualTo(h.toCsv());
        History back = History.readCsv(file);
        assertThat(back.epochs()).isEqualTo(h.epochs()); // record equality compares doubles bitwise: NaN == NaN
        assertThat(back.sameMetrics(h)).isTrue();
    }

    @Test
    void readCsvIsLenientAboutLayoutAndSpelling() throws IOException {
        String text = "\uFEFFseconds,epoch,val_accuracy,val_loss,loss,accuracy,learning_rate\r\n"
                + "1.5,4,NA,nan,0.5,0.75,1.0E-4\r\n"
                + "2.5,5,0.5,-Infinity,0.25,0.875,0.001\r\n\r\n";
        History h = History.parseCsv(text, "x.csv");
        assertThat(h.epochs())
                .containsExactly(
                        new EpochResult(4, 0.5, 0.75, NAN, NAN, 1e-4, 1.5),
                        new EpochResult(5, 0.25, 0.875, Double.NEGATIVE_INFINITY, 0.5, 0.001, 2.5));
    }

    @Test
    void readCsvReportsFileLineAndColumn(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(
                dir.resolve("bad.csv"),
                "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds\n"
                        + "1,0.5,0.75,,,0.001,1.25\n"
                        + "2,0.5,abc,,,0.001,1.25\n");
        assertThatThrownBy(() -> History.readCsv(bad))
                .isInstanceOf(IOException.class)
                .hasMessage(bad + " line 3, column accuracy: expected a number, found 'abc'");
        assertThatThrownBy(() -> History.parseCsv(
                        "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds\n1,2\n", "f.csv"))
                .hasMessage("f.csv line 2: expected 7 fields, found 2");
        assertThatThrownBy(
                        () -> History.parseCsv("epoch,loss,acc,val_loss,val_accuracy,learning_rate,seconds\n", "f.csv"))
                .hasMessageStartingWith(
                        "f.csv line 1: unexpected column 'acc'; expected the header epoch,loss,accuracy,");
        assertThatThrownBy(() -> History.parseCsv("epoch,loss\n", "f.csv"))
                .hasMessageStartingWith("f.csv line 1: missing column 'accuracy'");
        assertThatThrownBy(() -> History.parseCsv("epoch,loss,loss\n", "f.csv"))
                .hasMessageStartingWith("f.csv line 1: duplicate column 'loss'");
        assertThatThrownBy(() -> History.parseCsv(
                        "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds\n1.5,0,0,0,0,0,0\n", "f.csv"))
                .hasMessage("f.csv line 2, column epoch: expected an integer, found '1.5'");
        assertThatThrownBy(() -> History.parseCsv(
                        "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds\n1,0x1p3,0,0,0,0,0\n",
                        "f.csv"))
                .hasMessage("f.csv line 2, column loss: expected a number, found '0x1p3'");
        assertThatThrownBy(() -> History.parseCsv("", "f.csv")).hasMessageStartingWith("f.csv: empty file");
        Path missing = dir.resolve("missing.csv");
        assertThatThrownBy(() -> History.readCsv(missing))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot read " + missing + ": NoSuchFileException");
        assertThat(History.parseCsv(new History().toCsv(), "empty").size()).isZero();
    }

    @Test
    void jsonText() {
        assertThat(twoEpochs().toJson())
                .isEqualTo(""
                        + "{\n"
                        + "  \"epoch\": [1, 2],\n"
                        + "  \"loss\": [0.5, 0.25],\n"
                        + "  \"accuracy\": [0.75, 0.875],\n"
                        + "  \"val_loss\": [null, 0.3],\n"
                        + "  \"val_accuracy\": [null, 0.9],\n"
                        + "  \"learning_rate\": [0.001, 0.0001],\n"
                        + "  \"seconds\": [1.25, 2.0],\n"
                        + "  \"data_seconds\": [null, 0.125]\n"
                        + "}\n");
    }

    @Test
    void jsonParsesToOneArrayPerColumn() {
        History h = history(
                new EpochResult(1, Math.PI, 1.0 / 3, NAN, NAN, 1e-5, 0.5),
                new EpochResult(2, Double.POSITIVE_INFINITY, 0.5, 1e-300, 0.25, 1e-4, 1e7),
                new EpochResult(3, -0.0, 1.0, 2.5e20, 0.75, 0.1, 3.0));
        Object parsed = new MiniJson(h.toJson()).parse();
        assertThat(parsed).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) parsed;
        assertThat(new ArrayList<Object>(map.keySet())).isEqualTo(History.COLUMNS);
        assertThat(map.get("epoch")).isEqualTo(List.of(1.0, 2.0, 3.0));
        assertThat(map.get("loss")).isEqualTo(Arrays.asList(Math.PI, null, -0.0));
        assertThat(map.get("accuracy")).isEqualTo(List.of(1.0 / 3, 0.5, 1.0));
        assertThat(map.get("val_loss")).isEqualTo(Arrays.asList(null, 1e-300, 2.5e20));
        assertThat(map.get("val_accuracy")).isEqualTo(Arrays.asList(null, 0.25, 0.75));
        assertThat(map.get("learning_rate")).isEqualTo(List.of(1e-5, 1e-4, 0.1));
        assertThat(map.get("seconds")).isEqualTo(List.of(0.5, 1e7, 3.0));

        Map<?, ?> empty = (Map<?, ?>) new MiniJson(new History().toJson()).parse();
        assertThat(new ArrayList<Object>(empty.keySet())).isEqualTo(History.COLUMNS);
        assertThat(empty.values()).allSatisfy(v -> assertThat((List<?>) v).isEmpty());
    }

    @Test
    void miniJsonRejectsInvalidJson() {
        for (String bad : new String[] {
            "{\"a\": [1, 2,]}",
            "{\"a\": NaN}",
            "{\"a\": [1] \"b\": []}",
            "{\"a\": 01}",
            "{\"a\": [1]}x",
            "{a: 1}",
            "{\"a\": Infinity}",
            "{\"a\": .5}",
            "{\"a\": 1.}"
        }) {
            assertThatThrownBy(() -> new MiniJson(bad).parse()).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void writesAtomicallyReplacingTheOldFileWithoutLeftovers(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("history.csv");
        Path json = dir.resolve("history.json");
        Files.writeString(
                csv,
                "old content that is longer than the new content of the file, surely, by a good margin...".repeat(10));
        History h = twoEpochs();
        h.writeCsv(csv);
        h.writeJson(json);
        assertThat(Files.readString(csv)).isEqualTo(h.toCsv());
        assertThat(Files.readString(json)).isEqualTo(h.toJson());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("history.csv", "history.json");
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(json, PosixFileAttributeView.class);
        if (posix != null) { // same permissions as a file created the ordinary way, not createTempFile's owner-only
            Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
            assertThat(Files.getPosixFilePermissions(json)).isEqualTo(Files.getPosixFilePermissions(plain));
        }
    }

    @Test
    void writeFailureNamesTheFile(@TempDir Path dir) throws IOException {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        Path target = notADir.resolve("history.json");
        assertThatThrownBy(() -> twoEpochs().writeJson(target))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(target.toString());
        Path csv = notADir.resolve("history.csv");
        assertThatThrownBy(() -> twoEpochs().writeCsv(csv))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(csv + ": cannot write history (the previous file, if any, is unchanged): ");
    }

    @Test
    void missingDirectoriesAreCreated(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("runs/a/history.csv");
        twoEpochs().writeCsv(csv);
        assertThat(History.readCsv(csv).epochs()).isEqualTo(twoEpochs().epochs());
    }

    @Test
    void filesWithoutTheDataColumnStillRead() throws IOException {
        History h = History.parseCsv(
                "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds\n1,0.5,0.75,,,0.001,1.25\n",
                "old.csv");
        assertThat(h.last().dataSeconds()).isNaN();
        assertThat(h.last().seconds()).isEqualTo(1.25);
    }

    @Test
    void newColumnAccessors() {
        History h = twoEpochs();
        assertThat(h.learningRate()).containsExactly(0.001, 1e-4);
        assertThat(h.seconds()).containsExactly(1.25, 2.0);
    }

    /** A strict RFC 8259 parser for the subset History writes (objects, arrays, strings without escapes, numbers, null). */
    static final class MiniJson {
        private final String s;
        private int i;

        MiniJson(String s) {
            this.s = s;
        }

        Object parse() {
            Object v = value();
            ws();
            if (i != s.length()) {
                throw error("trailing text");
            }
            return v;
        }

        private Object value() {
            ws();
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(i);
            if (c == '{') {
                return object();
            }
            if (c == '[') {
                return array();
            }
            if (c == '"') {
                return string();
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            return number();
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            ws();
            if (peek() == '}') {
                i++;
                return m;
            }
            while (true) {
                ws();
                String key = string();
                ws();
                expect(':');
                if (m.put(key, value()) != null) {
                    throw error("duplicate key " + key);
                }
                ws();
                if (peek() == ',') {
                    i++;
                } else {
                    expect('}');
                    return m;
                }
            }
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            i++;
            ws();
            if (peek() == ']') {
                i++;
                return list;
            }
            while (true) {
                list.add(value());
                ws();
                if (peek() == ',') {
                    i++;
                } else {
                    expect(']');
                    return list;
                }
            }
        }

        private String string() {
            expect('"');
            int start = i;
            while (i < s.length() && s.charAt(i) != '"') {
                if (s.charAt(i) == '\\' || s.charAt(i) < 0x20) {
                    throw error("escapes and control characters are not expected");
                }
                i++;
            }
            String r = s.substring(start, i);
            expect('"');
            return r;
        }

        private Double number() {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                            "-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")
                    .matcher(s);
            if (!m.find(i) || m.start() != i || m.end() == i) {
                throw error("expected a value");
            }
            i = m.end();
            return Double.parseDouble(m.group());
        }

        private void ws() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            i++;
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at offset " + i + " of " + s);
        }
    }
}
