package io.ticketd.engine.registry;

/**
 * A registry operation refused: what was asked for does not exist, already exists,
 * or is not valid. The reason maps to an HTTP status at the edge (404, 409, 400);
 * the message names the problem for the client. No stack trace: an expected outcome.
 */
public final class RegistryException extends Exception {
    /** Why an operation was refused. */
    public enum Reason {
        NOT_FOUND,
        CONFLICT,
        INVALID
    }

    private final Reason reason;
    private final String field;

    public RegistryException(Reason reason, String field, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    /** The request field at fault, or null when the problem is not one field. */
    public String field() {
        return field;
    }
}
