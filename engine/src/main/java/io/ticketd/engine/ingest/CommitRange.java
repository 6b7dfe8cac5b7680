package io.ticketd.engine.ingest;

import io.ticketd.engine.monitoring.StationState;

import java.util.List;

/**
 * One commit batch as the commit handler hands it on once its records are in the
 * journal file and its entries in the index: the ring sequences it spans, what
 * the watermark may advance to once it is durable, and why it failed, if it did.
 *
 * @param firstSequence   the first ring sequence of the batch
 * @param lastSequence    the last ring sequence of the batch
 * @param lastPersistDate the highest persistDate assigned so far, the watermark once the batch is durable
 * @param lastJournalIndex the journal index of the batch's last record, or -1 when it appended none
 * @param stations        the station states the batch produced, published once it is durable
 * @param failure         why the batch was not committed, or null
 */
record CommitRange(long firstSequence, long lastSequence, long lastPersistDate, long lastJournalIndex,
                   List<StationState> stations, Throwable failure) {
    boolean appended() {
        return lastJournalIndex >= 0;
    }
}
