package io.ticketd.engine.ingest;

import io.ticketd.engine.EngineFixture;
import io.ticketd.engine.TestClock;
import io.ticketd.engine.index.IndexStore;
import io.ticketd.engine.journal.Journal;
import io.ticketd.engine.monitoring.StationStates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commit pipeline's second stage, its syncs held or failed by the test. With
 * durability fsync nothing is acknowledged or visible before the sync that covers it
 * returns, one sync covers every batch that waited, and a failed sync fails its
 * batches and every write after. With durability none acknowledgements do not wait for
 * the disk, the journal is written back behind them, and a failed writeback stops
 * the engine as a failed sync does.
 */
class SyncStageTest {
    private static final long START = 1_763_000_000_000_000L;

    @TempDir
    Path dir;

    private Journal journal;
    private IndexStore index;
    private IngestPipeline pipeline;
    /** Indexes the syncs were asked for, in order. */
    private final List<Long> syncs = new CopyOnWriteArrayList<>();
    /** Permits for syncs to return; the test hands them out. */
    private final Semaphore permits = new Semaphore(0);
    private final AtomicReference<IOException> failNext = new AtomicReference<>();
    private final CommitThreadGate gate = new CommitThreadGate(new TestClock(START));

    @BeforeEach
    void open() throws IOException {
        journal = Journal.open(dir.resolve("journal"));
        index = IndexStore.open(dir.resolve("index"));
        pipeline = new IngestPipeline(journal, index, Durability.FSYNC, 1024, gate, START,
                StationStates.load(index), this::sync);
    }

    /** Replaces the fsync pipeline of {@link #open} (nothing published yet) with one of durability none. */
    private void withDurabilityNone() throws IOException {
        pipeline.close();
        pipeline = new IngestPipeline(journal, index, Durability.NONE, 1024, gate, START,
                StationStates.load(index), this::sync);
    }

    @AfterEach
    void close() throws IOException {
        gate.release();
        permits.release(1000);
        pipeline.close();
        index.close();
        journal.close();
    }

    private void sync(long journalIndex) throws IOException {
        syncs.add(journalIndex);
        try {
            if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new IOException("the test never let this sync return");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        IOException failure = failNext.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
        journal.syncThrough(journalIndex);
    }

    private CompletableFuture<IngestBatch> publish(String ticketId) {
        CompletableFuture<IngestBatch> done = new CompletableFuture<>();
        IngestBatch batch = new IngestBatch("acme",
                List.of(EngineFixture.validated(EngineFixture.ticketJson("S1", ticketId, 1, 1))), done::complete);
        assertThat(pipeline.tryPublish(batch)).isEqualTo(PublishResult.ACCEPTED);
        return done;
    }

    /**
     * Waits until {@code n} syncs were asked for. Whatever completes a range acknowledges it
     * after its sync returns, on the same thread, so once a sync is seen held, nothing it
     * covers can have been acknowledged or shown unless the stage got the order wrong.
     */
    private void awaitSyncs(int n) {
        EngineFixture.awaitCondition(n + " syncs", () -> syncs.size() >= n);
        assertThat(syncs).hasSize(n);
    }

    @Test
    void shouldAcknowledgeAndShowABatchOnlyOnceItsSyncReturns() throws Exception {
        long committedBefore = pipeline.watermark().committed();
        CompletableFuture<IngestBatch> first = publish("A");
        awaitSyncs(1);

        assertThat(first).isNotDone();
        assertThat(pipeline.watermark().committed()).isEqualTo(committedBefore);
        assertThat(pipeline.watermark().horizon()).isEqualTo(committedBefore);
        assertThat(journal.lastIndex()).as("written to the file before the sync").isEqualTo(syncs.get(0));

        permits.release();
        IngestBatch done = first.get(30, TimeUnit.SECONDS);
        assertThat(done.succeeded()).isTrue();
        assertThat(pipeline.watermark().committed()).isEqualTo(done.persistDate(0));
    }

    @Test
    void shouldCoverEveryBatchThatWaitedWithOneSync() throws Exception {
        CompletableFuture<IngestBatch> first = publish("A");
        awaitSyncs(1);
        List<CompletableFuture<IngestBatch>> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(publish("B" + i)); // behind the commit thread, held in the first batch's sync
        }
        assertThat(waiting).noneMatch(CompletableFuture::isDone);

        permits.release(2);
        assertThat(first.get(30, TimeUnit.SECONDS).succeeded()).isTrue();
        for (CompletableFuture<IngestBatch> w : waiting) {
            assertThat(w.get(30, TimeUnit.SECONDS).succeeded()).isTrue();
        }
        assertThat(syncs).as("one sync for the five batches that waited").hasSize(2);
        assertThat(syncs.get(1)).isEqualTo(journal.lastIndex());
        // counted just after the acknowledgements
        EngineFixture.awaitCondition("6 tickets counted", () -> pipeline.stats().created() >= 6);
        assertThat(pipeline.stats().created()).isEqualTo(6);
    }

    @Test
    void shouldFailTheBatchesOfAFailedSyncAndRefuseEveryWriteAfter() throws Exception {
        CompletableFuture<IngestBatch> first = publish("A");
        awaitSyncs(1);
        CompletableFuture<IngestBatch> second = publish("B");
        failNext.set(new IOException("the disk is gone"));
        permits.release();

        IngestBatch failed = first.get(30, TimeUnit.SECONDS);
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.failure()).hasMessage("the disk is gone");
        assertThat(second.get(30, TimeUnit.SECONDS).succeeded()).isFalse();
        assertThat(pipeline.failure()).hasMessage("the disk is gone");
        assertThat(pipeline.watermark().committed()).isEqualTo(START);

        IngestBatch later = new IngestBatch("acme",
                List.of(EngineFixture.validated(EngineFixture.ticketJson("S1", "C", 1, 1))), b -> { });
        assertThat(pipeline.tryPublish(later)).isEqualTo(PublishResult.UNAVAILABLE);
    }

    @Test
    void shouldJournalAndIndexTheNextBatchWhileTheStageSyncsTheOneBefore() throws Exception {
        gate.arm(); // the commit thread stops inside A's commit
        CompletableFuture<IngestBatch> first = publish("A");
        gate.awaitHeld();
        CompletableFuture<IngestBatch> second = publish("B"); // waits in the ring behind A
        gate.release();
        awaitSyncs(1); // A's batch had B behind it, so the stage's thread syncs it; the test holds that sync

        CompletableFuture<IngestBatch> third = publish("C");
        EngineFixture.awaitCondition("C journaled and indexed",
                () -> pipeline.stats().journalRecords() >= 3 && pipeline.stats().indexLag() == 0);
        assertThat(pipeline.stats().journalRecords()).as("C journaled during a held sync").isEqualTo(3);
        assertThat(List.of(first, second, third)).noneMatch(CompletableFuture::isDone);
        assertThat(pipeline.watermark().committed()).isEqualTo(START);

        permits.release(3);
        IngestBatch a = first.get(30, TimeUnit.SECONDS);
        IngestBatch b = second.get(30, TimeUnit.SECONDS);
        IngestBatch c = third.get(30, TimeUnit.SECONDS);
        assertThat(List.of(a, b, c)).allMatch(IngestBatch::succeeded);
        assertThat(c.persistDate(0)).isGreaterThan(b.persistDate(0));
        assertThat(b.persistDate(0)).isGreaterThan(a.persistDate(0));
        assertThat(syncs).hasSizeBetween(2, 3).isSorted();
        assertThat(syncs.get(syncs.size() - 1)).isEqualTo(journal.lastIndex());
        assertThat(pipeline.watermark().committed()).isEqualTo(c.persistDate(0));
    }

    @Test
    void shouldAcknowledgeWithoutWaitingForTheDiskAndWriteTheJournalBackBehind() throws Exception {
        withDurabilityNone();
        IngestBatch first = publish("A").get(30, TimeUnit.SECONDS);
        assertThat(first.succeeded()).isTrue();
        awaitSyncs(1); // the writeback's sync, held by the test

        IngestBatch second = publish("B").get(30, TimeUnit.SECONDS);
        assertThat(second.succeeded()).as("acknowledged while the writeback is held").isTrue();
        assertThat(pipeline.watermark().committed()).isEqualTo(second.persistDate(0));
        assertThat(syncs.get(0)).as("written back up to what was handed on").isLessThan(journal.lastIndex());

        permits.release();
        awaitSyncs(2); // B was handed on after the first writeback began: the next one covers it
        assertThat(syncs.get(1)).isEqualTo(journal.lastIndex());
    }

    @Test
    void shouldStopTakingTicketsWhenTheWritebackFails() throws Exception {
        withDurabilityNone();
        assertThat(publish("A").get(30, TimeUnit.SECONDS).succeeded()).isTrue();
        awaitSyncs(1);
        failNext.set(new IOException("the disk is gone"));
        permits.release();

        EngineFixture.awaitCondition("the pipeline failed", () -> pipeline.failure() != null);
        assertThat(pipeline.failure()).hasMessage("the disk is gone");
        IngestBatch later = new IngestBatch("acme",
                List.of(EngineFixture.validated(EngineFixture.ticketJson("S1", "B", 1, 1))), b -> { });
        assertThat(pipeline.tryPublish(later)).isEqualTo(PublishResult.UNAVAILABLE);
    }
}
