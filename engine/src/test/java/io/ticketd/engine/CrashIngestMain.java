package io.ticketd.engine;

import io.ticketd.engine.ingest.Durability;
import io.ticketd.engine.ingest.IngestBatch;
import io.ticketd.engine.ingest.PublishResult;
import io.ticketd.engine.ingest.ValidatedTicket;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The child process of {@link CrashSafetyIT}: ingests tickets (new ones, identical
 * re-sends, revisions) with many batches in flight and prints one line per
 * acknowledged ticket, after its acknowledgement:
 * {@code ACK <store> <ticketId> <revision> <persistDate> <status>}.
 * It runs until killed, or stops by itself after a minute.
 *
 * <p>Arguments: data directory, durability ({@code fsync} or {@code none}), round number.
 */
public final class CrashIngestMain {
    private CrashIngestMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Durability durability = Durability.parse(args[1]);
        int round = Integer.parseInt(args[2]);
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                StandardCharsets.UTF_8), 1 << 16);
        Random random = new Random(round);
        Semaphore inFlight = new Semaphore(16);
        List<String> sent = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir).withDurability(durability))) {
            synchronized (out) {
                out.write("READY " + engine.lastCommittedPersistDate() + "\n");
                out.flush();
            }
            int n = 0;
            while (System.nanoTime() < deadline) {
                List<ValidatedTicket> tickets = new ArrayList<>();
                int size = 1 + random.nextInt(20);
                for (int i = 0; i < size; i++) {
                    int kind = random.nextInt(10);
                    String json;
                    if (kind < 2 && !sent.isEmpty()) {
                        json = sent.get(random.nextInt(sent.size())); // identical re-send
                    } else if (kind < 3 && !sent.isEmpty()) {
                        String old = sent.get(random.nextInt(sent.size())); // a correction
                        json = old.replace("\"total\":", "\"total\":1");
                    } else {
                        String store = "S" + random.nextInt(5);
                        json = EngineFixture.ticketJson(store, "R" + round + "-" + n++, 1_763_000_000_000_000L,
                                random.nextInt(10_000));
                    }
                    sent.add(json);
                    tickets.add(EngineFixture.validated(json));
                }
                inFlight.acquire();
                IngestBatch batch = new IngestBatch("acme", tickets, b -> {
                    print(out, b);
                    inFlight.release();
                });
                PublishResult result;
                while ((result = engine.tryPublish(batch)) == PublishResult.RING_FULL) {
                    LockSupport.parkNanos(100_000);
                }
                if (result != PublishResult.ACCEPTED) {
                    throw new IllegalStateException("publish refused: " + result);
                }
            }
        }
    }

    private static void print(BufferedWriter out, IngestBatch b) {
        if (!b.succeeded()) {
            return;
        }
        try {
            synchronized (out) {
                for (int i = 0; i < b.size(); i++) {
                    ValidatedTicket t = b.tickets().get(i);
                    out.write("ACK " + t.storeId() + " " + t.ticketId() + " " + b.revision(i) + " "
                            + b.persistDate(i) + " " + b.status(i) + "\n");
                }
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
