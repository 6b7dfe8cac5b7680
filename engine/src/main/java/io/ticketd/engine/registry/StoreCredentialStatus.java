package io.ticketd.engine.registry;

/**
 * Whether a store has a credential, and which: what an admin may see about it. It never
 * carries the secret, which is shown once, at creation, in an {@link IssuedCredential}.
 * Immutable.
 *
 * @param storeId     the store
 * @param status      {@value #KEY_ACTIVE} or {@value #KEY_INACTIVE}
 * @param keyId       the active credential's key id; null when inactive
 * @param createdDate when the active credential was created (microseconds since the epoch); null when inactive
 */
public record StoreCredentialStatus(String storeId, String status, String keyId, Long createdDate) {
    public static final String KEY_ACTIVE = "Key Active";
    public static final String KEY_INACTIVE = "Key Inactive";

    static StoreCredentialStatus inactive(String storeId) {
        return new StoreCredentialStatus(storeId, KEY_INACTIVE, null, null);
    }

    static StoreCredentialStatus active(String storeId, String keyId, long createdDate) {
        return new StoreCredentialStatus(storeId, KEY_ACTIVE, keyId, createdDate);
    }
}
