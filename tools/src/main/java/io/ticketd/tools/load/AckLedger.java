package io.ticketd.tools.load;

import net.openhft.hashing.LongHashFunction;
import org.agrona.collections.Long2LongHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every ticket revision the server acknowledged during the run, with its persistDate
 * and the hash of the bytes that were sent: what verification expects to page back,
 * each exactly once and unchanged. An entry is a 64-bit hash of store, ticket id and
 * revision (the key), its persistDate and its content hash, in three dense arrays.
 *
 * <p>Recording only appends: during a measured phase the generator writes each entry
 * where the last one ended. The entries are folded into a primitive map from key to
 * slot the first time they are read ({@link #size}, {@link #persistDate}, ...), which
 * the load command does between phases, outside their clocks; folding drops a
 * re-acknowledged revision (a retried request answered again) and counts it as a
 * {@linkplain #conflicts() conflict} when its persistDate differs from the first.
 * (The map was written on every acknowledgement before: a cache miss into a map of
 * millions a ticket, 13 % of the generator's CPU under batch ingest, async-profiler.)
 * Millions of entries stay out of the collector's way: no object per entry.
 *
 * <p>Thread-safety: recording and reading are synchronized (two event loops record).
 */
final class AckLedger {
    private static final LongHashFunction HASH = LongHashFunction.xx3();
    private static final int NONE = -1;

    private static final float LOAD_FACTOR = 0.65f;
    /** Capacity is sized up front at most this far: beyond it the map and arrays grow as they must. */
    private static final long MAX_INITIAL_TICKETS = 1L << 23;
    /** Conflicts kept in full (key and both persistDates) for the verifier to name; all are counted. */
    static final int MAX_CONFLICTS_KEPT = 20;

    /** Key to the slot of its entry in the arrays below, for the first {@link #indexed} entries. */
    private final Long2LongHashMap slots;
    private long[] keys;
    private long[] persistDates;
    private long[] contentHashes;
    /** Entries in the arrays: the indexed ones, then those recorded since. */
    private int appended;
    /** Entries folded into {@link #slots}: distinct, each at its slot. */
    private int indexed;
    private long firstPersistDate = Long.MAX_VALUE;
    private long lastPersistDate = Long.MIN_VALUE;
    private long conflicts;
    private final List<Conflict> conflictsKept = new ArrayList<>();

    /** A revision acknowledged again with another persistDate than its first. */
    record Conflict(long key, long firstPersistDate, long laterPersistDate) {
    }

    /**
     * A ledger with room for {@code expectedTickets} acknowledgements, so that it does not
     * grow during a measured phase: growing arrays of millions allocates and fills fresh
     * memory, and was a tenth of the generator's CPU in batch ingest.
     */
    AckLedger(long expectedTickets) {
        int entries = (int) Math.max(1 << 16, Math.min(expectedTickets, MAX_INITIAL_TICKETS));
        slots = new Long2LongHashMap((int) (entries / LOAD_FACTOR) + 1, LOAD_FACTOR, NONE);
        keys = new long[entries];
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
        if (appended == keys.length) {
            int capacity = appended * 2;
            keys = Arrays.copyOf(keys, capacity);
            persistDates = Arrays.copyOf(persistDates, capacity);
            contentHashes = Arrays.copyOf(contentHashes, capacity);
        }
        keys[appended] = key(storeId, ticketId, revision);
        persistDates[appended] = persistDate;
        contentHashes[appended] = contentHash;
        appended++;
        lastPersistDate = Math.max(lastPersistDate, persistDate);
        firstPersistDate = Math.min(firstPersistDate, persistDate);
    }

    /**
     * Folds the entries recorded since the last read into the map, in order, moving each
     * new key down to the next free slot and dropping repeats.
     */
    private void index() {
        int next = indexed;
        for (int i = indexed; i < appended; i++) {
            int slot = (int) slots.putIfAbsent(keys[i], next);
            if (slot == NONE) {
                keys[next] = keys[i];
                persistDates[next] = persistDates[i];
                contentHashes[next] = contentHashes[i];
                next++;
            } else if (persistDates[slot] != persistDates[i]) {
                conflicts++;
                if (conflictsKept.size() < MAX_CONFLICTS_KEPT) {
                    conflictsKept.add(new Conflict(keys[i], persistDates[slot], persistDates[i]));
                }
            }
        }
        indexed = next;
        appended = next;
    }

    /** The acknowledged persistDate of a revision, or {@link Long#MIN_VALUE} when it was not acknowledged. */
    synchronized long persistDate(long key) {
        index();
        int slot = (int) slots.get(key);
        return slot == NONE ? Long.MIN_VALUE : persistDates[slot];
    }

    /** The hash of the bytes sent for an acknowledged revision, or 0 when it was not acknowledged. */
    synchronized long contentHash(long key) {
        index();
        int slot = (int) slots.get(key);
        return slot == NONE ? 0 : contentHashes[slot];
    }

    /** Every acknowledged key, once each, for finding the ones not paged back. */
    synchronized long[] keys() {
        index();
        return Arrays.copyOf(keys, indexed);
    }

    /** Distinct revisions acknowledged. */
    synchronized int size() {
        index();
        return indexed;
    }

    synchronized long firstPersistDate() {
        return firstPersistDate;
    }

    synchronized long lastPersistDate() {
        return lastPersistDate;
    }

    /** Re-acknowledgements that carried another persistDate than the first (must be 0). */
    synchronized long conflicts() {
        index();
        return conflicts;
    }

    /** The first {@value #MAX_CONFLICTS_KEPT} of {@link #conflicts()}, in the order they were acknowledged. */
    synchronized List<Conflict> conflictsKept() {
        index();
        return List.copyOf(conflictsKept);
    }
}
