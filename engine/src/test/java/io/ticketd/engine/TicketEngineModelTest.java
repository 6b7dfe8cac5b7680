package io.ticketd.engine;

import io.ticketd.engine.ingest.Durability;
import io.ticketd.engine.ingest.IngestBatch;
import io.ticketd.engine.ingest.TicketStatus;
import io.ticketd.engine.ingest.TicketValidationException;
import io.ticketd.engine.ingest.TicketValidator;
import io.ticketd.engine.ingest.ValidatedTicket;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the engine with random sequences of ingests (new tickets, identical
 * re-sends, revisions, back-dated tickets, tickets without storeId filled from the
 * credential, repeats inside one batch; several accounts sharing store names),
 * queries with page sizes 1 to 50, close/reopen with the clock stepped back, and
 * index rebuilds, and checks every answer against a plain in-memory model.
 */
class TicketEngineModelTest {
    private static final String[] ACCOUNTS = {"acme", "globex", "initech"};
    private static final String[] STORES = {"S1", "S2", "S3", "S4"};
    private static final long DAY = 86_400_000_000L;
    private static final long START = 1_763_000_000_000_000L;

    @TempDir
    Path dir;

    /** One acknowledged, stored revision as the model expects to page it back. */
    private record Revision(String account, String store, String ticketId, String sent, boolean storeFilled,
                            long persistDate, int revision) {
        String stored() {
            String head = sent.substring(0, sent.length() - 1);
            return head + (storeFilled ? ",\"storeId\":\"" + store + "\"" : "")
                    + ",\"persistDate\":" + persistDate + ",\"revision\":" + revision + "}";
        }
    }

    private final Map<String, Revision> latest = new HashMap<>();
    private final Map<String, List<String>> sentByKey = new HashMap<>();
    private final List<Revision> all = new ArrayList<>();
    private long lastPersistDate;
    private int ticketsSent;

    @ParameterizedTest(name = "seed {0}, durability {1}")
    @CsvSource({"1, NONE", "2, NONE", "3, FSYNC", "4, NONE", "5, NONE"})
    void shouldAgreeWithTheModel(long seed, Durability durability) throws Exception {
        Random random = new Random(seed);
        TestClock clock = new TestClock(START);
        EngineConfig config = EngineConfig.at(dir).withDurability(durability).withClock(clock);
        TicketEngine engine = TicketEngine.open(config);
        try {
            for (int op = 0; op < 400; op++) {
                clock.advance(random.nextInt(3000));
                int dice = random.nextInt(100);
                if (dice < 55) {
                    ingest(engine, random);
                } else if (dice < 94) {
                    query(engine, random);
                } else if (dice < 98) {
                    engine.close();
                    if (random.nextBoolean()) {
                        clock.advance(-3_600_000_000L); // the wall clock steps back an hour over the restart
                    }
                    engine = TicketEngine.open(config);
                } else {
                    engine.close();
                    TicketEngine.rebuildIndex(dir, applied -> { });
                    engine = TicketEngine.open(config);
                }
            }
            for (String account : ACCOUNTS) {
                assertThat(walk(engine, account, null, 0, lastPersistDate, 50))
                        .isEqualTo(expected(account, null, 0, lastPersistDate));
            }
        } finally {
            engine.close();
        }
        assertThat(ticketsSent).isGreaterThan(500);
        assertThat(all.stream().filter(r -> r.revision() > 1).count()).as("revisions stored").isGreaterThan(20);
    }

    private void ingest(TicketEngine engine, Random random) {
        String account = ACCOUNTS[random.nextInt(ACCOUNTS.length)];
        int size = 1 + random.nextInt(15);
        List<ValidatedTicket> tickets = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> sentDocs = new ArrayList<>();
        List<Boolean> filled = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String store;
            String ticketId;
            String json;
            boolean omitStore = false;
            int kind = random.nextInt(100);
            List<String> existing = existingKeys(account);
            if (kind < 10 && !keys.isEmpty()) { // again, inside this very batch
                int j = random.nextInt(keys.size());
                String[] parts = keys.get(j).split("\\|");
                store = parts[1];
                ticketId = parts[2];
                json = random.nextBoolean() ? sentDocs.get(j) : doc(ticketId, store, random, false);
                omitStore = filled.get(j) && json.equals(sentDocs.get(j));
            } else if (kind < 35 && !existing.isEmpty()) { // identical re-send of the latest revision
                Revision r = latest.get(existing.get(random.nextInt(existing.size())));
                store = r.store();
                ticketId = r.ticketId();
                json = r.sent();
                omitStore = r.storeFilled();
            } else if (kind < 50 && !existing.isEmpty()) { // a correction: new content, or an older revision's
                String key = existing.get(random.nextInt(existing.size()));
                Revision r = latest.get(key);
                store = r.store();
                ticketId = r.ticketId();
                List<String> history = sentByKey.get(key);
                json = random.nextInt(4) == 0 ? history.get(random.nextInt(history.size()))
                        : doc(ticketId, store, random, false);
                omitStore = json.equals(r.sent()) && r.storeFilled();
            } else { // a new ticket, sometimes back-dated, sometimes without storeId
                store = STORES[random.nextInt(STORES.length)];
                ticketId = store + "-" + random.nextInt(1_000_000_000);
                omitStore = random.nextInt(10) == 0;
                json = doc(ticketId, store, random, omitStore);
            }
            if (!json.contains("\"storeId\"")) {
                omitStore = true;
            }
            tickets.add(validate(json, omitStore ? store : null));
            keys.add(account + "|" + store + "|" + ticketId);
            sentDocs.add(json);
            filled.add(omitStore);
        }
        ticketsSent += size;

        IngestBatch batch = EngineFixture.ingest(engine, account, tickets);
        for (int i = 0; i < size; i++) {
            String key = keys.get(i);
            Revision previous = latest.get(key);
            long pd = batch.persistDate(i);
            if (previous != null && previous.sent().equals(sentDocs.get(i))) {
                assertThat(batch.status(i)).as("status of %s", key).isEqualTo(TicketStatus.DUPLICATE);
                assertThat(pd).isEqualTo(previous.persistDate());
                assertThat(batch.revision(i)).isEqualTo(previous.revision());
                continue;
            }
            int revision = previous == null ? 1 : previous.revision() + 1;
            assertThat(batch.status(i)).as("status of %s", key)
                    .isEqualTo(previous == null ? TicketStatus.CREATED : TicketStatus.REVISED);
            assertThat(batch.revision(i)).isEqualTo(revision);
            assertThat(pd).as("persistDate strictly increasing").isGreaterThan(lastPersistDate);
            lastPersistDate = pd;
            String[] parts = key.split("\\|");
            Revision r = new Revision(account, parts[1], parts[2], sentDocs.get(i), filled.get(i), pd, revision);
            latest.put(key, r);
            sentByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(sentDocs.get(i));
            all.add(r);
        }
    }

    private void query(TicketEngine engine, Random random) {
        String account = ACCOUNTS[random.nextInt(ACCOUNTS.length)];
        String store = random.nextBoolean() ? null : STORES[random.nextInt(STORES.length)];
        long start = all.isEmpty() || random.nextInt(4) == 0 ? 0 : all.get(random.nextInt(all.size())).persistDate();
        long end = random.nextInt(3) == 0 || all.isEmpty() ? lastPersistDate
                : Math.max(start, all.get(random.nextInt(all.size())).persistDate());
        end = Math.max(end, start);
        int pageSize = random.nextInt(3) == 0 ? 1 + random.nextInt(50) : 1 + random.nextInt(5);
        assertThat(walk(engine, account, store, start, end, pageSize))
                .as("%s store %s [%d, %d] by %d", account, store, start, end, pageSize)
                .isEqualTo(expected(account, store, start, end));
    }

    private static List<String> walk(TicketEngine engine, String account, String store, long start, long end, int size) {
        List<String> out = new ArrayList<>();
        for (EngineFixture.Result r : EngineFixture.walk(engine, account, store, start, end, size)) {
            out.add(r.persistDate() + " " + r.json());
        }
        return out;
    }

    private List<String> expected(String account, String store, long start, long end) {
        List<String> out = new ArrayList<>();
        for (Revision r : all) {
            if (r.account().equals(account) && (store == null || r.store().equals(store))
                    && r.persistDate() >= start && r.persistDate() <= end) {
                out.add(r.persistDate() + " " + r.stored());
            }
        }
        return out;
    }

    private List<String> existingKeys(String account) {
        List<String> keys = new ArrayList<>();
        for (String k : latest.keySet()) {
            if (k.startsWith(account + "|")) {
                keys.add(k);
            }
        }
        keys.sort(null);
        return keys;
    }

    private static String doc(String ticketId, String store, Random random, boolean omitStore) {
        long startDate = START + random.nextInt(1_000_000_000);
        if (random.nextInt(50) == 0) {
            startDate -= (1 + random.nextInt(29)) * DAY; // rung up offline, sent late
        }
        int total = 49 + random.nextInt(20_000);
        return "{\"ticketId\":\"" + ticketId + "\"" + (omitStore ? "" : ",\"storeId\":\"" + store + "\"")
                + ",\"registerId\":\"R" + (1 + random.nextInt(4)) + "\",\"type\":\"SALE\",\"startDate\":" + startDate
                + ",\"items\":[{\"line\":1,\"amount\":" + total + "}],\"total\":" + total + "}";
    }

    private static ValidatedTicket validate(String json, String defaultStore) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try {
            return TicketValidator.validate(bytes, 0, bytes.length, defaultStore);
        } catch (TicketValidationException e) {
            throw new AssertionError(e);
        }
    }

}
