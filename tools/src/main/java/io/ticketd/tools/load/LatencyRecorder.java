package io.ticketd.tools.load;

import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What one phase measured: request latency (HdrHistogram, microseconds, from the
 * intended send time in open-loop runs, so a stalled server is not hidden by the
 * generator slowing down), requests, tickets or pages done, errors by status (with
 * the first few errors' answers, to say what went wrong) and 503 retries.
 *
 * <p>Thread-safety: safe for concurrent recording from event loops.
 */
final class LatencyRecorder {
    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private final LongAdder requests = new LongAdder();
    private final LongAdder units = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final Map<Integer, LongAdder> errors = new ConcurrentHashMap<>();
    /** Errors kept in words, at most this many, each at most {@link #MAX_ERROR_CHARS}. */
    static final int MAX_ERROR_SAMPLES = 5;
    private static final int MAX_ERROR_CHARS = 300;
    private final List<String> errorSamples = new ArrayList<>();

    void success(long micros, int unitsDone) {
        recorder.recordValue(Math.max(1, micros));
        requests.increment();
        units.add(unitsDone);
    }

    /**
     * A request that failed: {@code status} is the HTTP status, 0 when the connection
     * failed, -1 when the answer could not be read; {@code detail} says what happened (the
     * answer's body, or the failure), asked for only while samples are still kept.
     */
    void error(int status, Supplier<String> detail) {
        errors.computeIfAbsent(status, s -> new LongAdder()).increment();
        synchronized (errorSamples) {
            if (errorSamples.size() < MAX_ERROR_SAMPLES) {
                String what = status > 0 ? "HTTP " + status : status == 0 ? "connection failed" : "unreadable answer";
                String said = detail.get();
                String text = said == null ? "" : said.strip();
                if (text.length() > MAX_ERROR_CHARS) {
                    text = text.substring(0, MAX_ERROR_CHARS) + "…";
                }
                errorSamples.add(text.isEmpty() ? what : what + ": " + text);
            }
        }
    }

    /** The first {@value #MAX_ERROR_SAMPLES} errors in words. */
    List<String> errorSamples() {
        synchronized (errorSamples) {
            return List.copyOf(errorSamples);
        }
    }

    void retried() {
        retried.increment();
    }

    long requests() {
        return requests.sum();
    }

    long units() {
        return units.sum();
    }

    long retries() {
        return retried.sum();
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<Integer, Long> errors() {
        Map<Integer, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Folds what was recorded since the last call into the phase total and returns the total (a copy). */
    synchronized Histogram histogram() {
        total.add(recorder.getIntervalHistogram());
        return total.copy();
    }
}
