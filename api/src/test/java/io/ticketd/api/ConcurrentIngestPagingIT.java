package io.ticketd.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketd.engine.ingest.Durability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readers page a live range over HTTP while writers ingest: each reader sees every
 * acknowledged ticket of its scope exactly once, in strictly increasing persistDate.
 */
class ConcurrentIngestPagingIT {
    @TempDir
    Path dir;

    @Test
    void shouldNeitherSkipNorRepeatWhilePagingDuringIngest() throws Exception {
        try (ServerFixture s = ServerFixture.start(dir, e -> e.withDurability(Durability.NONE), c -> c)) {
            String account = s.createAccount("Acme");
            s.createStore(account, "S1");
            s.createStore(account, "S2");
            String key = s.accessKey(account, "[\"tickets:read\",\"tickets:write\"]", null);
            List<Long> ackedAll = new CopyOnWriteArrayList<>();
            List<Long> ackedS2 = new CopyOnWriteArrayList<>();
            AtomicBoolean writersDone = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                Future<List<Long>> all = pool.submit(() -> read(s, key, "", writersDone));
                Future<List<Long>> s2 = pool.submit(() -> read(s, key, "&storeId=S2", writersDone));
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    int writer = w;
                    writers.add(pool.submit(() -> {
                        for (int b = 0; b < 40; b++) {
                            StringBuilder body = new StringBuilder("[");
                            for (int i = 0; i < 25; i++) {
                                body.append(i == 0 ? "" : ",").append("{\"ticketId\":\"W").append(writer).append('-')
                                        .append(b).append('-').append(i).append("\",\"storeId\":\"S").append(1 + i % 2)
                                        .append("\",\"startDate\":1}");
                            }
                            JsonNode results = s.post("/apip/tickets", key, body.append(']').toString()).ok(200)
                                    .json().at("/content/results");
                            for (JsonNode r : results) {
                                ackedAll.add(r.get("persistDate").asLong());
                                if (r.get("storeId").asText().equals("S2")) {
                                    ackedS2.add(r.get("persistDate").asLong());
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : writers) {
                    f.get(120, TimeUnit.SECONDS);
                }
                writersDone.set(true);
                List<Long> expectedAll = new ArrayList<>(ackedAll);
                expectedAll.sort(null);
                List<Long> expectedS2 = new ArrayList<>(ackedS2);
                expectedS2.sort(null);
                assertThat(all.get(120, TimeUnit.SECONDS)).isEqualTo(expectedAll).hasSize(2000);
                assertThat(s2.get(120, TimeUnit.SECONDS)).isEqualTo(expectedS2);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Pages a live tail until the writers are done and a page asked for after that is empty. */
    private static List<Long> read(ServerFixture s, String key, String filter, AtomicBoolean writersDone) throws Exception {
        List<Long> seen = new ArrayList<>();
        JsonNode page = s.get("/apip/tickets?startDate=0&endDate=" + Long.MAX_VALUE / 2 + "&maxPageSize=17" + filter, key)
                .ok(200).json().at("/content");
        boolean doneBeforePage = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            long previous = seen.isEmpty() ? -1 : seen.get(seen.size() - 1);
            for (JsonNode t : page.get("results")) {
                long pd = t.get("persistDate").asLong();
                assertThat(pd).isGreaterThan(previous);
                previous = pd;
                seen.add(pd);
            }
            if (doneBeforePage && page.get("resultCount").asInt() == 0) {
                return seen;
            }
            if (page.get("resultCount").asInt() == 0) {
                LockSupport.parkNanos(1_000_000);
            }
            doneBeforePage = writersDone.get();
            page = s.get("/apip/tickets?cursor=" + page.get("cursor").asText(), key).ok(200).json().at("/content");
        }
        throw new AssertionError("reader did not finish; saw " + seen.size());
    }
}
