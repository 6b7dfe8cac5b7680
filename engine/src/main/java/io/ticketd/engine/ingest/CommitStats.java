package io.ticketd.engine.ingest;

import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and histograms of the commit pipeline, for metrics endpoints and
 * benchmarks. Updated once per batch by the commit thread (and per rejected
 * publish by publishers), read by anyone.
 *
 * <p>Thread-safety: safe for concurrent update and read.
 */
public final class CommitStats {
    final LongAdder created = new LongAdder();
    final LongAdder revised = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder batches = new LongAdder();
    final LongAdder failedBatches = new LongAdder();
    final LongAdder ringFull = new LongAdder();
    /** Tickets per commit batch. */
    final Recorder batchSizes = new Recorder(2);
    /** Journal sync time per batch, in microseconds. */
    final Recorder syncMicros = new Recorder(3);
    private volatile long appendedRecords;
    private volatile long indexedRecords;
    private volatile long dedupeFilterCapacity;

    /** Keys the dedupe filter in use has room for; 0 while none is (after a start, until it is filled). */
    public long dedupeFilterCapacity() {
        return dedupeFilterCapacity;
    }

    void dedupeFilterInUse(long capacity) {
        dedupeFilterCapacity = capacity;
    }

    public long created() {
        return created.sum();
    }

    public long revised() {
        return revised.sum();
    }

    public long duplicates() {
        return duplicates.sum();
    }

    public long batches() {
        return batches.sum();
    }

    public long failedBatches() {
        return failedBatches.sum();
    }

    /** Publishes refused because the ring was full. */
    public long ringFull() {
        return ringFull.sum();
    }

    /** Records appended to the journal since start. */
    public long journalRecords() {
        return appendedRecords;
    }

    /** Histogram of tickets per batch since the last call (interval histogram). */
    public org.HdrHistogram.Histogram batchSizesInterval() {
        return batchSizes.getIntervalHistogram();
    }

    /** Histogram of journal sync latency in microseconds since the last call (interval histogram). */
    public org.HdrHistogram.Histogram syncMicrosInterval() {
        return syncMicros.getIntervalHistogram();
    }

    /** Journal records appended but not yet in the index: the open batch, 0 between batches. */
    public long indexLag() {
        long indexed = indexedRecords;
        return Math.max(0, appendedRecords - indexed);
    }

    // Single writer (the commit thread): a plain read-modify-write of a volatile is enough.
    @SuppressWarnings("NonAtomicOperationOnVolatileField")
    void appended() {
        appendedRecords = appendedRecords + 1;
    }

    void indexed() {
        indexedRecords = appendedRecords;
    }
}
