package io.ticketd.engine.registry;

/**
 * A credential as authentication sees it: its record, the hash to compare secrets with,
 * the answer to give on success (built once, so a success allocates nothing), and when it
 * was last used. Immutable but for {@link LastUsed}, which every entry of the same key
 * shares: a change of state makes a new entry around the same cell.
 *
 * <p>Thread-safety: safe to read from any thread; the last-used cell is written by
 * authenticating threads and persisted under the registry's lock.
 */
final class KeyEntry {
    /** How stale a last-used time may be: authenticating threads write it at most once a second per key. */
    static final long LAST_USED_RESOLUTION_MICROS = 1_000_000;

    final CredentialRecord record;
    /** Null for a tombstone. */
    final byte[] secretHash;
    /** Null for a tombstone. */
    final Authentication success;
    final LastUsed lastUsed;

    private KeyEntry(CredentialRecord record, LastUsed lastUsed) {
        this.record = record;
        this.lastUsed = lastUsed;
        if (record.state().isTombstone()) {
            this.secretHash = null;
            this.success = null;
        } else {
            this.secretHash = CredentialFormat.parseHash(record.secretSha256());
            this.success = Authentication.ok(principal(record));
        }
    }

    /** An entry for a record just loaded or created. */
    static KeyEntry of(CredentialRecord record) {
        return new KeyEntry(record, new LastUsed(record.lastUsedDate()));
    }

    /** The same key with a new record (a change of state); the last-used time carries over. */
    KeyEntry with(CredentialRecord newRecord) {
        return new KeyEntry(newRecord, lastUsed);
    }

    String keyId() {
        return record.keyId();
    }

    boolean isTombstone() {
        return record.state().isTombstone();
    }

    boolean isLiveAccessKey() {
        return record.kind() == CredentialKind.ACCESS && !isTombstone();
    }

    /** The record to write: the stored one with the current last-used time. */
    CredentialRecord recordForDisk() {
        return record.withLastUsed(lastUsed.value());
    }

    AccessKey toAccessKey() {
        return new AccessKey(record.keyId(), record.accountId(), record.name(), record.scopeSet(), record.stores(),
                record.state() == CredentialRecord.State.ACTIVE, record.createdDate(), lastUsed.value());
    }

    private static Principal principal(CredentialRecord r) {
        return new Principal(r.keyId(), r.kind(), r.accountId(), r.storeId(), r.scopeSet(), r.stores());
    }

    /** When a key last authenticated: written in memory per request, persisted by a periodic flush. */
    static final class LastUsed {
        private static final long NEVER = Long.MIN_VALUE;

        private volatile long micros;
        /** The value last written to disk; read and written under the registry's lock only. */
        private long persisted;

        LastUsed(Long stored) {
            this.micros = stored == null ? NEVER : stored;
            this.persisted = micros;
        }

        /**
         * Records a use at {@code now}, unless the recorded one is less than a second older:
         * keys used by many event loops at once would otherwise fight over one cache line.
         */
        void touch(long now) {
            long last = micros;
            if (last == NEVER || now - last >= LAST_USED_RESOLUTION_MICROS) {
                micros = now;
            }
        }

        Long value() {
            long v = micros;
            return v == NEVER ? null : v;
        }

        boolean isDirty() {
            return micros != persisted;
        }

        /** Notes that the record written carried {@code written}; called after the write succeeded. */
        void persisted(Long written) {
            persisted = written == null ? NEVER : written;
        }
    }
}
