package io.ticketd.engine.registry;

import io.ticketd.engine.registry.RegistryDescriptor.Family;
import io.ticketd.engine.registry.RegistryStore.Batch;
import io.ticketd.engine.registry.RegistryStore.Sync;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The trail of credential events, in the registry's {@code audit} column family, newest
 * last ({@link RegistryDescriptor} draws the key).
 *
 * <p>It is capped: it keeps the newest {@link #DEFAULT_CAPACITY} events (or the capacity it
 * was opened with). Every append deletes the event {@code capacity} places older in the same
 * write, and opening trims anything beyond the cap, so a flood of bad requests, each of which
 * appends an {@code auth_failed} event, cannot fill the disk; it can only push older events
 * out.
 *
 * <p>Durability: an event added to a mutation's batch is exactly as durable as the mutation
 * (synced). {@link #appendUnsynced} writes without waiting for the disk, because failed
 * authentications happen on the request path: they survive a crash of the process, not of
 * the machine.
 *
 * <p>Thread-safety: safe from any thread. Sequence numbers come from an atomic counter, so
 * events from concurrent threads get distinct keys; their order is the order they were
 * numbered in. Reads go to RocksDB rather than memory: the trail can hold 100,000 events that
 * only an admin looking into a problem reads.
 */
final class AuditLog {
    static final int DEFAULT_CAPACITY = 100_000;

    private final RegistryStore store;
    private final int capacity;
    private final AtomicLong lastSequence;

    private AuditLog(RegistryStore store, int capacity, long lastSequence) {
        this.store = store;
        this.capacity = capacity;
        this.lastSequence = new AtomicLong(lastSequence);
    }

    /** Opens the trail in {@code store}, trimming it to {@code capacity} events. */
    static AuditLog open(RegistryStore store, int capacity) throws IOException {
        if (capacity < 1) {
            throw new IllegalArgumentException("the audit capacity must be at least 1, got " + capacity);
        }
        byte[] first = store.edgeKey(Family.AUDIT, true);
        byte[] last = store.edgeKey(Family.AUDIT, false);
        if (last == null) {
            return new AuditLog(store, capacity, 0);
        }
        long lastSequence = RegistryDescriptor.auditSequence(last);
        long keepFrom = lastSequence - capacity + 1;
        if (RegistryDescriptor.auditSequence(first) < keepFrom) {
            try (Batch batch = store.batch()) {
                batch.deleteRange(Family.AUDIT, first, RegistryDescriptor.auditKey(keepFrom)).commit(Sync.SYNC);
            }
        }
        return new AuditLog(store, capacity, lastSequence);
    }

    /** Adds {@code event} to a mutation's batch, to be written with it. */
    void addTo(Batch batch, AuditEvent event) {
        long sequence = lastSequence.incrementAndGet();
        batch.put(Family.AUDIT, RegistryDescriptor.auditKey(sequence), RegistryCodec.encode(event));
        long expired = sequence - capacity;
        if (expired > 0) {
            batch.delete(Family.AUDIT, RegistryDescriptor.auditKey(expired));
        }
    }

    /** Writes {@code event} on its own, without waiting for the disk. */
    void appendUnsynced(AuditEvent event) {
        try (Batch batch = store.batch()) {
            addTo(batch, event);
            batch.commit(Sync.NO_SYNC);
        }
    }

    /** Up to {@code limit} events, newest first: all of them, or those of one account when {@code accountId} is set. */
    List<AuditEvent> newest(String accountId, int limit) throws IOException {
        List<AuditEvent> events = new ArrayList<>();
        if (limit <= 0) {
            return events;
        }
        store.scan(Family.AUDIT, false, (key, value) -> {
            AuditEvent event = RegistryCodec.decode(value, AuditEvent.class,
                    "audit event " + RegistryDescriptor.auditSequence(key));
            if (accountId == null || Objects.equals(accountId, event.accountId())) {
                events.add(event);
            }
            return events.size() < limit;
        });
        return events;
    }
}
