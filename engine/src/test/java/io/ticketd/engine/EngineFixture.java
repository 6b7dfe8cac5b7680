package io.ticketd.engine;

import io.ticketd.engine.ingest.IngestBatch;
import io.ticketd.engine.ingest.PublishResult;
import io.ticketd.engine.ingest.TicketValidationException;
import io.ticketd.engine.ingest.TicketValidator;
import io.ticketd.engine.ingest.ValidatedTicket;
import io.ticketd.engine.query.InvalidCursorException;
import io.ticketd.engine.query.InvalidQueryException;
import io.ticketd.engine.query.Page;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/** Test helpers around a {@link TicketEngine}: build tickets, ingest and wait, walk every page of a query. */
public final class EngineFixture {
    private EngineFixture() {
    }

    /** A small valid ticket document. */
    public static String ticketJson(String storeId, String ticketId, long startDate, long total) {
        return "{\"ticketId\":\"" + ticketId + "\",\"storeId\":\"" + storeId + "\",\"registerId\":\"R1\","
                + "\"type\":\"SALE\",\"startDate\":" + startDate + ",\"currency\":\"USD\",\"items\":[{\"line\":1,"
                + "\"sku\":\"000123\",\"quantity\":1,\"unitPrice\":" + total + ",\"amount\":" + total + "}],"
                + "\"total\":" + total + "}";
    }

    public static ValidatedTicket validated(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try {
            return TicketValidator.validate(bytes, 0, bytes.length, null);
        } catch (TicketValidationException e) {
            throw new AssertionError("test ticket is invalid: " + e.getMessage(), e);
        }
    }

    /** Publishes (retrying while the ring is full) and waits for the acknowledgement. */
    public static IngestBatch ingest(TicketEngine engine, String account, List<ValidatedTicket> tickets) {
        CompletableFuture<IngestBatch> done = publish(engine, account, tickets);
        try {
            IngestBatch batch = done.get(60, TimeUnit.SECONDS);
            if (!batch.succeeded()) {
                throw new AssertionError("commit failed", batch.failure());
            }
            return batch;
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("no acknowledgement", e);
        }
    }

    public static IngestBatch ingest(TicketEngine engine, String account, String... json) {
        List<ValidatedTicket> tickets = new ArrayList<>();
        for (String j : json) {
            tickets.add(validated(j));
        }
        return ingest(engine, account, tickets);
    }

    /** Publishes, retrying while the ring is full; the future completes on acknowledgement. */
    public static CompletableFuture<IngestBatch> publish(TicketEngine engine, String account, List<ValidatedTicket> tickets) {
        CompletableFuture<IngestBatch> done = new CompletableFuture<>();
        IngestBatch batch = new IngestBatch(account, tickets, done::complete);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        PublishResult result;
        while ((result = engine.tryPublish(batch)) == PublishResult.RING_FULL) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("ring stayed full for 60 s");
            }
            LockSupport.parkNanos(100_000);
        }
        if (result != PublishResult.ACCEPTED) {
            throw new AssertionError("publish refused: " + result);
        }
        return done;
    }

    /** Waits (at most 30 s) until {@code condition} holds; fails naming {@code what} otherwise. */
    public static void awaitCondition(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** Every page of a query, concatenated: the persistDates and the JSON of each result. */
    public static List<Result> walk(TicketEngine engine, String account, String store, long start, long end, int pageSize) {
        List<Result> out = new ArrayList<>();
        try {
            Page page = engine.page(account, store, start, end, pageSize);
            int pages = 0;
            while (true) {
                if (page.resultCount() > pageSize) {
                    throw new AssertionError("page of " + page.resultCount() + " results for maxPageSize " + pageSize);
                }
                if (page.cursor() != null && page.resultCount() < pageSize && end <= engine.lastCommittedPersistDate()) {
                    throw new AssertionError("a short page before the end of a range that is fully committed");
                }
                for (int i = 0; i < page.resultCount(); i++) {
                    out.add(new Result(page.persistDate(i), page.resultString(i)));
                }
                if (page.cursor() == null) {
                    return out;
                }
                if (++pages > 1_000_000) {
                    throw new AssertionError("paging does not terminate");
                }
                page = engine.page(account, page.cursor());
            }
        } catch (InvalidQueryException | InvalidCursorException e) {
            throw new AssertionError(e);
        }
    }

    /** One paged result. */
    public record Result(long persistDate, String json) {
    }
}
