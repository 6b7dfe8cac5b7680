package io.ticketd.engine.ingest;

/**
 * How far queries may see. Written only by the commit thread, after a batch's index
 * entries are in RocksDB; read by query threads before they open an iterator.
 *
 * <ul>
 * <li>{@link #committed()}: the persistDate of the last ticket that is durable (under
 *     the configured durability), indexed and visible.</li>
 * <li>{@link #horizon()}: a persistDate at or above {@code committed} that no future
 *     ticket can receive. It advances with the clock while the engine is idle, so
 *     that a range ending "now" can be reported exhausted on a quiet system.</li>
 * </ul>
 * Every ticket with persistDate at or below the horizon is visible: queries see a
 * prefix of the commit order (invariant 3).
 *
 * <p>Thread-safety: single writer, many readers (volatile fields).
 */
public final class CommitWatermark {
    private volatile long committed;
    private volatile long horizon;

    CommitWatermark(long lastPersistDate) {
        this.committed = lastPersistDate;
        this.horizon = lastPersistDate;
    }

    public long committed() {
        return committed;
    }

    public long horizon() {
        return horizon;
    }

    void committed(long persistDate) {
        committed = persistDate;
        horizon = persistDate;
    }

    void horizon(long persistDate) {
        horizon = persistDate;
    }
}
