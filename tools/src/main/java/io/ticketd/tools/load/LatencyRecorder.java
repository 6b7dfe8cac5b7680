package io.ticketd.tools.load;

import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one phase measured: request latency (HdrHistogram, microseconds, from the
 * intended send time in open-loop runs, so a stalled server is not hidden by the
 * generator slowing down), requests, tickets or pages done, errors by status and
 * 503 retries.
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

    void success(long micros, int unitsDone) {
        recorder.recordValue(Math.max(1, micros));
        requests.increment();
        units.add(unitsDone);
    }

    void error(int status) {
        errors.computeIfAbsent(status, s -> new LongAdder()).increment();
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
