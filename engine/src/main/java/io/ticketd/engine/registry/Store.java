package io.ticketd.engine.registry;

/**
 * A store (site, station) of an account, with the state of its store credential. Immutable: a
 * new credential gives a new {@code Store}.
 *
 * @param storeId          chosen by the caller, unique across all accounts; 1 to 64 of {@code [A-Za-z0-9._-]}
 * @param accountId        the account that owns it
 * @param name             1 to 200 characters, trimmed
 * @param createdDate      microseconds since the epoch
 * @param credentialStatus {@value StoreCredentialStatus#KEY_ACTIVE} or {@value StoreCredentialStatus#KEY_INACTIVE}
 * @param credentialKeyId  the key id of its store credential, or null when it has none
 */
public record Store(String storeId, String accountId, String name, long createdDate, String credentialStatus,
                    String credentialKeyId) {

    /** This store with {@code keyId} as its credential; a null key id makes it {@code Key Inactive}. */
    Store withCredential(String keyId) {
        String status = keyId == null ? StoreCredentialStatus.KEY_INACTIVE : StoreCredentialStatus.KEY_ACTIVE;
        return new Store(storeId, accountId, name, createdDate, status, keyId);
    }
}
