package io.ticketd.bench.engine;

import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.ingest.IngestBatch;
import io.ticketd.engine.ingest.PublishResult;
import io.ticketd.engine.ingest.TicketValidationException;
import io.ticketd.engine.ingest.TicketValidator;
import io.ticketd.engine.ingest.ValidatedTicket;
import io.ticketd.tools.load.TicketGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

/**
 * Tickets for the benchmarks: the reference workload (seed 42, 100 stores, about
 * 890 bytes each, 2 % back-dated), generated and validated before measurement so
 * that benchmarks measure the engine and not the generator or the JSON parser.
 *
 * <p>A pool can be published again under a fresh account: the dedupe key includes
 * the account, so every ticket of a new round is a new ticket to the engine.
 */
final class TicketPool {
    private static final int FILL_BATCH = 500;
    private static final int FILL_WINDOW = 64;
    private final List<ValidatedTicket> tickets;
    private int next;
    private int round;

    TicketPool(int size) {
        this.tickets = generate(size, 0);
    }

    static List<ValidatedTicket> generate(int count, int skip) {
        TicketGenerator generator = new TicketGenerator(TicketGenerator.DEFAULT_SEED, TicketGenerator.DEFAULT_STORES,
                TicketGenerator.DEFAULT_START_MICROS, TicketGenerator.DEFAULT_BACKDATE_FRAC);
        for (int i = 0; i < skip; i++) {
            generator.nextTicket();
        }
        List<ValidatedTicket> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(validate(generator.nextTicket()));
        }
        return out;
    }

    static ValidatedTicket validate(byte[] json) {
        try {
            return TicketValidator.validate(json, 0, json.length, null);
        } catch (TicketValidationException e) {
            throw new IllegalStateException("the generator produced an invalid ticket: " + e.getMessage(), e);
        }
    }

    /** The account to publish the next {@code n} tickets under; changes each time the pool wraps. */
    String account() {
        return "bench" + round;
    }

    /** The next {@code n} tickets (a view, no copy); wraps to a new round when the pool is used up. */
    List<ValidatedTicket> take(int n) {
        if (next + n > tickets.size()) {
            next = 0;
            round++;
        }
        List<ValidatedTicket> out = tickets.subList(next, next + n);
        next += n;
        return out;
    }

    /**
     * Ingests {@code count} tickets of {@code generator} under {@code account}, validated
     * as they are sent, in batches of 500 with 64 in flight, and waits until every one is
     * acknowledged: how the paging benchmarks fill an engine before they measure.
     */
    static void ingest(TicketEngine engine, String account, TicketGenerator generator, int count)
            throws InterruptedException {
        Semaphore window = new Semaphore(FILL_WINDOW);
        for (int sent = 0; sent < count; sent += FILL_BATCH) {
            List<ValidatedTicket> batch = new ArrayList<>(FILL_BATCH);
            for (int i = 0; i < FILL_BATCH && sent + i < count; i++) {
                batch.add(validate(generator.nextTicket()));
            }
            window.acquire();
            IngestBatch ingest = new IngestBatch(account, batch, b -> window.release());
            PublishResult result;
            while ((result = engine.tryPublish(ingest)) != PublishResult.ACCEPTED) {
                if (result != PublishResult.RING_FULL) {
                    throw new IllegalStateException("the engine refused a batch: " + result);
                }
                Thread.onSpinWait();
            }
        }
        window.acquire(FILL_WINDOW);
    }

    static Path tempDirectory(String name) {
        try {
            return Files.createTempDirectory("ticketd-bench-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
