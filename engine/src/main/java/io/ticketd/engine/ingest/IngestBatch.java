package io.ticketd.engine.ingest;

import java.util.List;

/**
 * The tickets of one request, published together, and their acknowledgements.
 * The commit handler fills in each ticket's persistDate, revision and status, then
 * calls the listener once, when the last of them is committed (after the journal
 * sync the durability setting asks for, and after the index is written).
 *
 * <p>Thread-safety: built by the publishing thread, completed by the commit thread;
 * the ring's publication and the listener hand-off order the two. Read the results
 * only from the listener or after it was called.
 */
public final class IngestBatch {
    private final String account;
    private final List<ValidatedTicket> tickets;
    private final IngestListener listener;
    private final long[] persistDates;
    private final int[] revisions;
    private final TicketStatus[] statuses;
    private int remaining;
    private Throwable failure;
    /** Per ticket, from {@link LatestRevisions#prefetch}: key hash, persistDate, hash high, hash low. */
    private long[] prefetched;
    /** Per ticket, the latest revision the prefetch found, 0 when it found none. */
    private int[] prefetchedRevisions;
    /** The index epoch the prefetch saw, or -1 when there was none. */
    private long prefetchEpoch = -1;

    public IngestBatch(String account, List<ValidatedTicket> tickets, IngestListener listener) {
        if (tickets.isEmpty()) {
            throw new IllegalArgumentException("an ingest batch needs at least one ticket");
        }
        this.account = account;
        this.tickets = tickets;
        this.listener = listener;
        this.persistDates = new long[tickets.size()];
        this.revisions = new int[tickets.size()];
        this.statuses = new TicketStatus[tickets.size()];
        this.remaining = tickets.size();
    }

    public String account() {
        return account;
    }

    public List<ValidatedTicket> tickets() {
        return tickets;
    }

    public int size() {
        return tickets.size();
    }

    public long persistDate(int i) {
        return persistDates[i];
    }

    public int revision(int i) {
        return revisions[i];
    }

    public TicketStatus status(int i) {
        return statuses[i];
    }

    /** Why the batch was not committed, or null when it was. */
    public Throwable failure() {
        return failure;
    }

    public boolean succeeded() {
        return failure == null;
    }

    /** Number of tickets whose status is {@link TicketStatus#DUPLICATE}. */
    public int duplicates() {
        int n = 0;
        for (TicketStatus s : statuses) {
            if (s == TicketStatus.DUPLICATE) {
                n++;
            }
        }
        return n;
    }

    void prefetched(int i, long keyHash, int revision, long persistDate, long hashHigh, long hashLow) {
        if (prefetched == null) {
            prefetched = new long[tickets.size() * 4];
            prefetchedRevisions = new int[tickets.size()];
        }
        prefetched[i * 4] = keyHash;
        prefetched[i * 4 + 1] = persistDate;
        prefetched[i * 4 + 2] = hashHigh;
        prefetched[i * 4 + 3] = hashLow;
        prefetchedRevisions[i] = revision;
    }

    void prefetchedAt(long epoch) {
        prefetchEpoch = epoch;
    }

    /** The index epoch of the latest revisions looked up before publishing, or -1 when they were not. */
    long prefetchEpoch() {
        return prefetchEpoch;
    }

    long prefetchedKeyHash(int i) {
        return prefetched[i * 4];
    }

    int prefetchedRevision(int i) {
        return prefetchedRevisions[i];
    }

    long prefetchedPersistDate(int i) {
        return prefetched[i * 4 + 1];
    }

    long prefetchedHashHigh(int i) {
        return prefetched[i * 4 + 2];
    }

    long prefetchedHashLow(int i) {
        return prefetched[i * 4 + 3];
    }

    void complete(int slot, long persistDate, int revision, TicketStatus status) {
        persistDates[slot] = persistDate;
        revisions[slot] = revision;
        statuses[slot] = status;
        countDown();
    }

    void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        countDown();
    }

    private void countDown() {
        if (--remaining == 0) {
            listener.onCommitted(this);
        }
    }
}
