package io.ticketd.tools.load;

import net.openhft.hashing.LongHashFunction;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * Every ticket revision the server acknowledged during the run, with its persistDate
 * and the hash of the bytes that were sent: what verification expects to page back,
 * each exactly once and unchanged. Keyed by a 64-bit hash of store, ticket id and
 * revision in one primitive map to the entry's slot in two dense arrays: a run of
 * millions of tickets must not spend its CPU in the collector copying millions of
 * surviving entry objects (it did: a fifth of the generator's CPU), and one map of
 * millions of keys costs a cache miss a record where two (persistDate and hash apart)
 * cost two.
 *
 * <p>Thread-safety: recording and reading are synchronized (two event loops record).
 */
final class AckLedger {
    private static final LongHashFunction HASH = LongHashFunction.xx3();
    private static final int NONE = -1;

    private static final float LOAD_FACTOR = 0.65f;
    /** Capacity is sized up front at most this far: beyond it the map and arrays grow as they must. */
    private static final long MAX_INITIAL_TICKETS = 1L << 23;

    /** Key to the slot of its entry in the arrays below. */
    private final Long2LongHashMap slots;
    private long[] persistDates;
    private long[] contentHashes;
    private int size;
    private long firstPersistDate = Long.MAX_VALUE;
    private long lastPersistDate = Long.MIN_VALUE;
    private long conflicts;

    /**
     * A ledger with room for {@code expectedTickets} acknowledgements, so that it does not
     * grow during a measured phase: growing a map of millions allocates and fills arrays of
     * fresh memory, and was a tenth of the generator's CPU in batch ingest.
     */
    AckLedger(long expectedTickets) {
        int entries = (int) Math.max(1 << 16, Math.min(expectedTickets, MAX_INITIAL_TICKETS));
        slots = new Long2LongHashMap((int) (entries / LOAD_FACTOR) + 1, LOAD_FACTOR, NONE);
        persistDates = new long[entries];
        contentHashes = new long[entries];
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
        int slot = (int) slots.putIfAbsent(key, size);
        if (slot == NONE) {
            if (size == persistDates.length) {
                persistDates = Arrays.copyOf(persistDates, size * 2);
                contentHashes = Arrays.copyOf(contentHashes, size * 2);
            }
            persistDates[size] = persistDate;
            contentHashes[size] = contentHash;
            size++;
        } else if (persistDates[slot] != persistDate) {
            conflicts++;
        }
        lastPersistDate = Math.max(lastPersistDate, persistDate);
        firstPersistDate = Math.min(firstPersistDate, persistDate);
    }

    /** The acknowledged persistDate of a revision, or {@link Long#MIN_VALUE} when it was not acknowledged. */
    synchronized long persistDate(long key) {
        int slot = (int) slots.get(key);
        return slot == NONE ? Long.MIN_VALUE : persistDates[slot];
    }

    /** The hash of the bytes sent for an acknowledged revision, or 0 when it was not acknowledged. */
    synchronized long contentHash(long key) {
        int slot = (int) slots.get(key);
        return slot == NONE ? 0 : contentHashes[slot];
    }

    /** Every acknowledged key, for finding the ones not paged back. */
    synchronized long[] keys() {
        long[] out = new long[size];
        int i = 0;
        for (Long2LongHashMap.KeyIterator it = slots.keySet().iterator(); it.hasNext(); ) {
            out[i++] = it.nextValue();
        }
        return out;
    }

    synchronized int size() {
        return size;
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
