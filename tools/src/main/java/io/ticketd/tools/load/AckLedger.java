package io.ticketd.tools.load;

import net.openhft.hashing.LongHashFunction;
import org.agrona.collections.Long2LongHashMap;

/**
 * Every ticket revision the server acknowledged during the run, with its persistDate
 * and the hash of the bytes that were sent: what verification expects to page back,
 * each exactly once and unchanged. Keyed by a 64-bit hash of store, ticket id and
 * revision in primitive maps: a run of millions of tickets must not spend its CPU in
 * the collector copying millions of surviving entry objects (it did: a fifth of the
 * generator's CPU).
 *
 * <p>Thread-safety: recording and reading are synchronized (two event loops record).
 */
final class AckLedger {
    private static final LongHashFunction HASH = LongHashFunction.xx3();
    private static final long NONE = Long.MIN_VALUE;

    private static final float LOAD_FACTOR = 0.65f;
    /** Capacity is sized up front at most this far: beyond it the maps grow as they must. */
    private static final long MAX_INITIAL_TICKETS = 1L << 23;

    private final Long2LongHashMap persistDates;
    private final Long2LongHashMap contentHashes;
    private long firstPersistDate = Long.MAX_VALUE;
    private long lastPersistDate = Long.MIN_VALUE;
    private long conflicts;

    /**
     * A ledger with room for {@code expectedTickets} acknowledgements, so that the maps
     * do not grow during a measured phase: growing a map of millions allocates and fills
     * arrays of fresh memory, and was a tenth of the generator's CPU in batch ingest.
     */
    AckLedger(long expectedTickets) {
        int capacity = (int) Math.max(1 << 16, Math.min(expectedTickets, MAX_INITIAL_TICKETS) / LOAD_FACTOR + 1);
        persistDates = new Long2LongHashMap(capacity, LOAD_FACTOR, NONE);
        contentHashes = new Long2LongHashMap(capacity, LOAD_FACTOR, 0);
    }

    /** The key of one revision of one ticket. */
    static long key(String storeId, String ticketId, int revision) {
        long h = HASH.hashChars(storeId);
        h = h * 0x9E3779B97F4A7C15L + HASH.hashChars(ticketId);
        return HASH.hashLong(h * 31 + revision);
    }

    /** Records an acknowledgement; a re-acknowledged revision must carry the same persistDate. */
    synchronized void record(String storeId, String ticketId, int revision, long persistDate, long contentHash) {
        long key = key(storeId, ticketId, revision);
        long previous = persistDates.putIfAbsent(key, persistDate);
        if (previous == NONE) {
            contentHashes.put(key, contentHash);
        } else if (previous != persistDate) {
            conflicts++;
        }
        lastPersistDate = Math.max(lastPersistDate, persistDate);
        firstPersistDate = Math.min(firstPersistDate, persistDate);
    }

    /** The acknowledged persistDate of a revision, or {@link Long#MIN_VALUE} when it was not acknowledged. */
    synchronized long persistDate(long key) {
        return persistDates.get(key);
    }

    synchronized long contentHash(long key) {
        return contentHashes.get(key);
    }

    /** Every acknowledged key, for finding the ones not paged back. */
    synchronized long[] keys() {
        long[] out = new long[persistDates.size()];
        int i = 0;
        for (Long2LongHashMap.KeyIterator it = persistDates.keySet().iterator(); it.hasNext(); ) {
            out[i++] = it.nextValue();
        }
        return out;
    }

    synchronized int size() {
        return persistDates.size();
    }

    synchronized long firstPersistDate() {
        return firstPersistDate;
    }

    synchronized long lastPersistDate() {
        return lastPersistDate;
    }

    /** Re-acknowledgements that carried another persistDate than the first (must be 0). */
    synchronized long conflicts() {
        return conflicts;
    }
}
