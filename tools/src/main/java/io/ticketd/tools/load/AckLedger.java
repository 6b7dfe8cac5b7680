package io.ticketd.tools.load;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every ticket revision the server acknowledged during the run, with its persistDate
 * and the hash of the bytes that were sent: what verification expects to page back,
 * each exactly once and unchanged.
 *
 * <p>Thread-safety: safe for concurrent recording.
 */
final class AckLedger {
    /** One acknowledged revision. */
    record Ack(long persistDate, long contentHash) {
    }

    private final Map<String, Ack> acks = new ConcurrentHashMap<>();
    private final AtomicLong firstPersistDate = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastPersistDate = new AtomicLong(Long.MIN_VALUE);
    private final LongAdder conflicts = new LongAdder();

    static String key(String storeId, String ticketId, int revision) {
        return storeId + '\u0000' + ticketId + '\u0000' + revision;
    }

    /** Records an acknowledgement; a re-acknowledged revision must carry the same persistDate. */
    void record(String storeId, String ticketId, int revision, long persistDate, long contentHash) {
        Ack previous = acks.putIfAbsent(key(storeId, ticketId, revision), new Ack(persistDate, contentHash));
        if (previous != null && previous.persistDate() != persistDate) {
            conflicts.increment();
        }
        lastPersistDate.accumulateAndGet(persistDate, Math::max);
        firstPersistDate.accumulateAndGet(persistDate, Math::min);
    }

    long firstPersistDate() {
        return firstPersistDate.get();
    }

    Map<String, Ack> acks() {
        return acks;
    }

    int size() {
        return acks.size();
    }

    long lastPersistDate() {
        return lastPersistDate.get();
    }

    /** Re-acknowledgements that carried another persistDate than the first (must be 0). */
    long conflicts() {
        return conflicts.sum();
    }
}
