package io.ticketd.engine.ingest;

import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutBlockingWaitStrategy;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import org.rocksdb.RocksDBException;
import io.ticketd.engine.index.IndexStore;
import io.ticketd.engine.journal.Journal;
import io.ticketd.engine.monitoring.StationPush;
import io.ticketd.engine.monitoring.StationStates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The ingest path: a Disruptor ring of pre-allocated {@link CommitEvent}s, many
 * publishers (the HTTP event loops), one {@link CommitHandler} and behind it the
 * {@link SyncStage} that makes batches durable and acknowledges them. A batch of tickets
 * is claimed and published as one contiguous run of slots, so it is committed
 * together or, when the ring lacks room, not published at all.
 *
 * <p>Thread-safety: {@link #tryPublish} may be called from any thread; it never
 * blocks. {@link #close} drains what was accepted, syncs and stops the commit thread.
 */
public final class IngestPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    /** How long the commit thread waits for work before it advances the idle horizon. */
    private static final long IDLE_TIMEOUT_MICROS = 1000;
    private static final long DRAIN_TIMEOUT_SECONDS = 60;
    private static final long STARTUP_TIMEOUT_SECONDS = 30;

    private final Disruptor<CommitEvent> disruptor;
    private final RingBuffer<CommitEvent> ring;
    private final CommitHandler handler;
    private final CommitWatermark watermark;
    private final CommitStats stats = new CommitStats();
    private final AtomicInteger publishing = new AtomicInteger();
    private volatile boolean accepting = true;
    private volatile Thread commitThread;

    public IngestPipeline(Journal journal, IndexStore index, Durability durability, int ringSize,
                          LongSupplier clockMicros, long lastPersistDate, StationStates stations) {
        this(journal, index, durability, ringSize, clockMicros, lastPersistDate, stations, journal::syncThrough);
    }

    /** As the public constructor, syncing through {@code sync} (tests hold or fail syncs). */
    IngestPipeline(Journal journal, IndexStore index, Durability durability, int ringSize, LongSupplier clockMicros,
                   long lastPersistDate, StationStates stations, SyncStage.JournalSync sync) {
        this.watermark = new CommitWatermark(lastPersistDate);
        this.disruptor = new Disruptor<>(CommitEvent::new, ringSize, r -> {
            Thread t = new Thread(r, "ticketd-commit");
            t.setDaemon(false);
            commitThread = t;
            return t;
        }, ProducerType.MULTI, new TimeoutBlockingWaitStrategy(IDLE_TIMEOUT_MICROS, TimeUnit.MICROSECONDS));
        this.handler = new CommitHandler(journal, index, durability, clockMicros, lastPersistDate,
                disruptor.getRingBuffer(), watermark, stats, stations, sync);
        disruptor.handleEventsWith(handler);
        disruptor.setDefaultExceptionHandler(new LoggingExceptionHandler());
        this.ring = disruptor.start();
        awaitCommitThread();
    }

    /**
     * Waits until the commit thread runs. The Disruptor's shutdown only drains consumers
     * that are running: were {@link #close} called before the thread entered its loop,
     * it would halt it with accepted tickets still in the ring, never committed.
     */
    private void awaitCommitThread() {
        try {
            if (!handler.awaitStarted(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                disruptor.halt();
                throw new IllegalStateException("the commit thread did not start within " + STARTUP_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            disruptor.halt();
            throw new IllegalStateException("interrupted while starting the commit thread", e);
        }
    }

    /**
     * Publishes every ticket of {@code batch} into the ring, or none of them.
     *
     * @throws IllegalArgumentException when the batch is larger than the ring could ever hold
     */
    public PublishResult tryPublish(IngestBatch batch) {
        int n = batch.size();
        if (n > ring.getBufferSize()) {
            throw new IllegalArgumentException("a batch of " + n + " tickets cannot fit a ring of "
                    + ring.getBufferSize());
        }
        publishing.incrementAndGet();
        try {
            if (!accepting || handler.failure() != null) {
                return PublishResult.UNAVAILABLE;
            }
            if (!ring.hasAvailableCapacity(n)) {
                stats.ringFull.increment();
                return PublishResult.RING_FULL;
            }
            try {
                handler.prefetch(batch); // on this thread, not the commit thread's
            } catch (RocksDBException e) {
                LOG.warn("cannot look up latest revisions before publishing; the commit thread will", e);
            }
            long hi;
            try {
                hi = ring.tryNext(n);
            } catch (InsufficientCapacityException e) {
                stats.ringFull.increment();
                return PublishResult.RING_FULL;
            }
            long lo = hi - n + 1;
            for (int i = 0; i < n; i++) {
                ring.get(lo + i).set(batch, i);
            }
            ring.publish(lo, hi);
            return PublishResult.ACCEPTED;
        } finally {
            publishing.decrementAndGet();
        }
    }

    /** Publishes a station monitoring push; like a ticket, it is committed to the journal. Never blocks. */
    public PublishResult tryPublish(StationPush push) {
        publishing.incrementAndGet();
        try {
            if (!accepting || handler.failure() != null) {
                return PublishResult.UNAVAILABLE;
            }
            long sequence;
            try {
                sequence = ring.tryNext();
            } catch (InsufficientCapacityException e) {
                stats.ringFull.increment();
                return PublishResult.RING_FULL;
            }
            ring.get(sequence).set(push);
            ring.publish(sequence);
            return PublishResult.ACCEPTED;
        } finally {
            publishing.decrementAndGet();
        }
    }

    /** Free slots in the ring now. */
    public long remainingCapacity() {
        return ring.remainingCapacity();
    }

    public int ringSize() {
        return ring.getBufferSize();
    }

    public CommitWatermark watermark() {
        return watermark;
    }

    public CommitStats stats() {
        return stats;
    }

    /** Why the pipeline stopped accepting writes, or null while it is healthy. */
    public Throwable failure() {
        return handler.failure();
    }

    /**
     * Stops accepting, commits and acknowledges everything already accepted, syncs the
     * journal and stops the commit thread.
     */
    @Override
    public void close() {
        accepting = false;
        while (publishing.get() != 0) {
            Thread.onSpinWait(); // a publisher that saw accepting == true is finishing its publish
        }
        try {
            disruptor.shutdown(DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.error("the commit ring did not drain within {} s; stopping it anyway", DRAIN_TIMEOUT_SECONDS);
            disruptor.halt();
        }
        Thread t = commitThread;
        if (t != null) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Exceptions the handler did not catch itself (it catches its own): log them, never stall the ring. */
    private static final class LoggingExceptionHandler implements ExceptionHandler<CommitEvent> {
        @Override
        public void handleEventException(Throwable ex, long sequence, CommitEvent event) {
            LOG.error("commit handler failed at sequence {}", sequence, ex);
        }

        @Override
        public void handleOnStartException(Throwable ex) {
            LOG.error("commit handler failed to start", ex);
        }

        @Override
        public void handleOnShutdownException(Throwable ex) {
            LOG.error("commit handler failed to shut down", ex);
        }
    }
}
