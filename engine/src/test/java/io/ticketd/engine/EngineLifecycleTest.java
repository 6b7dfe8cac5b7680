package io.ticketd.engine;

import io.ticketd.engine.ingest.Durability;
import io.ticketd.engine.ingest.IngestBatch;
import io.ticketd.engine.ingest.PublishResult;
import io.ticketd.engine.ingest.TicketStatus;
import io.ticketd.engine.ingest.ValidatedTicket;
import io.ticketd.engine.internal.DataDirectoryLock;
import io.ticketd.engine.query.InvalidQueryException;
import io.ticketd.engine.query.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineLifecycleTest {
    private static final long START = 1_763_000_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void shouldContinuePersistDateAboveTheLastOneAfterReopenEvenIfTheClockWentBack() throws Exception {
        TestClock clock = new TestClock(START);
        EngineConfig config = EngineConfig.at(dir).withClock(clock);
        long last;
        try (TicketEngine engine = TicketEngine.open(config)) {
            last = EngineFixture.ingest(engine, "acme", EngineFixture.ticketJson("S1", "A", 1, 1),
                    EngineFixture.ticketJson("S1", "B", 1, 1)).persistDate(1);
        }
        assertThat(last).isEqualTo(START + 1);
        clock.set(START - 86_400_000_000L);
        try (TicketEngine engine = TicketEngine.open(config)) {
            IngestBatch batch = EngineFixture.ingest(engine, "acme", EngineFixture.ticketJson("S1", "C", 1, 1));
            assertThat(batch.persistDate(0)).isEqualTo(last + 1);
        }
    }

    @Test
    void shouldKeepPersistDateStrictlyIncreasingWhenTheClockStepsBackWhileRunning() throws Exception {
        TestClock clock = new TestClock(START);
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir).withClock(clock))) {
            long a = EngineFixture.ingest(engine, "acme", EngineFixture.ticketJson("S1", "A", 1, 1)).persistDate(0);
            clock.set(START - 5_000_000);
            long b = EngineFixture.ingest(engine, "acme", EngineFixture.ticketJson("S1", "B", 1, 1)).persistDate(0);
            assertThat(b).isGreaterThan(a);
        }
    }

    @Test
    void shouldRefuseASecondOpenOfTheSameDataDirectory() throws Exception {
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir))) {
            assertThat(engine.failure()).isNull();
            assertThatThrownBy(() -> TicketEngine.open(EngineConfig.at(dir)))
                    .isInstanceOf(DataDirectoryLock.DataDirectoryLockedException.class)
                    .hasMessageContaining("in use by another ticketd process");
            assertThatThrownBy(() -> TicketEngine.rebuildIndex(dir, n -> { }))
                    .isInstanceOf(DataDirectoryLock.DataDirectoryLockedException.class);
        }
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir))) {
            assertThat(engine.failure()).isNull();
        }
    }

    @Test
    void shouldAcknowledgeEverythingAcceptedBeforeCloseAndRefuseAfter() throws Exception {
        List<CompletableFuture<IngestBatch>> pending = new ArrayList<>();
        TicketEngine engine = TicketEngine.open(EngineConfig.at(dir).withDurability(Durability.FSYNC));
        for (int b = 0; b < 200; b++) {
            List<ValidatedTicket> tickets = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                tickets.add(EngineFixture.validated(EngineFixture.ticketJson("S1", "T" + b + "-" + i, 1, i)));
            }
            pending.add(EngineFixture.publish(engine, "acme", tickets));
        }
        engine.close();
        for (CompletableFuture<IngestBatch> p : pending) {
            assertThat(p.isDone()).isTrue();
            assertThat(p.get().succeeded()).isTrue();
        }
        assertThat(engine.tryPublish(new IngestBatch("acme",
                List.of(EngineFixture.validated(EngineFixture.ticketJson("S1", "late", 1, 1))), b -> { })))
                .isEqualTo(PublishResult.UNAVAILABLE);
        try (TicketEngine reopened = TicketEngine.open(EngineConfig.at(dir))) {
            assertThat(EngineFixture.walk(reopened, "acme", null, 0, reopened.lastCommittedPersistDate(), 50))
                    .hasSize(1000);
        }
    }

    @Test
    void shouldCommitWhatWasAcceptedEvenWhenClosedRightAfterOpening() throws Exception {
        for (int round = 0; round < 20; round++) {
            CompletableFuture<IngestBatch> accepted;
            try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir).withDurability(Durability.NONE))) {
                accepted = EngineFixture.publish(engine, "acme",
                        List.of(EngineFixture.validated(EngineFixture.ticketJson("S1", "R" + round, 1, 1))));
            }
            assertThat(accepted).as("round %d", round).isDone();
            assertThat(accepted.get().succeeded()).isTrue();
        }
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir))) {
            assertThat(EngineFixture.walk(engine, "acme", null, 0, engine.lastCommittedPersistDate(), 50)).hasSize(20);
        }
    }

    @Test
    void shouldExhaustARangeEndingNowOnAnIdleEngine() throws Exception {
        TestClock clock = new TestClock(START);
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir).withClock(clock))) {
            EngineFixture.ingest(engine, "acme", EngineFixture.ticketJson("S1", "A", 1, 1));
            long end = clock.advance(1_000_000); // "now", a second after the only ticket
            Page page = engine.page("acme", null, 0, end, 50);
            assertThat(page.resultCount()).isEqualTo(1);
            assertThat(page.cursor()).as("nothing says yet that no ticket will get persistDate " + end).isNotNull();
            clock.advance(10); // time passes on the idle engine
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (page.cursor() != null && System.nanoTime() < deadline) {
                assertThat(page.resultCount()).isLessThanOrEqualTo(1);
                page = engine.page("acme", page.cursor());
            }
            assertThat(page.cursor()).as("the idle engine's horizon passes endDate").isNull();
        }
    }

    @Test
    void shouldNotExposeATicketBeforeItsCommitIsAcknowledged() throws Exception {
        TestClock clock = new TestClock(START);
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir).withClock(clock))) {
            EngineFixture.ingest(engine, "acme", EngineFixture.ticketJson("S1", "A", 1, 1));
            clock.block();
            CompletableFuture<IngestBatch> held = EngineFixture.publish(engine, "acme",
                    List.of(EngineFixture.validated(EngineFixture.ticketJson("S1", "B", 1, 1))));
            clock.awaitBlockedCaller();
            Page page = engine.page("acme", null, 0, Long.MAX_VALUE / 2, 50);
            assertThat(page.resultCount()).isEqualTo(1);
            assertThat(held).isNotDone();
            clock.release();
            assertThat(held.get(30, TimeUnit.SECONDS).succeeded()).isTrue();
            assertThat(engine.page("acme", page.cursor()).resultCount()).isEqualTo(1);
        } finally {
            clock.release();
        }
    }

    @Test
    void shouldRejectQueryParametersOutsideTheContract() throws Exception {
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir))) {
            assertThatThrownBy(() -> engine.page("acme", null, 0, 10, 0))
                    .isInstanceOf(InvalidQueryException.class).hasMessageStartingWith("maxPageSize");
            assertThatThrownBy(() -> engine.page("acme", null, 0, 10, 51))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("got 51");
            assertThatThrownBy(() -> engine.page("acme", null, 10, 9, 5))
                    .isInstanceOf(InvalidQueryException.class).hasMessageStartingWith("endDate");
            assertThatThrownBy(() -> engine.page("acme", null, -1, 9, 5))
                    .isInstanceOf(InvalidQueryException.class).hasMessageStartingWith("startDate");
            assertThatThrownBy(() -> engine.page("acme", "bad store", 0, 9, 5))
                    .isInstanceOf(InvalidQueryException.class).hasMessageStartingWith("storeId");
            assertThatThrownBy(() -> engine.page("", null, 0, 9, 5))
                    .isInstanceOf(InvalidQueryException.class).hasMessageStartingWith("account");
        }
    }

    @Test
    void shouldRejectARingSizeThatIsNotAPowerOfTwoOrTooSmall() {
        assertThatThrownBy(() -> EngineConfig.at(dir).withRingSize(1000)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> EngineConfig.at(dir).withRingSize(512)).hasMessageContaining("at least 1024");
    }
    @Test
    void shouldRefuseReadsOnceClosedRatherThanTouchTheClosedIndex() throws Exception {
        TicketEngine engine = TicketEngine.open(EngineConfig.at(dir));
        EngineFixture.ingest(engine, "acme", EngineFixture.ticketJson("S1", "A", 1, 1),
                EngineFixture.ticketJson("S1", "B", 1, 1));
        Page first = engine.page("acme", null, 0, Long.MAX_VALUE - 1, 1);
        assertThat(first.resultCount()).isEqualTo(1);
        String cursor = first.cursor();
        engine.close();

        assertThatThrownBy(() -> engine.page("acme", null, 0, Long.MAX_VALUE - 1, 1))
                .isInstanceOf(EngineClosedException.class);
        assertThatThrownBy(() -> engine.page("acme", cursor)).isInstanceOf(EngineClosedException.class);
        assertThatThrownBy(() -> engine.lastTicketDate("acme", "S1")).isInstanceOf(EngineClosedException.class);
    }

    @Test
    void shouldLetPagesInFlightFinishWhileClosingAndRefuseTheRest() throws Exception {
        TicketEngine engine = TicketEngine.open(EngineConfig.at(dir));
        List<String> json = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            json.add(EngineFixture.ticketJson("S" + (i % 4), "T" + i, 1, i));
        }
        EngineFixture.ingest(engine, "acme", json.toArray(String[]::new));
        int pagers = 4;
        CountDownLatch warmedUp = new CountDownLatch(pagers);
        List<CompletableFuture<Long>> pages = new ArrayList<>();
        for (int p = 0; p < pagers; p++) {
            pages.add(CompletableFuture.supplyAsync(() -> {
                long answered = 0;
                while (true) {
                    try {
                        Page page = engine.page("acme", null, 0, Long.MAX_VALUE - 1, 50);
                        if (page.resultCount() != 50) {
                            throw new AssertionError("a page of " + page.resultCount() + " while closing");
                        }
                    } catch (EngineClosedException refused) {
                        return answered;
                    } catch (InvalidQueryException e) {
                        throw new AssertionError(e);
                    }
                    if (++answered == 20) {
                        warmedUp.countDown();
                    }
                }
            }));
        }
        assertThat(warmedUp.await(30, TimeUnit.SECONDS)).isTrue();
        engine.close();
        for (CompletableFuture<Long> answered : pages) {
            assertThat(answered.get(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(20);
        }
    }

    @Test
    void shouldKnowEveryTicketIndexedBeforeARestartOnceItsFilterIsFilled() throws Exception {
        List<ValidatedTicket> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sent.add(EngineFixture.validated(EngineFixture.ticketJson("S" + i % 7, "T-" + i, i + 1, 100 + i)));
        }
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir))) {
            for (int from = 0; from < sent.size(); from += 100) {
                EngineFixture.ingest(engine, "acme", sent.subList(from, from + 100));
            }
        }
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir))) {
            // a batch indexed after the start lets the filter of indexed tickets fill
            EngineFixture.ingest(engine, "acme", EngineFixture.ticketJson("S1", "new", 1, 1));
            EngineFixture.awaitCondition("the dedupe filter in use", () -> engine.stats().dedupeFilterCapacity() > 0);
            for (int round = 0; round < 3; round++) {
                IngestBatch again = EngineFixture.ingest(engine, "acme", sent);
                for (int i = 0; i < sent.size(); i++) {
                    assertThat(again.status(i)).as("re-sent ticket %d, round %d", i, round)
                            .isEqualTo(TicketStatus.DUPLICATE);
                }
            }
            IngestBatch revised = EngineFixture.ingest(engine, "acme", EngineFixture.ticketJson("S3", "T-3", 4, 999));
            assertThat(revised.status(0)).isEqualTo(TicketStatus.REVISED);
            assertThat(revised.revision(0)).isEqualTo(2);
        }
    }
}
