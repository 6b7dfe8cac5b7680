package io.ticketd.engine;

import io.ticketd.engine.ingest.Durability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills an ingesting child JVM with SIGKILL at random moments, over several rounds
 * and both durability settings, and checks after each that every ticket the child
 * saw acknowledged is present exactly once with its acknowledged persistDate, that
 * persistDates strictly increase, and that the next round continues above them.
 */
class CrashSafetyIT {
    private static final int ROUNDS = 6;
    private static final Pattern PERSIST_DATE = Pattern.compile("\"persistDate\":(\\d+),\"revision\":(\\d+)}$");
    private static final Pattern TICKET_ID = Pattern.compile("\"ticketId\":\"([^\"]+)\",\"storeId\":\"([^\"]+)\"");

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryAcknowledgedTicketExactlyOnceAcrossKills() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("CrashSafetyIT seed " + seed + " (rerun with -Dcrash.seed=" + seed + ")");
        Random random = new Random(seed);
        Path data = dir.resolve("data");
        Map<String, Long> acknowledged = new HashMap<>(); // store|ticketId|revision -> persistDate
        long highestAcknowledged = 0;
        int killedMidStream = 0;

        for (int round = 1; round <= ROUNDS; round++) {
            Durability durability = round % 2 == 0 ? Durability.FSYNC : Durability.NONE;
            Path log = dir.resolve("child-" + round + ".log");
            Process child = startChild(data, durability, round, log);
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> readCompleteLines(child.getInputStream(), lines), "child-stdout");
            reader.start();

            int target = 50 + random.nextInt(3000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
            while (lines.size() < target && child.isAlive() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                Thread.yield();
            }
            long extra = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(random.nextInt(20_000));
            while (System.nanoTime() < extra) {
                Thread.onSpinWait();
            }
            assertThat(child.isAlive()).as("child of round %d is running (log %s: %s)", round, log, tail(log)).isTrue();
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(TimeUnit.SECONDS.toMillis(30));
            if (child.exitValue() == 137) {
                killedMidStream++;
            }

            long roundFirst = Long.MAX_VALUE;
            int acksThisRound = 0;
            for (String line : lines) {
                if (!line.startsWith("ACK ")) {
                    continue;
                }
                String[] f = line.split(" ");
                String key = f[1] + "|" + f[2] + "|" + f[3];
                long pd = Long.parseLong(f[4]);
                acksThisRound++;
                Long previous = acknowledged.putIfAbsent(key, pd);
                if (previous != null) {
                    assertThat(pd).as("acknowledged persistDate of %s", key).isEqualTo(previous);
                }
                if (!f[5].equals("DUPLICATE")) {
                    roundFirst = Math.min(roundFirst, pd);
                }
            }
            assertThat(acksThisRound).as("acknowledgements in round %d", round).isGreaterThan(0);
            if (roundFirst != Long.MAX_VALUE) {
                assertThat(roundFirst).as("round %d continues above every earlier persistDate", round)
                        .isGreaterThan(highestAcknowledged);
            }

            try (TicketEngine engine = TicketEngine.open(EngineConfig.at(data))) {
                List<EngineFixture.Result> stored = EngineFixture.walk(engine, "acme", null, 0,
                        engine.lastCommittedPersistDate(), 50);
                Map<String, Long> present = new HashMap<>();
                Set<Long> persistDates = new HashSet<>();
                long previous = -1;
                for (EngineFixture.Result r : stored) {
                    assertThat(r.persistDate()).as("strictly increasing").isGreaterThan(previous);
                    previous = r.persistDate();
                    assertThat(persistDates.add(r.persistDate())).isTrue();
                    Matcher pd = PERSIST_DATE.matcher(r.json());
                    Matcher id = TICKET_ID.matcher(r.json());
                    assertThat(pd.find() && id.find()).as("stored ticket is intact: %s", r.json()).isTrue();
                    assertThat(Long.parseLong(pd.group(1))).isEqualTo(r.persistDate());
                    String key = id.group(2) + "|" + id.group(1) + "|" + pd.group(2);
                    assertThat(present.put(key, r.persistDate())).as("stored once: %s", key).isNull();
                }
                for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
                    assertThat(present.get(ack.getKey())).as("acknowledged %s after round %d (%s)", ack.getKey(),
                            round, durability).isEqualTo(ack.getValue());
                }
                highestAcknowledged = Math.max(highestAcknowledged, previous);
            }
        }
        assertThat(killedMidStream).as("rounds killed by SIGKILL").isEqualTo(ROUNDS);
        assertThat(acknowledged).hasSizeGreaterThan(ROUNDS * 50);
    }

    private static Process startChild(Path data, Durability durability, int round, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmOptions.forChildJvm());
        command.add("-Xmx256m");
        // RocksDB unpacks its native library into the temp directory and deletes it at a clean
        // exit; a killed child leaves it behind, so give the child one the test deletes.
        command.add("-Djava.io.tmpdir=" + log.getParent());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashIngestMain.class.getName());
        command.add(data.toString());
        command.add(durability.name().toLowerCase());
        command.add(Integer.toString(round));
        return new ProcessBuilder(command).redirectError(log.toFile()).start();
    }

    /** Collects lines ended by '\n'; a line cut off by the kill is not an acknowledgement and is dropped. */
    private static void readCompleteLines(InputStream in, List<String> lines) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines.add(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else {
                        line.write(buf[i]);
                    }
                }
            }
        } catch (IOException e) {
            // the pipe closes when the child is killed; what was read is what was acknowledged
        }
    }

    private static String tail(Path log) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
