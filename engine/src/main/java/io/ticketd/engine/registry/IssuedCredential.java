package io.ticketd.engine.registry;

/**
 * A credential just created, with its secret: the only object that ever carries a secret,
 * and the only time it can be seen, since the registry keeps nothing but its hash. Give the
 * secret to the caller and drop the object. {@link #toString()} leaves the secret out, so
 * that logging one by mistake does not leak it. Immutable.
 *
 * @param keyId       {@code ak_…}
 * @param secret      {@code sk_…}, with a checksum (see {@link CredentialFormat})
 * @param kind        admin, store or access key
 * @param accountId   the account it belongs to; null for an admin credential
 * @param storeId     the store of a store credential; null otherwise
 * @param createdDate microseconds since the epoch
 */
public record IssuedCredential(String keyId, String secret, CredentialKind kind, String accountId, String storeId,
                               long createdDate) {

    /** The {@code Authentication} header value that presents this credential: {@code X-API-Key AKI=…;AKS=…}. */
    public String headerValue() {
        return "X-API-Key AKI=" + keyId + ";AKS=" + secret;
    }

    @Override
    public String toString() {
        return "IssuedCredential[keyId=" + keyId + ", secret=(hidden), kind=" + kind + ", accountId=" + accountId
                + ", storeId=" + storeId + ", createdDate=" + createdDate + "]";
    }
}
