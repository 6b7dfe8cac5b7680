package io.ticketd.engine;

import io.ticketd.engine.ingest.IngestBatch;
import io.ticketd.engine.ingest.PublishResult;
import io.ticketd.engine.ingest.ValidatedTicket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackPressureTest {
    @TempDir
    Path dir;

    private static List<ValidatedTicket> tickets(int from, int n) {
        List<ValidatedTicket> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(EngineFixture.validated(EngineFixture.ticketJson("S1", "T" + i, 1, i)));
        }
        return out;
    }

    @Test
    void shouldRefuseAPublishWhenTheRingIsFullAndStillAcknowledgeEverythingAccepted() throws Exception {
        TestClock clock = new TestClock(1_763_000_000_000_000L);
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir).withRingSize(1024).withClock(clock))) {
            clock.block(); // the commit thread stops at its next clock reading, holding its slot
            List<CompletableFuture<IngestBatch>> accepted = new ArrayList<>();
            CompletableFuture<IngestBatch> first = new CompletableFuture<>();
            assertThat(engine.tryPublish(new IngestBatch("acme", tickets(0, 1), first::complete)))
                    .isEqualTo(PublishResult.ACCEPTED);
            accepted.add(first);
            clock.awaitBlockedCaller();

            int next = 1;
            PublishResult result;
            while (true) {
                CompletableFuture<IngestBatch> done = new CompletableFuture<>();
                int n = 1 + next % 7;
                result = engine.tryPublish(new IngestBatch("acme", tickets(next, n), done::complete));
                if (result != PublishResult.ACCEPTED) {
                    break;
                }
                accepted.add(done);
                next += n;
            }
            assertThat(result).isEqualTo(PublishResult.RING_FULL);
            assertThat(next).isGreaterThan(1024 - 7).isLessThanOrEqualTo(1024);
            assertThat(engine.ringRemainingCapacity()).isLessThan(7);
            assertThat(engine.stats().ringFull()).isEqualTo(1);
            assertThat(accepted).noneMatch(CompletableFuture::isDone);

            clock.release();
            int acknowledged = 0;
            for (CompletableFuture<IngestBatch> done : accepted) {
                IngestBatch batch = done.get(30, TimeUnit.SECONDS);
                assertThat(batch.succeeded()).isTrue();
                acknowledged += batch.size();
            }
            assertThat(acknowledged).isEqualTo(next);
            assertThat(EngineFixture.walk(engine, "acme", null, 0, engine.lastCommittedPersistDate(), 50)).hasSize(next);

            // The ring frees a batch's slots just after acknowledging it, so retry briefly.
            assertThat(EngineFixture.publish(engine, "acme", tickets(next, 5)).get(30, TimeUnit.SECONDS).succeeded())
                    .isTrue();
        } finally {
            clock.release();
        }
    }

    @Test
    void shouldPublishABatchWhollyOrNotAtAll() throws Exception {
        TestClock clock = new TestClock(1_763_000_000_000_000L);
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir).withRingSize(1024).withClock(clock))) {
            clock.block();
            List<CompletableFuture<IngestBatch>> accepted = new ArrayList<>();
            for (int i = 0; i < 1020; i += 10) {
                CompletableFuture<IngestBatch> done = new CompletableFuture<>();
                assertThat(engine.tryPublish(new IngestBatch("acme", tickets(i, 10), done::complete)))
                        .isEqualTo(PublishResult.ACCEPTED);
                accepted.add(done);
            }
            clock.awaitBlockedCaller();
            long free = engine.ringRemainingCapacity();
            assertThat(free).isEqualTo(4);
            CompletableFuture<IngestBatch> tooBig = new CompletableFuture<>();
            assertThat(engine.tryPublish(new IngestBatch("acme", tickets(5000, 5), tooBig::complete)))
                    .isEqualTo(PublishResult.RING_FULL);
            assertThat(engine.ringRemainingCapacity()).isEqualTo(free);
            clock.release();
            for (CompletableFuture<IngestBatch> done : accepted) {
                assertThat(done.get(30, TimeUnit.SECONDS).succeeded()).isTrue();
            }
            assertThat(EngineFixture.walk(engine, "acme", null, 0, engine.lastCommittedPersistDate(), 50))
                    .hasSize(1020)
                    .noneMatch(r -> r.json().contains("\"ticketId\":\"T5000\""));
        } finally {
            clock.release();
        }
    }

    @Test
    void shouldRejectABatchLargerThanTheRing() throws Exception {
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir).withRingSize(1024))) {
            assertThatThrownBy(() -> engine.tryPublish(new IngestBatch("acme", tickets(0, 1025), b -> { })))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1025");
        }
    }
}
