package io.ticketd.engine.ingest;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.ticketd.engine.journal.Journal;
import io.ticketd.engine.monitoring.StationPush;
import io.ticketd.engine.monitoring.StationStates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The second stage of the commit pipeline. For each {@link CommitRange} the commit
 * handler hands on (its records already in the journal file, its entries in the
 * index but not yet visible) it makes the records durable, then advances the
 * watermark (now queries see them), publishes station states, acknowledges the
 * range's requests and only then frees its ring slots, in range order.
 *
 * <p>With durability {@code fsync} it runs on its own thread, and one
 * {@code fdatasync} covers every range that waited for it: the commit thread
 * journals and indexes the next batch while the disk syncs this one, instead of
 * waiting for it. With durability {@code none} there is nothing to wait for, and
 * ranges complete on the commit thread as they are handed on; the stage's thread then
 * only writes the journal back in the background, syncing what was handed on every
 * {@value #WRITEBACK_INTERVAL_MILLIS} ms. Acknowledgements never wait for it: it keeps
 * the dirty part of the journal small, so that sealing a segment (which syncs it, on
 * the commit thread) has little left to write. Without it, sealing synced up to a
 * whole segment: ingest stalled 200 – 300 ms every 256 MiB (p99.9 of ingest-batch 184 –
 * 250 ms with {@code none}, against 38 – 51 ms with {@code fsync}).
 *
 * <p>Ring slots stay untouched until their range completes: the ring gates its
 * publishers on {@link #durableSequence()}, so a full ring (a 503) is also what a
 * slow disk looks like to clients.
 *
 * <p>Thread-safety: {@link #submit}, {@link #idle} and {@link #close} are called by the
 * commit thread only. A range completes either on the stage's thread or, when nothing
 * else is in flight, on the commit thread; never on both at once, and always in order.
 * The writeback (durability none) runs beside the commit thread: the journal's sync is
 * safe while its appender writes.
 */
final class SyncStage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncStage.class);
    private static final CommitRange STOP = new CommitRange(-1, -1, 0, -1, List.of(), null);
    /** With durability none, how often the journal is written back. */
    static final long WRITEBACK_INTERVAL_MILLIS = 50;

    private final JournalSync sync;
    private final RingBuffer<CommitEvent> ring;
    private final CommitWatermark watermark;
    private final CommitStats stats;
    private final StationStates stations;
    private final Consumer<Throwable> onFailure;
    private final Sequence durable = new Sequence();
    private final LinkedBlockingQueue<CommitRange> queue = new LinkedBlockingQueue<>();
    private final List<CommitRange> taken = new ArrayList<>();
    private final Thread thread;
    private final boolean syncs;
    /** The last sequence handed on (commit thread only). */
    private long handed = -1;
    /** Set once a sync failed: nothing after it is acknowledged (by whichever thread completes ranges). */
    private volatile Throwable syncFailure;
    /** With durability none, the last journal index handed on, for the writeback (-1: none yet). */
    private volatile long handedJournalIndex = -1;

    /** Makes the journal's records up to an index durable: {@link Journal#syncThrough}. */
    @FunctionalInterface
    interface JournalSync {
        void syncThrough(long index) throws java.io.IOException;
    }

    SyncStage(JournalSync sync, Durability durability, RingBuffer<CommitEvent> ring, CommitWatermark watermark,
              CommitStats stats, StationStates stations, Consumer<Throwable> onFailure) {
        this.sync = sync;
        this.ring = ring;
        this.watermark = watermark;
        this.stats = stats;
        this.stations = stations;
        this.onFailure = onFailure;
        this.syncs = durability == Durability.FSYNC;
        thread = syncs ? new Thread(this::run, "ticketd-sync") : new Thread(this::writeBack, "ticketd-writeback");
        thread.setDaemon(false);
    }

    /** The sequence up to which every event is acknowledged and its slot free for publishers. */
    Sequence durableSequence() {
        return durable;
    }

    void start() {
        thread.start();
    }

    /**
     * Hands on a range; ranges are submitted in sequence order. When every range handed
     * on before has completed and no event waits in the ring behind this one, the commit
     * thread has nothing to overlap with the sync, so it completes the range itself: a
     * lone request (one connection, one ticket at a time) does not pay for waking the
     * stage's thread.
     */
    void submit(CommitRange range) {
        boolean inline = !syncs || (idle() && ring.getCursor() == range.lastSequence());
        handed = range.lastSequence();
        if (!syncs && range.failure() == null && range.appended()) {
            handedJournalIndex = range.lastJournalIndex();
        }
        if (inline) {
            complete(List.of(range));
        } else {
            queue.add(range);
        }
    }

    /** Whether every range handed on has completed. */
    boolean idle() {
        return durable.get() == handed;
    }

    private void run() {
        try {
            boolean stop = false;
            while (!stop) {
                taken.add(queue.take());
                queue.drainTo(taken);
                stop = taken.get(taken.size() - 1) == STOP; // close() puts it last, after every range
                if (stop) {
                    taken.remove(taken.size() - 1);
                }
                complete(taken);
                taken.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("the sync stage was interrupted; requests waiting for their sync are not acknowledged");
        }
    }

    /** Durability none: syncs what was handed on every interval, until {@link #close}. */
    private void writeBack() {
        long synced = -1;
        try {
            while (queue.poll(WRITEBACK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS) != STOP) {
                long index = handedJournalIndex;
                if (index > synced) {
                    sync.syncThrough(index);
                    synced = index;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            syncFailure = t;
            onFailure.accept(t); // a journal the disk refused to write cannot be trusted, acknowledged or not
        }
    }

    /** Syncs the journal once for all of {@code ranges}, then completes each, in order. */
    private void complete(List<CommitRange> ranges) {
        long lastIndex = -1;
        for (CommitRange r : ranges) {
            if (r.failure() == null && r.appended()) {
                lastIndex = r.lastJournalIndex();
            }
        }
        if (syncs && lastIndex >= 0 && syncFailure == null) {
            long t0 = System.nanoTime();
            try {
                sync.syncThrough(lastIndex);
                stats.syncMicros.recordValue((System.nanoTime() - t0) / 1000);
            } catch (Throwable t) {
                syncFailure = t;
                onFailure.accept(t);
            }
        }
        for (CommitRange r : ranges) {
            Throwable failed = r.failure() != null ? r.failure() : syncFailure;
            if (failed == null && r.appended()) {
                r.stations().forEach(stations::publish);
                watermark.committed(r.lastPersistDate());
            }
            acknowledge(r, failed);
            durable.set(r.lastSequence());
        }
    }

    private void acknowledge(CommitRange range, Throwable failed) {
        int created = 0;
        int revised = 0;
        int duplicates = 0;
        for (long sequence = range.firstSequence(); sequence <= range.lastSequence(); sequence++) {
            CommitEvent e = ring.get(sequence);
            try {
                if (e.station != null) {
                    if (failed != null) {
                        StationPush.failed(e.station, failed);
                    } else {
                        StationPush.completed(e.station, e.persistDate);
                    }
                } else if (failed != null) {
                    e.batch.fail(failed);
                } else {
                    switch (e.status) {
                        case CREATED -> created++;
                        case REVISED -> revised++;
                        default -> duplicates++;
                    }
                    e.batch.complete(e.slot, e.persistDate, e.revision, e.status);
                }
            } catch (Throwable t) {
                LOG.error("an ingest listener failed; the ticket was committed, its acknowledgement may be lost", t);
            }
            e.clear();
        }
        if (failed != null) {
            stats.failedBatches.increment();
        } else {
            stats.created.add(created);
            stats.revised.add(revised);
            stats.duplicates.add(duplicates);
            stats.batches.increment();
            stats.batchSizes.recordValue(range.lastSequence() - range.firstSequence() + 1);
        }
    }

    /** Completes every range handed on, then stops the stage's thread. */
    @Override
    public void close() {
        if (!thread.isAlive()) {
            return;
        }
        queue.add(STOP);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
