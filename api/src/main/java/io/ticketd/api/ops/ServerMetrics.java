package io.ticketd.api.ops;

import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.ingest.CommitStats;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's metrics, written in the Prometheus text format: HTTP request latency
 * by route and responses by status (recorded per response on the event loops), and
 * the engine's ingest counters, ingest rate, ring capacity, commit batch size,
 * journal sync latency and index lag. Histograms are HdrHistogram, exposed as
 * Prometheus histograms (cumulative buckets).
 *
 * <p>Thread-safety: safe for concurrent recording and scraping.
 */
public final class ServerMetrics {
    private static final double[] LATENCY_BUCKETS_SECONDS = {
            0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final double[] BATCH_BUCKETS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 50000};
    private static final int RATE_WINDOW_SECONDS = 10;

    private final TicketEngine engine;
    private final Map<String, Histogram> latencyByRoute = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> responsesByStatus = new ConcurrentHashMap<>();
    private final AtomicLong openConnections = new AtomicLong();
    private final LongAdder connectionsAccepted = new LongAdder();
    private final Histogram batchSizes = new Histogram(3);
    private final Histogram syncMicros = new Histogram(3);
    private final long[] committedAt = new long[RATE_WINDOW_SECONDS + 1];
    private final long[] sampledAtNanos = new long[RATE_WINDOW_SECONDS + 1];
    private int sample;

    public ServerMetrics(TicketEngine engine) {
        this.engine = engine;
    }

    public void connectionOpened() {
        openConnections.incrementAndGet();
        connectionsAccepted.increment();
    }

    public void connectionClosed() {
        openConnections.decrementAndGet();
    }

    /** One response: the route that served it (or {@code unmatched}), its status and how long it took. */
    public void recordResponse(String route, int status, long nanos) {
        responsesByStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        latencyByRoute.computeIfAbsent(route, r -> new ConcurrentHistogram(3))
                .recordValue(Math.max(1, nanos / 1000));
    }

    /**
     * Drains the engine's interval histograms and samples the ingest counter; call
     * about once a second (the server schedules it).
     */
    public synchronized void sample() {
        CommitStats stats = engine.stats();
        batchSizes.add(stats.batchSizesInterval());
        syncMicros.add(stats.syncMicrosInterval());
        sample = (sample + 1) % committedAt.length;
        committedAt[sample] = stats.created() + stats.revised() + stats.duplicates();
        sampledAtNanos[sample] = System.nanoTime();
    }

    /** Tickets acknowledged per second over the last ten seconds. */
    public synchronized double ingestRate() {
        int oldest = (sample + 1) % committedAt.length;
        long dt = sampledAtNanos[sample] - sampledAtNanos[oldest];
        if (sampledAtNanos[oldest] == 0 || dt <= 0) {
            return 0;
        }
        return (committedAt[sample] - committedAt[oldest]) * 1e9 / dt;
    }

    /** Writes every metric in the Prometheus text exposition format (version 0.0.4). */
    public synchronized String prometheus() {
        StringBuilder out = new StringBuilder(8192);
        CommitStats stats = engine.stats();
        counter(out, "ticketd_ingest_tickets_total", "Tickets acknowledged, by what the commit did with them.", null);
        out.append("ticketd_ingest_tickets_total{status=\"created\"} ").append(stats.created()).append('\n');
        out.append("ticketd_ingest_tickets_total{status=\"revised\"} ").append(stats.revised()).append('\n');
        out.append("ticketd_ingest_tickets_total{status=\"duplicate\"} ").append(stats.duplicates()).append('\n');
        gauge(out, "ticketd_ingest_rate_tickets_per_second", "Tickets acknowledged per second over the last 10 s.",
                ingestRate());
        counter(out, "ticketd_commit_batches_total", "Commit batches (group commits).", stats.batches());
        counter(out, "ticketd_commit_failed_batches_total", "Commit batches that failed (journal or index error).",
                stats.failedBatches());
        counter(out, "ticketd_ring_full_total", "Publishes refused because the commit ring was full (answered 503).",
                stats.ringFull());
        gauge(out, "ticketd_ring_remaining_capacity", "Free slots in the commit ring.", engine.ringRemainingCapacity());
        gauge(out, "ticketd_ring_size", "Slots in the commit ring.", engine.ringSize());
        gauge(out, "ticketd_index_lag_records", "Journal records appended but not yet indexed.", stats.indexLag());
        counter(out, "ticketd_journal_records_total", "Records appended to the journal since start.",
                stats.journalRecords());
        gauge(out, "ticketd_engine_failed", "1 when the engine stopped accepting writes after a storage failure.",
                engine.failure() == null ? 0 : 1);
        histogram(out, "ticketd_commit_batch_size", "Tickets per commit batch.", null, batchSizes, BATCH_BUCKETS, 1);
        histogram(out, "ticketd_journal_sync_seconds", "Journal fdatasync time per commit batch.", null, syncMicros,
                LATENCY_BUCKETS_SECONDS, 1e6);
        gauge(out, "ticketd_http_open_connections", "Open HTTP connections.", openConnections.get());
        counter(out, "ticketd_http_connections_total", "HTTP connections accepted.", connectionsAccepted.sum());
        counter(out, "ticketd_http_responses_total", "HTTP responses by status code.", null);
        for (Map.Entry<Integer, LongAdder> e : new TreeMap<>(responsesByStatus).entrySet()) {
            out.append("ticketd_http_responses_total{code=\"").append(e.getKey()).append("\"} ")
                    .append(e.getValue().sum()).append('\n');
        }
        out.append("# HELP ticketd_http_request_duration_seconds HTTP request latency by route.\n");
        out.append("# TYPE ticketd_http_request_duration_seconds histogram\n");
        for (Map.Entry<String, Histogram> e : new TreeMap<>(latencyByRoute).entrySet()) {
            histogramSeries(out, "ticketd_http_request_duration_seconds", "route=\"" + e.getKey() + "\"",
                    e.getValue().copy(), LATENCY_BUCKETS_SECONDS, 1e6);
        }
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, Long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        if (value != null) {
            out.append(name).append(' ').append(value).append('\n');
        }
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        counter(out, name, help, Long.valueOf(value));
    }

    private static void gauge(StringBuilder out, String name, String help, double value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(format(value)).append('\n');
    }

    private static void histogram(StringBuilder out, String name, String help, String labels, Histogram h,
                                  double[] buckets, double unitsPerValue) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" histogram\n");
        histogramSeries(out, name, labels, h, buckets, unitsPerValue);
    }

    /** Cumulative buckets of a histogram whose values are in units of {@code 1 / unitsPerValue} of the bucket unit. */
    private static void histogramSeries(StringBuilder out, String name, String labels, Histogram h, double[] buckets,
                                        double unitsPerValue) {
        String prefix = labels == null ? "" : labels + ",";
        for (double bound : buckets) {
            long count = h.getTotalCount() == 0 ? 0 : h.getCountBetweenValues(0, (long) (bound * unitsPerValue));
            out.append(name).append("_bucket{").append(prefix).append("le=\"").append(format(bound)).append("\"} ")
                    .append(count).append('\n');
        }
        out.append(name).append("_bucket{").append(prefix).append("le=\"+Inf\"} ").append(h.getTotalCount()).append('\n');
        double sum = h.getTotalCount() == 0 ? 0 : h.getMean() * h.getTotalCount() / unitsPerValue;
        String l = labels == null ? "" : "{" + labels + "}";
        out.append(name).append("_sum").append(l).append(' ').append(format(sum)).append('\n');
        out.append(name).append("_count").append(l).append(' ').append(h.getTotalCount()).append('\n');
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
