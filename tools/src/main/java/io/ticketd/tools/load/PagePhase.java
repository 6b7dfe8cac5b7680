package io.ticketd.tools.load;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Integrators walking stores: each walker (one connection, one request at a time)
 * picks a random store and a random start within the ingested persistDate range,
 * pages of 50, follows the cursor for up to {@value #PAGES_PER_WALK} pages, then
 * starts another walk, until the phase's time is up. One operation = one page.
 *
 * <p>Closed loop by default: a walker asks for its next page as soon as it has the
 * last. With a page rate the walkers share it open loop: each page is due at its
 * place in the schedule, sent then (or at once when the walker is behind), and its
 * latency counted from when it was due, so a slow answer also counts against the
 * pages that had to wait for it.
 *
 * <p>Thread-safety: each walker runs on its connection's event loop.
 */
final class PagePhase {
    static final int PAGES_PER_WALK = 20;
    private static final byte[] CURSOR_PREFIX = "{\"content\":{\"cursor\":\"".getBytes(StandardCharsets.US_ASCII);

    private final String name;
    private final List<LoadHttpClient.Connection> walkers;
    private final String credential;
    private final List<String> stores;
    private final long firstPersistDate;
    private final long lastPersistDate;
    private final long deadlineNanos;
    /** Between two pages of one walker, open loop; 0: closed loop. */
    private final long intervalNanos;
    private final LatencyRecorder recorder = new LatencyRecorder();
    private CountDownLatch finished;

    /** @param pagesPerSecond the walkers' pages a second together, open loop; 0 for closed loop */
    PagePhase(String name, List<LoadHttpClient.Connection> walkers, String credential, List<String> stores,
              long firstPersistDate, long lastPersistDate, long durationNanos, double pagesPerSecond) {
        this.name = name;
        this.walkers = walkers;
        this.credential = credential;
        this.stores = stores;
        this.firstPersistDate = firstPersistDate;
        this.lastPersistDate = lastPersistDate;
        this.deadlineNanos = System.nanoTime() + durationNanos;
        this.intervalNanos = pagesPerSecond > 0 ? Math.max(1, (long) (walkers.size() * 1e9 / pagesPerSecond)) : 0;
    }

    String name() {
        return name;
    }

    LatencyRecorder recorder() {
        return recorder;
    }

    void run() throws InterruptedException {
        finished = new CountDownLatch(walkers.size());
        long seed = 42;
        long start = System.nanoTime();
        for (int i = 0; i < walkers.size(); i++) {
            // open loop: the walkers' schedules interleave evenly
            new Walker(walkers.get(i), new SplittableRandom(seed++), start + i * intervalNanos / walkers.size()).walk();
        }
        finished.await(deadlineNanos - System.nanoTime() + TimeUnit.SECONDS.toNanos(60), TimeUnit.NANOSECONDS);
    }

    private final class Walker implements LoadHttpClient.ResponseHandler {
        private final LoadHttpClient.Connection connection;
        private final SplittableRandom random;
        private int pagesInWalk;
        /** When the page in flight was sent (closed loop) or due (open loop): its latency runs from here. */
        private long sentNanos;
        /** Open loop: when the next page is due. */
        private long dueNanos;

        Walker(LoadHttpClient.Connection connection, SplittableRandom random, long firstDueNanos) {
            this.connection = connection;
            this.random = random;
            this.dueNanos = firstDueNanos;
        }

        void walk() {
            pagesInWalk = 0;
            String store = stores.get(random.nextInt(stores.size()));
            long span = Math.max(1, lastPersistDate - firstPersistDate);
            long start = firstPersistDate + (long) (random.nextDouble() * span * 0.95);
            send("/apip/tickets?storeId=" + store + "&startDate=" + start + "&endDate=" + lastPersistDate
                    + "&maxPageSize=50");
        }

        /** Sends the page when it is due: closed loop, now; open loop, at its place in the schedule. */
        private void send(String path) {
            long now = System.nanoTime();
            long due = intervalNanos == 0 ? now : dueNanos;
            dueNanos += intervalNanos;
            if (due >= deadlineNanos) {
                finished.countDown();
                return;
            }
            sentNanos = due;
            if (due > now) {
                connection.schedule(() -> connection.send(HttpMethod.GET, path, credential, null, this), due - now,
                        TimeUnit.NANOSECONDS);
            } else {
                connection.send(HttpMethod.GET, path, credential, null, this);
            }
        }

        @Override
        public void onResponse(FullHttpResponse response) {
            String cursor = null;
            try {
                int status = response.status().code();
                if (status == 200) {
                    recorder.success((System.nanoTime() - sentNanos) / 1000, 1);
                    cursor = cursor(response.content());
                } else {
                    recorder.error(status, () -> response.content().toString(StandardCharsets.UTF_8));
                }
            } finally {
                response.release();
            }
            if (cursor != null && ++pagesInWalk < PAGES_PER_WALK) {
                send("/apip/tickets?cursor=" + cursor);
            } else {
                walk();
            }
        }

        @Override
        public void onFailure(Throwable cause) {
            recorder.error(0, cause::getMessage);
            finished.countDown();
        }
    }

    /** The cursor of a page answer, which the server writes first; null when the range is exhausted. */
    static String cursor(ByteBuf body) {
        int start = body.readerIndex();
        if (body.readableBytes() < CURSOR_PREFIX.length) {
            return null;
        }
        for (int i = 0; i < CURSOR_PREFIX.length; i++) {
            if (body.getByte(start + i) != CURSOR_PREFIX[i]) {
                return null;
            }
        }
        int from = start + CURSOR_PREFIX.length;
        int end = body.indexOf(from, body.writerIndex(), (byte) '"');
        return end < 0 ? null : body.toString(from, end - from, StandardCharsets.US_ASCII);
    }
}
