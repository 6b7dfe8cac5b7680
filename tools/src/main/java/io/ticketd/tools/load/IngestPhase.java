package io.ticketd.tools.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import net.openhft.hashing.LongHashFunction;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends tickets to {@code POST /apip/tickets} over a set of connections, {@code batch}
 * tickets a request, until its ticket budget is sent or its time is up. Closed loop
 * by default (each connection sends its next request when the previous one is
 * answered); open loop with a rate, where requests are due at fixed intervals and
 * latency is measured from when each was due (so a slow server is not hidden by a
 * generator that waits for it). A 503 is retried after its {@code Retry-After}
 * delay and counted; the retry keeps the original due time.
 *
 * <p>Thread-safety: driven by the client's event loops and, in open loop, a ticker thread.
 */
final class IngestPhase {
    private static final LongHashFunction HASH = LongHashFunction.xx3();
    private static final JsonFactory JSON = new JsonFactory();
    /** Per event loop: the bytes of the answer being read. */
    private static final ThreadLocal<byte[]> ANSWER_SCRATCH = ThreadLocal.withInitial(() -> new byte[64 << 10]);

    private final String name;
    private final List<LoadHttpClient.Connection> connections;
    private final TicketSource source;
    private final int batch;
    private final long budget;
    private final long deadlineNanos;
    private final double rate;
    private final Credentials credentials;
    private final AckLedger ledger;
    private final LatencyRecorder recorder = new LatencyRecorder();
    private final AtomicLong taken = new AtomicLong();
    private final AtomicBoolean exhausted = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Request> due = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<LoadHttpClient.Connection> idle = new ConcurrentLinkedQueue<>();
    private final AtomicLong inFlight = new AtomicLong();
    private CountDownLatch finished;
    private long startNanos;
    private volatile long endNanos;

    /** One request: its tickets, their hashes, the credential to send with, when it was due. */
    private static final class Request {
        final byte[][] tickets;
        final long[] hashes;
        final String credential;
        final long dueNanos;

        Request(byte[][] tickets, long[] hashes, String credential, long dueNanos) {
            this.tickets = tickets;
            this.hashes = hashes;
            this.credential = credential;
            this.dueNanos = dueNanos;
        }
    }

    IngestPhase(String name, List<LoadHttpClient.Connection> connections, TicketSource source, int batch, long budget,
                long durationNanos, double rate, Credentials credentials, AckLedger ledger) {
        this.name = name;
        this.connections = connections;
        this.source = source;
        this.batch = batch;
        this.budget = budget;
        this.deadlineNanos = System.nanoTime() + durationNanos;
        this.rate = rate;
        this.credentials = credentials;
        this.ledger = ledger;
    }

    String name() {
        return name;
    }

    LatencyRecorder recorder() {
        return recorder;
    }

    /** From the first request to the last answer (or now, while running). */
    long elapsedNanos() {
        long end = endNanos;
        return (end == 0 ? System.nanoTime() : end) - startNanos;
    }

    /** Runs the phase to its end; returns when every request sent has been answered (or given up on). */
    void run() throws InterruptedException {
        finished = new CountDownLatch(1);
        startNanos = System.nanoTime();
        if (rate > 0) {
            idle.addAll(connections);
            Thread ticker = new Thread(this::tick, name + "-ticker");
            ticker.setDaemon(true);
            ticker.start();
        } else {
            for (LoadHttpClient.Connection c : connections) {
                sendNext(c);
            }
        }
        finished.await(deadlineNanos - System.nanoTime() + TimeUnit.SECONDS.toNanos(60), TimeUnit.NANOSECONDS);
    }

    /** Open loop: makes requests due at the rate, hands them to idle connections. */
    private void tick() {
        double perRequestNanos = batch * 1e9 / rate;
        long start = System.nanoTime();
        for (long k = 0; ; k++) {
            long dueAt = start + (long) (k * perRequestNanos);
            while (System.nanoTime() < dueAt) {
                LockSupport.parkNanos(Math.min(dueAt - System.nanoTime(), 200_000));
            }
            Request r = dueAt < deadlineNanos ? take(dueAt) : null;
            if (r == null) {
                exhausted.set(true);
                checkFinished();
                return;
            }
            due.add(r);
            dispatch();
        }
    }

    private void dispatch() {
        LoadHttpClient.Connection c;
        while (!due.isEmpty() && (c = idle.poll()) != null) {
            Request r = due.poll();
            if (r == null) {
                idle.add(c);
                return;
            }
            send(c, r);
        }
    }

    /** Closed loop: the connection's next request, or nothing when the phase is over. */
    private void sendNext(LoadHttpClient.Connection c) {
        Request r = System.nanoTime() < deadlineNanos ? take(System.nanoTime()) : null;
        if (r == null) {
            exhausted.set(true);
            checkFinished();
            return;
        }
        send(c, r);
    }

    private Request take(long dueNanos) {
        // reserve the request's share of the budget first: connections on other event loops take too
        int n;
        long before;
        do {
            before = taken.get();
            n = (int) Math.min(batch, budget - before);
            if (n <= 0) {
                return null;
            }
        } while (!taken.compareAndSet(before, before + n));
        byte[][] tickets = new byte[n][];
        long[] hashes = new long[n];
        int got = source.next(tickets, n);
        for (int i = 0; i < got; i++) {
            hashes[i] = HASH.hashBytes(tickets[i]);
        }
        if (got < n) {
            taken.addAndGet(got - n); // the source ran out: give back what was not taken
        }
        if (got == 0) {
            return null;
        }
        if (got < n) {
            tickets = java.util.Arrays.copyOf(tickets, got);
            hashes = java.util.Arrays.copyOf(hashes, got);
        }
        String credential = got == 1 ? credentials.forTicket(tickets[0]) : credentials.accountKey();
        return new Request(tickets, hashes, credential, dueNanos);
    }

    private void send(LoadHttpClient.Connection c, Request r) {
        inFlight.incrementAndGet();
        ByteBuf body = body(c.alloc(), r.tickets);
        c.send(HttpMethod.POST, "/apip/tickets", r.credential, "application/json", body,
                new LoadHttpClient.ResponseHandler() {
                    @Override
                    public void onResponse(FullHttpResponse response) {
                        try {
                            answered(c, r, response);
                        } finally {
                            response.release();
                        }
                    }

                    @Override
                    public void onFailure(Throwable cause) {
                        recorder.error(0, cause::getMessage);
                        inFlight.decrementAndGet();
                        checkFinished();
                    }
                });
    }

    private void answered(LoadHttpClient.Connection c, Request r, FullHttpResponse response) {
        int status = response.status().code();
        if (status == 503) {
            recorder.retried();
            long delay = retryAfterMillis(response.headers().get(HttpHeaderNames.RETRY_AFTER));
            c.schedule(() -> {
                inFlight.decrementAndGet();
                send(c, r);
            }, delay, TimeUnit.MILLISECONDS);
            return;
        }
        if (status == 200) {
            recordAcks(r, response.content());
            recorder.success((System.nanoTime() - r.dueNanos) / 1000, r.tickets.length);
        } else {
            recorder.error(status, () -> response.content().toString(StandardCharsets.UTF_8));
        }
        inFlight.decrementAndGet();
        if (rate > 0) {
            idle.add(c);
            dispatch();
            checkFinished();
        } else {
            sendNext(c);
        }
    }

    private void checkFinished() {
        if (exhausted.get() && inFlight.get() == 0 && due.isEmpty() && finished.getCount() > 0) {
            endNanos = System.nanoTime();
            finished.countDown();
        }
    }

    private static long retryAfterMillis(String retryAfter) {
        try {
            return retryAfter == null ? 1000 : Math.max(1, Long.parseLong(retryAfter.trim())) * 1000;
        } catch (NumberFormatException e) {
            return 1000;
        }
    }

    /** The request body: the ticket itself, or a JSON array of them written straight into a pooled buffer. */
    private static ByteBuf body(ByteBufAllocator alloc, byte[][] tickets) {
        if (tickets.length == 1) {
            return Unpooled.wrappedBuffer(tickets[0]);
        }
        int size = 2 + tickets.length;
        for (byte[] t : tickets) {
            size += t.length;
        }
        ByteBuf b = alloc.directBuffer(size);
        b.writeByte('[');
        for (int i = 0; i < tickets.length; i++) {
            if (i > 0) {
                b.writeByte(',');
            }
            b.writeBytes(tickets[i]);
        }
        return b.writeByte(']');
    }

    /** Reads {@code content.results[]} of an ingest answer into the ledger, pairing them with what was sent. */
    private void recordAcks(Request r, ByteBuf content) {
        try (JsonParser p = parser(content)) {
            int i = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME && "results".equals(p.currentName())) {
                    p.nextToken();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        String ticketId = null;
                        String storeId = null;
                        long persistDate = 0;
                        int revision = 0;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String field = p.currentName();
                            p.nextToken();
                            switch (field) {
                                case "ticketId" -> ticketId = p.getText();
                                case "storeId" -> storeId = p.getText();
                                case "persistDate" -> persistDate = p.getLongValue();
                                case "revision" -> revision = p.getIntValue();
                                default -> p.skipChildren();
                            }
                        }
                        if (i < r.hashes.length) {
                            ledger.record(storeId, ticketId, revision, persistDate, r.hashes[i]);
                        }
                        i++;
                    }
                    return;
                }
            }
        } catch (IOException e) {
            recorder.error(-1, e::getMessage);
        }
    }

    /** A parser over the answer's bytes: in place when they are on the heap, else copied once into the thread's scratch. */
    private static JsonParser parser(ByteBuf content) throws IOException {
        int length = content.readableBytes();
        if (content.hasArray()) {
            return JSON.createParser(content.array(), content.arrayOffset() + content.readerIndex(), length);
        }
        byte[] scratch = ANSWER_SCRATCH.get();
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
            ANSWER_SCRATCH.set(scratch);
        }
        content.getBytes(content.readerIndex(), scratch, 0, length);
        return JSON.createParser(scratch, 0, length);
    }

    /** Which credential sends what: a store's own credential for one ticket of that store, else the account key. */
    interface Credentials {
        String accountKey();

        String forTicket(byte[] ticket);

        static Credentials of(String accountKey, Map<String, String> storeCredentials) {
            return new Credentials() {
                @Override
                public String accountKey() {
                    return accountKey;
                }

                @Override
                public String forTicket(byte[] ticket) {
                    String store = TicketFields.storeId(ticket);
                    return store == null ? accountKey : storeCredentials.getOrDefault(store, accountKey);
                }
            };
        }
    }
}
