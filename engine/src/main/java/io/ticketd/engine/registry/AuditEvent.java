package io.ticketd.engine.registry;

/**
 * Something that happened to a credential: created, replaced, revoked, disabled, enabled,
 * deleted, a failed authentication, or a console sign-in with a password. Immutable.
 *
 * @param time      microseconds since the epoch
 * @param event     one of the constants of this class, e.g. {@value #CREATED}
 * @param keyId     the credential's key id; for a failed authentication, the key id as presented if it was
 *                  well formed, else null; for a sign-in, the user id (null when no user had that address
 *                  and password)
 * @param accountId the credential's account, or null (admin credential, unknown key)
 * @param storeId   the store of a store credential, or null
 * @param detail    more about it: for {@value #REGENERATED} {@code "replaces ak_…"}; for
 *                  {@value #AUTH_FAILED} the failure in lower case (e.g. {@code wrong_secret}); for
 *                  {@value #SIGN_IN_FAILED} why (e.g. {@code wrong_password}); else null
 */
public record AuditEvent(long time, String event, String keyId, String accountId, String storeId, String detail) {
    public static final String CREATED = "created";
    /** A store credential replaced by a new one; the event names the new key, its detail the old one. */
    public static final String REGENERATED = "regenerated";
    public static final String REVOKED = "revoked";
    public static final String DISABLED = "disabled";
    public static final String ENABLED = "enabled";
    public static final String DELETED = "deleted";
    public static final String AUTH_FAILED = "auth_failed";
    /** A user signed in to the console with an email address and a password. */
    public static final String SIGNED_IN = "signed_in";
    public static final String SIGN_IN_FAILED = "sign_in_failed";
}
