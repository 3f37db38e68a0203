package io.netforge.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.netforge.io.CheckpointFile;
import io.netforge.train.state.State;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a training process with SIGKILL at 50 random moments (many of them inside a checkpoint write, seen from
 * the temp file the kill leaves behind) and checks after every kill that the newest complete checkpoint loads, that
 * the next process resumes from exactly it, and that no checkpoint is ever damaged. At the end, every checkpoint
 * the interrupted chain produced equals, bit for bit, the same epoch of one uninterrupted run.
 */
class CheckpointCrashTest {
    private static final int KILLS = 50;
    private static final int EPOCHS = 100_000;

    /** What one chain of killed and restarted processes saw. */
    private record Chain(Map<Integer, String> digests, int newest, int midWrite, List<String> log) {}

    @Test
    void sigkillAtRandomMomentsNeverLosesTheLastCheckpoint(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        CrashChild.writeData(data);
        // two chains at once (this machine has 2 cores and a child spends most of its life starting up)
        CompletableFuture<Chain> a = CompletableFuture.supplyAsync(() -> chain(tmp.resolve("a"), data, KILLS / 2, 1));
        CompletableFuture<Chain> b =
                CompletableFuture.supplyAsync(() -> chain(tmp.resolve("b"), data, KILLS - KILLS / 2, 2));
        List<Chain> chains = List.of(a.get(), b.get());
        int midWrite = chains.stream().mapToInt(Chain::midWrite).sum();
        int newest = chains.stream().mapToInt(Chain::newest).max().orElseThrow();
        System.out.printf(
                "%d SIGKILLs, %d inside a checkpoint write; the chains reached epochs %d and %d%n",
                KILLS, midWrite, chains.get(0).newest(), chains.get(1).newest());
        assertThat(midWrite).as("kills inside a write (%s)", chains).isGreaterThanOrEqualTo(KILLS / 4);
        assertThat(chains)
                .allSatisfy(c -> assertThat(c.newest())
                        .as("training made progress across the kills")
                        .isGreaterThan(5));

        // One uninterrupted run to the same epoch, keeping every checkpoint: the same bits at every epoch.
        Path reference = tmp.resolve("reference");
        Process p = start(reference, newest, Integer.MAX_VALUE, data);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(output).contains("DONE " + newest);
        for (Chain c : chains) {
            for (Map.Entry<Integer, String> e : c.digests().entrySet()) {
                CheckpointFile.Contents r =
                        CheckpointFile.read(reference.resolve(String.format("epoch-%04d.nfc", e.getKey())));
                assertThat(e.getValue())
                        .as("epoch %d of an interrupted chain vs the uninterrupted run", e.getKey())
                        .isEqualTo(digest(r));
            }
        }
    }

    /**
     * Starts, kills and restarts a child {@code kills} times in {@code dir}: every other kill lands the moment a checkpoint's
     * temp file appears (inside the write), the others at a random moment of the child's life (start-up, training, or a write).
     */
    private static Chain chain(Path dir, Path data, int kills, long seed) {
        try {
            Random random = new Random(seed);
            Map<Integer, String> digests = new TreeMap<>();
            int newest = 0;
            int midWrite = 0;
            List<String> log = new ArrayList<>();
            for (int kill = 1; kill <= kills; kill++) {
                Process p = start(dir, EPOCHS, 2, data);
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String first = out.readLine();
                assertThat(first).as("the child's first line (%s)", log).startsWith("RESUMED ");
                int resumed = Integer.parseInt(first.split(" ")[1]);
                assertThat(resumed)
                        .as("resumed from the newest checkpoint there was (%s)", log)
                        .isEqualTo(newest);
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the child died
                    }
                });
                drain.start();
                java.util.Set<Path> before = new java.util.HashSet<>(temps(dir));
                if (kill % 2 == 0) {
                    // inside the 2nd or 3rd checkpoint write of this child (after at least one complete one)
                    int target = 2 + random.nextInt(2);
                    java.util.Set<Path> seen = new java.util.HashSet<>();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (p.isAlive() && System.nanoTime() < deadline) {
                        for (Path t : temps(dir)) {
                            if (!before.contains(t)) {
                                seen.add(t);
                            }
                        }
                        if (seen.size() >= target) {
                            break;
                        }
                        java.util.concurrent.locks.LockSupport.parkNanos(300_000);
                    }
                    Thread.sleep(random.nextInt(3));
                } else {
                    Thread.sleep(random.nextInt(4_000));
                }
                p.destroyForcibly(); // SIGKILL on Linux and macOS
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                drain.join();

                boolean inWrite = !before.containsAll(temps(dir));
                if (inWrite) {
                    midWrite++;
                }
                List<Path> files = Checkpoints.list(dir);
                for (Path f : files) {
                    CheckpointFile.read(f); // every complete checkpoint verifies: none is ever damaged
                }
                if (Files.exists(dir.resolve(Checkpoints.BEST))) {
                    CheckpointFile.read(dir.resolve(Checkpoints.BEST));
                }
                if (!files.isEmpty()) {
                    Path last = files.get(files.size() - 1);
                    CheckpointFile.Contents c = CheckpointFile.read(last);
                    int epoch = Integer.parseInt(c.metadata().get("epoch"));
                    assertThat(epoch).as("progress never goes back").isGreaterThanOrEqualTo(newest);
                    newest = epoch;
                    digests.put(epoch, digest(c));
                    // ... and loads into a trainer of the model
                    Trainer t = CrashChild.trainer(EPOCHS, dir, 2);
                    t.loadCheckpoint(last);
                    assertThat(t.epochsDone()).isEqualTo(epoch);
                }
                log.add(kill + ": resumed " + resumed + ", newest " + newest + (inWrite ? ", killed mid-write" : ""));
            }
            return new Chain(digests, newest, midWrite, log);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> temps(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        } catch (java.nio.file.NoSuchFileException | java.io.UncheckedIOException e) {
            return List.of(); // a temp file renamed while listing
        }
    }

    private static Process start(Path dir, int epochs, int keepLast, Path data) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-cp",
                cp,
                CrashChild.class.getName(),
                dir.toString(),
                Integer.toString(epochs),
                Integer.toString(keepLast),
                data.toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /** A digest of every array and of the state metadata that must continue exactly. */
    private static String digest(CheckpointFile.Contents c) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (CheckpointFile.Array a : c.arrays().values()) {
            if (!a.name().startsWith("history/")) { // the history's seconds differ from run to run
                md.update(a.name().getBytes(StandardCharsets.UTF_8));
                md.update(a.data());
            }
        }
        md.update(c.metadata().get("epoch").getBytes(StandardCharsets.UTF_8));
        Map<String, State> states = CheckpointCodec.states(Path.of("checkpoint"), c);
        for (String key : List.of("schedule", "rng", "checkpoints", "optimizer")) {
            md.update(String.valueOf(states.get(key)).getBytes(StandardCharsets.UTF_8));
        }
        // the loop's position, not its range: the chains run for ever, the reference to the chains' newest epoch
        State loop = states.get("loop");
        md.update((loop.getLong("epoch") + "," + loop.getLong("global_step")).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }
}
