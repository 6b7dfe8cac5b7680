package io.ticketd.engine.registry;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A credential as stored ({@link RegistryDescriptor}): an admin credential, a store
 * credential or an access key, live or a tombstone. It holds the SHA-256 of the secret,
 * never the secret. Immutable.
 *
 * @param scopes       wire names of what it grants
 * @param stores       the stores it is limited to, or null when not limited
 * @param secretSha256 64 hex digits; null for a tombstone
 * @param lastUsedDate as of the last time it was written; {@link KeyEntry} holds the current value
 * @param endedDate    when it was revoked or deleted; null while live
 */
record CredentialRecord(String keyId, CredentialKind kind, String accountId, String storeId, String name,
                        List<String> scopes, List<String> stores, String secretSha256, State state,
                        long createdDate, Long lastUsedDate, Long endedDate) {

    /** A credential's life: live (active or disabled) or a tombstone (revoked or deleted). */
    enum State {
        ACTIVE,
        /** An access key switched off; it can be enabled again. */
        DISABLED,
        /** A store credential revoked, or replaced by a new one. */
        REVOKED,
        /** An access key deleted. */
        DELETED;

        boolean isTombstone() {
            return this == REVOKED || this == DELETED;
        }
    }

    /** What a store credential grants, on its own store only. */
    static final Set<Scope> STORE_SCOPES = Collections.unmodifiableSet(EnumSet.of(Scope.TICKETS_READ,
            Scope.TICKETS_WRITE, Scope.MONITORING_READ, Scope.MONITORING_WRITE));
    static final Set<Scope> ADMIN_SCOPES = Collections.unmodifiableSet(EnumSet.of(Scope.ADMIN));

    CredentialRecord {
        scopes = List.copyOf(scopes);
        stores = stores == null ? null : List.copyOf(stores);
    }

    static CredentialRecord admin(String keyId, String name, String secretSha256, long now) {
        return new CredentialRecord(keyId, CredentialKind.ADMIN, null, null, name, wireNames(ADMIN_SCOPES), null,
                secretSha256, State.ACTIVE, now, null, null);
    }

    static CredentialRecord store(String keyId, String accountId, String storeId, String secretSha256, long now) {
        return new CredentialRecord(keyId, CredentialKind.STORE, accountId, storeId, null, wireNames(STORE_SCOPES),
                List.of(storeId), secretSha256, State.ACTIVE, now, null, null);
    }

    static CredentialRecord access(String keyId, String accountId, String name, Set<Scope> scopes,
                                   List<String> stores, String secretSha256, long now) {
        return new CredentialRecord(keyId, CredentialKind.ACCESS, accountId, null, name, wireNames(scopes), stores,
                secretSha256, State.ACTIVE, now, null, null);
    }

    /** This credential switched to a live state (active or disabled). */
    CredentialRecord withState(State live) {
        return new CredentialRecord(keyId, kind, accountId, storeId, name, scopes, stores, secretSha256, live,
                createdDate, lastUsedDate, endedDate);
    }

    /** This credential's tombstone: revoked or deleted at {@code time}, its secret hash dropped. */
    CredentialRecord ended(State tombstone, long time) {
        return new CredentialRecord(keyId, kind, accountId, storeId, name, scopes, stores, null, tombstone,
                createdDate, lastUsedDate, time);
    }

    CredentialRecord withLastUsed(Long micros) {
        return new CredentialRecord(keyId, kind, accountId, storeId, name, scopes, stores, secretSha256, state,
                createdDate, micros, endedDate);
    }

    /** The scopes as enum values; an unknown wire name means data written by a newer version. */
    Set<Scope> scopeSet() {
        EnumSet<Scope> set = EnumSet.noneOf(Scope.class);
        for (String wire : scopes) {
            Scope scope = Scope.fromWireName(wire);
            if (scope == null) {
                throw new IllegalArgumentException("credential " + keyId + " has the unknown scope \"" + wire + "\"");
            }
            set.add(scope);
        }
        return Collections.unmodifiableSet(set);
    }

    private static List<String> wireNames(Set<Scope> scopes) {
        return EnumSet.copyOf(scopes).stream().map(Scope::wireName).toList();
    }
}
