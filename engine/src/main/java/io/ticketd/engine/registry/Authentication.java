package io.ticketd.engine.registry;

import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of presenting a key id and secret: who it is, or why not. The reasons are for
 * the audit trail and metrics; a client must get the same answer for all of them but
 * {@link Failure#MALFORMED}, or it could learn which key ids exist. Immutable; the failures
 * are shared constants, so a failed authentication allocates nothing here.
 *
 * @param principal who authenticated; null on failure
 * @param failure   why it failed; null on success
 */
public record Authentication(Principal principal, Failure failure) {
    /** Why an authentication failed. */
    public enum Failure {
        /** Key id or secret is not in the credential format, or the secret's checksum fails: a typo. Checked before any lookup. */
        MALFORMED,
        /** No credential has this key id. */
        UNKNOWN_KEY,
        /** The key exists, but the secret is not its secret. */
        WRONG_SECRET,
        /** The access key exists and the secret is right, but the key is disabled. */
        DISABLED,
        /** The key was a store credential since revoked or replaced, or an access key since deleted. */
        REVOKED;

        private final String auditName = name().toLowerCase(Locale.ROOT);

        /** The name recorded in the audit trail, e.g. {@code wrong_secret}. */
        public String auditName() {
            return auditName;
        }
    }

    private static final Authentication[] FAILURES = new Authentication[Failure.values().length];

    static {
        for (Failure f : Failure.values()) {
            FAILURES[f.ordinal()] = new Authentication(null, f);
        }
    }

    public Authentication {
        if ((principal == null) == (failure == null)) {
            throw new IllegalArgumentException("an authentication has either a principal or a failure, not both or neither");
        }
    }

    public static Authentication ok(Principal principal) {
        return new Authentication(Objects.requireNonNull(principal, "principal"), null);
    }

    public static Authentication failed(Failure failure) {
        return FAILURES[failure.ordinal()];
    }

    public boolean succeeded() {
        return principal != null;
    }
}
