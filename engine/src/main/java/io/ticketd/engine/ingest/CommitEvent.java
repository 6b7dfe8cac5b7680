package io.ticketd.engine.ingest;

import io.ticketd.engine.monitoring.StationPush;
import io.ticketd.engine.monitoring.StationState;

/**
 * One slot of the commit ring. The ring pre-allocates these; a publisher points a
 * slot at a validated ticket and the batch awaiting it, and the commit handler
 * reads it. Nothing is copied into the slot: the ticket's bytes stay in the
 * request's buffer until the batch is acknowledged.
 *
 * <p>Thread-safety: written by one publisher before the slot is published, read by
 * the commit thread after; the ring's sequence barrier orders the two.
 */
final class CommitEvent {
    IngestBatch batch;
    int slot;
    ValidatedTicket ticket;
    /** Set instead of {@code batch} and {@code ticket} when the event is a station monitoring push. */
    StationPush station;
    StationState stationState;

    // Filled in by the commit handler while the batch it belongs to is open.
    long persistDate;
    int revision;
    TicketStatus status;
    int keyHashSlot;
    int previousSameKey;

    void set(IngestBatch batch, int slot) {
        this.station = null;
        this.batch = batch;
        this.slot = slot;
        this.ticket = batch.tickets().get(slot);
    }

    void set(StationPush push) {
        this.batch = null;
        this.ticket = null;
        this.station = push;
    }

    void clear() {
        batch = null;
        ticket = null;
        status = null;
        station = null;
        stationState = null;
    }
}
