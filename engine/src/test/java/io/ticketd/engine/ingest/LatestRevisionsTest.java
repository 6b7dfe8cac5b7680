package io.ticketd.engine.ingest;

import io.ticketd.engine.EngineFixture;
import io.ticketd.engine.TestClock;
import io.ticketd.engine.index.IndexStore;
import io.ticketd.engine.journal.Journal;
import io.ticketd.engine.monitoring.StationStates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Latest revisions looked up on the publishing thread, before the commit thread
 * indexed a newer revision of the same ticket, are not trusted: the ticket is still
 * told apart as a re-send or a revision of what was committed just before it.
 */
class LatestRevisionsTest {
    private static final long START = 1_763_000_000_000_000L;

    @TempDir
    Path dir;

    private Journal journal;
    private IndexStore index;
    private IngestPipeline pipeline;
    private final TestClock clock = new TestClock(START);
    private final CommitThreadGate gate = new CommitThreadGate(() -> clock.advance(1));

    @BeforeEach
    void open() throws IOException {
        journal = Journal.open(dir.resolve("journal"));
        index = IndexStore.open(dir.resolve("index"));
        pipeline = new IngestPipeline(journal, index, Durability.NONE, 1024, gate, START,
                StationStates.load(index));
    }

    @AfterEach
    void close() throws IOException {
        gate.release();
        pipeline.close();
        index.close();
        journal.close();
    }

    private CompletableFuture<IngestBatch> publish(String json) {
        CompletableFuture<IngestBatch> done = new CompletableFuture<>();
        IngestBatch batch = new IngestBatch("acme", List.of(EngineFixture.validated(json)), done::complete);
        assertThat(pipeline.tryPublish(batch)).isEqualTo(PublishResult.ACCEPTED);
        return done;
    }

    enum Second { SAME_CONTENT, NEW_CONTENT }

    @ParameterizedTest
    @EnumSource(Second.class)
    void shouldNotTrustALookupMadeBeforeTheRevisionBeforeItWasIndexed(Second second) throws Exception {
        String first = EngineFixture.ticketJson("S1", "T-1", 1, 100);
        gate.arm();
        CompletableFuture<IngestBatch> a = publish(first); // the commit thread stops inside it
        gate.awaitHeld();
        // Looked up now, T-1 is unknown: its first revision is not indexed yet.
        CompletableFuture<IngestBatch> b = publish(second == Second.SAME_CONTENT ? first
                : EngineFixture.ticketJson("S1", "T-1", 1, 101));
        gate.release();

        IngestBatch firstDone = a.get(30, TimeUnit.SECONDS);
        IngestBatch secondDone = b.get(30, TimeUnit.SECONDS);
        assertThat(firstDone.status(0)).isEqualTo(TicketStatus.CREATED);
        if (second == Second.SAME_CONTENT) {
            assertThat(secondDone.status(0)).isEqualTo(TicketStatus.DUPLICATE);
            assertThat(secondDone.revision(0)).isEqualTo(1);
            assertThat(secondDone.persistDate(0)).isEqualTo(firstDone.persistDate(0));
        } else {
            assertThat(secondDone.status(0)).isEqualTo(TicketStatus.REVISED);
            assertThat(secondDone.revision(0)).isEqualTo(2);
            assertThat(secondDone.persistDate(0)).isGreaterThan(firstDone.persistDate(0));
        }
    }

    @ParameterizedTest
    @EnumSource(Second.class)
    void shouldUseALookupMadeAfterTheRevisionBeforeItWasIndexed(Second second) throws Exception {
        String first = EngineFixture.ticketJson("S1", "T-2", 1, 100);
        IngestBatch firstDone = publish(first).get(30, TimeUnit.SECONDS);
        IngestBatch secondDone = publish(second == Second.SAME_CONTENT ? first
                : EngineFixture.ticketJson("S1", "T-2", 1, 101)).get(30, TimeUnit.SECONDS);
        assertThat(secondDone.status(0)).isEqualTo(second == Second.SAME_CONTENT ? TicketStatus.DUPLICATE
                : TicketStatus.REVISED);
        assertThat(secondDone.revision(0)).isEqualTo(second == Second.SAME_CONTENT ? 1 : 2);
        assertThat(firstDone.revision(0)).isEqualTo(1);
    }
}
