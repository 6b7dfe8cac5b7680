package io.ticketd.engine;

import io.ticketd.engine.ingest.IngestBatch;
import io.ticketd.engine.ingest.ValidatedTicket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A walk of one scope (an account, or one store of it) returns that scope's tickets and no
 * other's, whether its index entries are still in memory or in table files with the
 * index's per-scope filters (written when the index is flushed, as on close).
 */
class IndexScopeTest {
    private static final String[] ACCOUNTS = {"acme", "acme2", "globex", "initech"};
    private static final int STORES = 6;

    @TempDir
    Path dir;

    private final Map<String, List<Long>> expected = new HashMap<>();

    @Test
    void shouldWalkEveryScopeFromTableFilesAsFromMemory() throws Exception {
        EngineConfig config = EngineConfig.at(dir);
        try (TicketEngine engine = TicketEngine.open(config)) {
            ingestInterleaved(engine, 0, 30);
            assertEveryScopeWalks(engine);
        }
        try (TicketEngine engine = TicketEngine.open(config)) {
            assertEveryScopeWalks(engine); // every entry now in table files
            ingestInterleaved(engine, 30, 10); // and some in memory beside them
            assertEveryScopeWalks(engine);
        }
    }

    private void ingestInterleaved(TicketEngine engine, int firstTicket, int ticketsPerStore) {
        List<String[]> order = new ArrayList<>();
        for (String account : ACCOUNTS) {
            for (int store = 0; store < STORES; store++) {
                for (int t = firstTicket; t < firstTicket + ticketsPerStore; t++) {
                    order.add(new String[] {account, "S" + store, "T-" + t});
                }
            }
        }
        Collections.shuffle(order, new Random(firstTicket));
        for (String[] ticket : order) { // one a batch: accounts interleave in the index
            String account = ticket[0];
            String store = ticket[1];
            IngestBatch batch = EngineFixture.ingest(engine, account, List.of(
                    EngineFixture.validated(EngineFixture.ticketJson(store, ticket[2], 1, 1))));
            long persistDate = batch.persistDate(0);
            expected.computeIfAbsent(account + "/" + store, k -> new ArrayList<>()).add(persistDate);
            expected.computeIfAbsent(account + "/", k -> new ArrayList<>()).add(persistDate);
        }
    }

    private void assertEveryScopeWalks(TicketEngine engine) {
        long end = engine.lastCommittedPersistDate();
        for (String account : ACCOUNTS) {
            assertThat(persistDates(EngineFixture.walk(engine, account, null, 0, end, 7)))
                    .as("account %s", account).isEqualTo(expected.get(account + "/"));
            for (int store = 0; store < STORES; store++) {
                assertThat(persistDates(EngineFixture.walk(engine, account, "S" + store, 0, end, 7)))
                        .as("store S%d of %s", store, account).isEqualTo(expected.get(account + "/S" + store));
            }
            assertThat(EngineFixture.walk(engine, account, "S" + STORES, 0, end, 7)).as("a store with no tickets")
                    .isEmpty();
        }
        assertThat(EngineFixture.walk(engine, "hooli", null, 0, end, 7)).as("an account with no tickets").isEmpty();
    }

    private static List<Long> persistDates(List<EngineFixture.Result> results) {
        List<Long> out = new ArrayList<>(results.size());
        for (EngineFixture.Result r : results) {
            out.add(r.persistDate());
        }
        return out;
    }
}
