package io.ticketd.engine.registry;

/**
 * A store as stored ({@link RegistryDescriptor}): without its credential status, which is
 * derived from the credentials. Immutable.
 */
record StoreRecord(String storeId, String accountId, String name, long createdDate) {

    Store toStore(String credentialKeyId) {
        return new Store(storeId, accountId, name, createdDate, StoreCredentialStatus.KEY_INACTIVE, null)
                .withCredential(credentialKeyId);
    }
}
