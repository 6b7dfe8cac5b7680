package io.ticketd.engine;

import io.ticketd.engine.ingest.Durability;
import io.ticketd.engine.ingest.IngestBatch;
import io.ticketd.engine.ingest.TicketStatus;
import io.ticketd.engine.ingest.ValidatedTicket;
import io.ticketd.engine.query.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readers page live ranges (endDate in the future) while a writer ingests: every
 * reader must see every acknowledged ticket of its scope exactly once, in strictly
 * increasing persistDate order, with no skip and no repeat across pages.
 */
class ConcurrentPagingTest {
    private static final int TICKETS = 20_000;
    private static final String[] ACCOUNTS = {"acme", "globex"};
    private static final String[] STORES = {"S1", "S2", "S3", "S4", "S5"};

    @TempDir
    Path dir;

    @Test
    void shouldNeitherSkipNorRepeatWhilePagingDuringIngest() throws Exception {
        Map<String, List<Long>> acked = new ConcurrentHashMap<>();
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir).withDurability(Durability.NONE))) {
            ExecutorService pool = Executors.newFixedThreadPool(5);
            try {
                List<Future<String>> readers = new ArrayList<>();
                List<String> scopes = List.of("acme|", "acme|S3", "globex|", "globex|S1");
                CopyOnWriteArrayList<Boolean> writerDone = new CopyOnWriteArrayList<>();
                for (int r = 0; r < scopes.size(); r++) {
                    String scope = scopes.get(r);
                    long seed = r;
                    readers.add(pool.submit(() -> read(engine, scope, seed, writerDone, acked)));
                }
                Future<?> writer = pool.submit(() -> write(engine, acked));
                writer.get(120, TimeUnit.SECONDS);
                writerDone.add(true);
                for (Future<String> reader : readers) {
                    assertThat(reader.get(120, TimeUnit.SECONDS)).isEqualTo("ok");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void write(TicketEngine engine, Map<String, List<Long>> acked) {
        Random random = new Random(42);
        int sent = 0;
        while (sent < TICKETS) {
            String account = ACCOUNTS[random.nextInt(ACCOUNTS.length)];
            int n = Math.min(TICKETS - sent, 1 + random.nextInt(50));
            List<ValidatedTicket> tickets = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String store = STORES[random.nextInt(STORES.length)];
                tickets.add(EngineFixture.validated(EngineFixture.ticketJson(store, "T" + (sent + i), 1, sent + i)));
            }
            IngestBatch batch = EngineFixture.ingest(engine, account, tickets);
            for (int i = 0; i < n; i++) {
                assertThat(batch.status(i)).isEqualTo(TicketStatus.CREATED);
                String store = tickets.get(i).storeId();
                acked.computeIfAbsent(account + "|", k -> new CopyOnWriteArrayList<>()).add(batch.persistDate(i));
                acked.computeIfAbsent(account + "|" + store, k -> new CopyOnWriteArrayList<>()).add(batch.persistDate(i));
            }
            sent += n;
        }
    }

    private static String read(TicketEngine engine, String scope, long seed, List<Boolean> writerDone,
                               Map<String, List<Long>> acked) throws Exception {
        Random random = new Random(seed);
        String account = scope.substring(0, scope.indexOf('|'));
        String store = scope.endsWith("|") ? null : scope.substring(scope.indexOf('|') + 1);
        List<Long> seen = new ArrayList<>();
        Page page = engine.page(account, store, 0, Long.MAX_VALUE / 2, 1 + random.nextInt(50));
        boolean writerFinishedBeforePage = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < page.resultCount(); i++) {
                seen.add(page.persistDate(i));
            }
            if (writerFinishedBeforePage && page.resultCount() == 0) {
                // Every ticket was committed before this page was asked for, and it found nothing more:
                // what this reader saw is final.
                List<Long> expected = new ArrayList<>(acked.getOrDefault(scope, List.of()));
                expected.sort(null);
                assertThat(seen).as("pages of %s", scope).isEqualTo(expected);
                return "ok";
            }
            if (page.resultCount() == 0) {
                LockSupport.parkNanos(200_000);
            }
            writerFinishedBeforePage = !writerDone.isEmpty();
            page = engine.page(account, page.cursor());
        }
        throw new AssertionError(scope + " saw " + seen.size() + " tickets before the deadline");
    }
}
