package io.ticketd.tools.datadir;

import io.ticketd.engine.EngineConfig;
import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.ingest.Durability;
import io.ticketd.engine.ingest.IngestBatch;
import io.ticketd.engine.ingest.PublishResult;
import io.ticketd.engine.ingest.TicketStatus;
import io.ticketd.engine.ingest.TicketValidationException;
import io.ticketd.engine.ingest.TicketValidator;
import io.ticketd.engine.ingest.ValidatedTicket;
import io.ticketd.engine.monitoring.StationPush;
import io.ticketd.engine.monitoring.StationState;
import io.ticketd.engine.query.InvalidCursorException;
import io.ticketd.engine.query.InvalidQueryException;
import io.ticketd.engine.query.Page;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Builds real data directories with the engine for the data-directory tool tests:
 * tickets of two accounts (which share a store id) and several stores, with
 * revisions, re-sends, back-dated tickets, a store filled in from the credential, ids
 * that need JSON escaping, a clock that steps back, and station pushes; then pages
 * everything back, so that a test can compare with what the tools print or with the
 * engine's answers after a rebuild. Also runs a command in-process and captures its
 * output.
 */
final class DataDirectoryFixture {
    static final long START = 1_763_000_000_000_000L;
    static final List<String> ACCOUNTS = List.of("acme", "globex");
    static final Map<String, List<String>> STORES = Map.of("acme", List.of("S1", "S2", "S3", "S4"),
            "globex", List.of("S1", "G2"));
    /** A ticket id that needs escaping in JSON, and a document with non-ASCII text. */
    static final String AWKWARD_TICKET_ID = "T-\u00fc \"quoted\" \\ \u20ac";

    private DataDirectoryFixture() {
    }

    /** A clock the test sets; persistDate is max(now, last + 1), so it keeps order when the clock steps back. */
    static final class SetClock implements LongSupplier {
        volatile long now = START;

        @Override
        public long getAsLong() {
            return now;
        }
    }

    /** One paged result. */
    record Result(long persistDate, String json) {
    }

    /** What went into a data directory, and what the engine answered before it was closed. */
    static final class Sample {
        long ticketRecords;
        long duplicates;
        long stationPushes;
        final Map<String, List<Result>> answers = new LinkedHashMap<>();
        final Map<String, List<StationState>> stations = new LinkedHashMap<>();

        /** Every stored ticket by persistDate, as a page returns it. */
        Map<Long, String> storedByPersistDate() {
            Map<Long, String> out = new LinkedHashMap<>();
            for (String account : ACCOUNTS) {
                for (Result r : answers.get(account)) {
                    out.put(r.persistDate(), r.json());
                }
            }
            return out;
        }
    }

    static EngineConfig config(Path dir, LongSupplier clock) {
        return EngineConfig.at(dir).withDurability(Durability.NONE).withClock(clock);
    }

    /** Builds a data directory of {@code rounds} rounds of tickets and pushes, and closes the engine. */
    static Sample build(Path dir, int rounds) throws Exception {
        SetClock clock = new SetClock();
        Sample sample = new Sample();
        try (TicketEngine engine = TicketEngine.open(config(dir, clock))) {
            ingestRounds(engine, sample, clock, new Random(7), rounds);
            ingestSpecialTickets(engine, sample);
            record(engine, sample);
        }
        return sample;
    }

    /** Rounds of tickets (random ids: created, re-sent, revised) and station pushes; the clock steps back once. */
    static void ingestRounds(TicketEngine engine, Sample sample, SetClock clock, Random random, int rounds)
            throws Exception {
        for (int r = 0; r < rounds; r++) {
            if (r == rounds / 2) {
                clock.now = clock.now - 3_600_000_000L; // back an hour: persistDates go on from the last
            }
            String account = ACCOUNTS.get(r % 3 == 2 ? 1 : 0);
            List<String> stores = STORES.get(account);
            List<ValidatedTicket> tickets = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                String store = stores.get(random.nextInt(stores.size()));
                long startDate = START - random.nextInt(7 * 24) * 3_600_000_000L; // back-dated by up to a week
                tickets.add(validated(ticketJson(store, "T" + random.nextInt(120), startDate, random.nextInt(3)),
                        null));
            }
            ingest(engine, sample, account, tickets);
            if (r % 2 == 0) {
                String store = stores.get(random.nextInt(stores.size()));
                int status = random.nextInt(3) == 0 ? 2 : 0;
                Long received = r % 4 == 0 ? null : START / 1_000_000 + r;
                Boolean cloud = r % 3 == 0 ? null : r % 3 == 1;
                push(engine, sample, account, store, status, START / 1_000_000 + r, received, cloud);
            }
            clock.now += 1_000_000;
        }
    }

    /** A ticket whose store the credential fills in, one with awkward text, and a ticket revised twice then re-sent. */
    private static void ingestSpecialTickets(TicketEngine engine, Sample sample) throws Exception {
        String filled = "{\"ticketId\":\"F1\",\"startDate\":" + START + ",\"total\":5}";
        String awkward = "{\"ticketId\":\"" + AWKWARD_TICKET_ID.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"storeId\":\"S3\",\"startDate\":" + START + ",\"note\":\"caf\u00e9 \uD83C\uDF7A\"}";
        ingest(engine, sample, "acme", List.of(validated(filled, "S2"), validated(awkward, null)));
        for (int total : new int[] {1, 2, 3, 3}) {
            ingest(engine, sample, "globex", List.of(validated(ticketJson("G2", "REV", START, total), null)));
        }
        push(engine, sample, "acme", "S1", 5, START / 1_000_000, null, null);
        push(engine, sample, "acme", "S1", 0, START / 1_000_000 + 1, START / 1_000_000, true);
    }

    /** Pages everything back and reads the station states, into {@code sample}. */
    static void record(TicketEngine engine, Sample sample) {
        sample.answers.clear();
        sample.stations.clear();
        long end = engine.lastCommittedPersistDate();
        for (String account : ACCOUNTS) {
            sample.answers.put(account, walk(engine, account, null, end));
            for (String store : STORES.get(account)) {
                sample.answers.put(account + "/" + store, walk(engine, account, store, end));
            }
            sample.stations.put(account, engine.stations(account));
        }
    }

    static String ticketJson(String storeId, String ticketId, long startDate, long total) {
        return "{\"ticketId\":\"" + ticketId + "\",\"storeId\":\"" + storeId + "\",\"registerId\":\"R1\","
                + "\"type\":\"SALE\",\"startDate\":" + startDate + ",\"currency\":\"USD\",\"items\":[{\"line\":1,"
                + "\"sku\":\"000123\",\"quantity\":1,\"unitPrice\":" + total + ",\"amount\":" + total + "}],"
                + "\"total\":" + total + "}";
    }

    static ValidatedTicket validated(String json, String defaultStoreId) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try {
            return TicketValidator.validate(bytes, 0, bytes.length, defaultStoreId);
        } catch (TicketValidationException e) {
            throw new AssertionError("test ticket is invalid: " + e.getMessage(), e);
        }
    }

    /** Publishes (retrying, for at most 30 s, while the ring is full) and waits at most 30 s for the commit. */
    static IngestBatch ingest(TicketEngine engine, Sample sample, String account, List<ValidatedTicket> tickets)
            throws Exception {
        CompletableFuture<IngestBatch> done = new CompletableFuture<>();
        IngestBatch batch = new IngestBatch(account, tickets, done::complete);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        PublishResult result;
        while ((result = engine.tryPublish(batch)) == PublishResult.RING_FULL && System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000);
        }
        if (result != PublishResult.ACCEPTED) {
            throw new AssertionError("publish refused: " + result);
        }
        IngestBatch committed = done.get(30, TimeUnit.SECONDS);
        if (!committed.succeeded()) {
            throw new AssertionError("commit failed", committed.failure());
        }
        for (int i = 0; i < committed.size(); i++) {
            if (committed.status(i) == TicketStatus.DUPLICATE) {
                sample.duplicates++;
            } else {
                sample.ticketRecords++;
            }
        }
        return committed;
    }

    /** Publishes a station push and waits at most 30 s for its commit; returns its persistDate. */
    static long push(TicketEngine engine, Sample sample, String account, String store, int status, long time,
                     Long receivedFromCloud, Boolean cloudOnline) throws Exception {
        CompletableFuture<StationPush> done = new CompletableFuture<>();
        StationPush push = new StationPush(account, store, status, time, receivedFromCloud, cloudOnline,
                done::complete);
        if (engine.tryPublish(push) != PublishResult.ACCEPTED) {
            throw new AssertionError("station push refused");
        }
        StationPush committed = done.get(30, TimeUnit.SECONDS);
        if (!committed.succeeded()) {
            throw new AssertionError("station push failed", committed.failure());
        }
        sample.stationPushes++;
        return committed.persistDate();
    }

    /** Every page of a query, concatenated. */
    static List<Result> walk(TicketEngine engine, String account, String store, long end) {
        List<Result> out = new ArrayList<>();
        try {
            Page page = engine.page(account, store, 0, end, 50);
            for (int pages = 0; pages < 100_000; pages++) {
                for (int i = 0; i < page.resultCount(); i++) {
                    out.add(new Result(page.persistDate(i), page.resultString(i)));
                }
                if (page.cursor() == null) {
                    return out;
                }
                page = engine.page(account, page.cursor());
            }
            throw new AssertionError("paging does not terminate");
        } catch (InvalidQueryException | InvalidCursorException e) {
            throw new AssertionError(e);
        }
    }

    /** What a command printed, and its exit code. */
    record Run(int exitCode, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    /**
     * Runs a command in-process, as {@code ticketd <command> args…} would; {@code out} is
     * what it printed and, after it, the bytes {@code journal dump} wrote to its standard
     * output.
     */
    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream standardOutput = new ByteArrayOutputStream();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == JournalDumpCommand.class ? type.cast(new JournalDumpCommand(standardOutput))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine commandLine = new CommandLine(command, factory);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out + standardOutput.toString(StandardCharsets.UTF_8), err.toString());
    }
}
