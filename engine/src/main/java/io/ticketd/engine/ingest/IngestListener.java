package io.ticketd.engine.ingest;

/**
 * Told when every ticket of an {@link IngestBatch} has been committed (or the
 * commit failed). Called on the commit thread: it must hand work off, not do it.
 */
@FunctionalInterface
public interface IngestListener {
    void onCommitted(IngestBatch batch);
}
