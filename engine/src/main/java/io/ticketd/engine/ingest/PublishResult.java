package io.ticketd.engine.ingest;

/**
 * The answer to a publish attempt. Back-pressure is a value: a full ring never
 * blocks the caller and never drops a ticket it accepted.
 */
public enum PublishResult {
    /** Every ticket of the batch is in the ring; its listener will be called once they are committed. */
    ACCEPTED,
    /** The ring has no room for the whole batch right now; nothing was published. Retry later. */
    RING_FULL,
    /** The engine is closing or has failed; nothing was published. */
    UNAVAILABLE
}
