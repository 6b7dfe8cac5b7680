package io.ticketd.engine.monitoring;

import io.ticketd.engine.EngineConfig;
import io.ticketd.engine.EngineFixture;
import io.ticketd.engine.TestClock;
import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.index.IndexStore;
import io.ticketd.engine.ingest.PublishResult;
import io.ticketd.engine.journal.Journal;
import io.ticketd.engine.journal.JournalRecord;
import io.ticketd.engine.journal.RecordType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StationMonitoringTest {
    private static final long START = 1_763_000_000_000_000L;

    @TempDir
    Path dir;

    private static StationPush push(TicketEngine engine, String store, int status, long time) throws Exception {
        CompletableFuture<StationPush> done = new CompletableFuture<>();
        StationPush push = new StationPush("acme", store, status, time, 1_763_000_000L, true, done::complete);
        assertThat(engine.tryPublish(push)).isEqualTo(PublishResult.ACCEPTED);
        StationPush committed = done.get(30, TimeUnit.SECONDS);
        assertThat(committed.succeeded()).isTrue();
        return committed;
    }

    @Test
    void shouldTrackStatusSinceWhenLastPushAndChangesNewestFirst() throws Exception {
        TestClock clock = new TestClock(START);
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir).withClock(clock))) {
            long p1 = push(engine, "S1", 0, 1_763_000_000L).persistDate();
            clock.advance(1_000_000);
            push(engine, "S1", 0, 1_763_000_001L);
            clock.advance(1_000_000);
            long p3 = push(engine, "S1", 2, 1_763_000_002L).persistDate();
            clock.advance(1_000_000);
            long p4 = push(engine, "S1", 2, 1_763_000_003L).persistDate();

            StationState s = engine.station("acme", "S1");
            assertThat(s.status()).isEqualTo(2);
            assertThat(s.since()).isEqualTo(p3);
            assertThat(s.lastPush()).isEqualTo(p4);
            assertThat(s.lastPushTime()).isEqualTo(1_763_000_003L);
            assertThat(s.pushes()).isEqualTo(4);
            assertThat(s.cloudOnline()).isTrue();
            assertThat(s.receivedFromCloud()).isEqualTo(1_763_000_000L);
            assertThat(s.history()).containsExactly(new StationState.Change(2, p3, 1_763_000_002L),
                    new StationState.Change(0, p1, 1_763_000_000L));
            assertThat(engine.station("acme", "S2")).isNull();
            assertThat(engine.station("globex", "S1")).isNull();
        }
    }

    @Test
    void shouldKeepOnlyTheLast100Changes() throws Exception {
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir))) {
            for (int i = 0; i < 130; i++) {
                push(engine, "S1", i % 2 == 0 ? 0 : 5, 1_763_000_000L + i);
            }
            StationState s = engine.station("acme", "S1");
            assertThat(s.history()).hasSize(StationState.HISTORY);
            assertThat(s.history().get(0).time()).isEqualTo(1_763_000_129L);
            assertThat(s.pushes()).isEqualTo(130);
        }
    }

    @Test
    void shouldKeepTheStateAcrossRestartAndRebuildItFromTheJournal() throws Exception {
        StationState before;
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir))) {
            push(engine, "S1", 3, 1_763_000_000L);
            EngineFixture.ingest(engine, "acme", EngineFixture.ticketJson("S1", "T1", 1, 5));
            push(engine, "S1", 6, 1_763_000_100L);
            push(engine, "S2", 0, 1_763_000_200L);
            before = engine.station("acme", "S1");
        }
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir))) {
            assertThat(engine.station("acme", "S1")).isEqualTo(before);
            assertThat(engine.stations("acme")).extracting(StationState::storeId).containsExactly("S1", "S2");
        }
        IndexStore.destroy(dir.resolve(TicketEngine.INDEX_DIRECTORY));
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir))) {
            assertThat(engine.station("acme", "S1")).isEqualTo(before);
            EngineFixture.Result ticket = EngineFixture.walk(engine, "acme", null, 0, engine.lastCommittedPersistDate(),
                    50).get(0);
            assertThat(engine.lastTicketDate("acme", "S1")).isEqualTo(ticket.persistDate());
            assertThat(engine.lastTicketDate("acme", "S2")).isEqualTo(-1);
        }
    }

    @Test
    void shouldJournalEachPushAsATypedRecordBesideTheTickets() throws Exception {
        long pushed;
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir))) {
            EngineFixture.ingest(engine, "acme", EngineFixture.ticketJson("S1", "T1", 1, 5));
            pushed = push(engine, "S1", 5, 1_763_000_000L).persistDate();
        }
        try (Journal journal = Journal.open(dir.resolve(TicketEngine.JOURNAL_DIRECTORY));
             Journal.Reader reader = journal.reader().toStart()) {
            JournalRecord r = new JournalRecord();
            assertThat(reader.next(r)).isTrue();
            assertThat(r.type()).isEqualTo(RecordType.TICKET);
            assertThat(reader.next(r)).isTrue();
            assertThat(r.type()).isEqualTo(RecordType.STATION_STATUS);
            assertThat(r.persistDate()).isEqualTo(pushed);
            assertThat(r.account()).isEqualTo("acme");
            assertThat(r.store()).isEqualTo("S1");
            assertThat(r.stationStatus()).isEqualTo(5);
            assertThat(r.pushTime()).isEqualTo(1_763_000_000L);
            assertThat(r.cloudOnline()).isTrue();
            assertThat(reader.next(r)).isFalse();
        }
    }

    @Test
    void shouldRefuseAnInvalidStatusCode() {
        for (int code : new int[]{-1, 1, 4, 7, 99}) {
            assertThatThrownBy(() -> new StationPush("acme", "S1", code, 1, null, null, p -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0, 2, 3, 5, 6");
        }
        assertThat(List.of(0, 2, 3, 5, 6)).allMatch(StationStatusCode::isValid);
        assertThat(StationStatusCode.meaning(3)).isEqualTo("The list of files from the cash register cannot be received");
    }
}
