package io.ticketd.engine.query;

/**
 * A cursor was refused. The reason says why, so the edge can answer 400 with a
 * precise message. No stack trace: it is an expected outcome of bad input.
 */
public final class InvalidCursorException extends Exception {
    /** Why a cursor was refused. */
    public enum Reason {
        /** No cursor text at all. */
        EMPTY("cursor is empty"),
        /** Not base64url, wrong length, or an unknown version: not a ticketd cursor. */
        MALFORMED("cursor is not a valid ticketd cursor"),
        /** The signature does not match: altered, or issued by another server (another data directory). */
        TAMPERED("cursor signature does not match: it was altered, or issued by another server"),
        /** Issued to another account. */
        WRONG_ACCOUNT("cursor was issued for another account"),
        /** Issued for another store filter than the one the request names or may read. */
        WRONG_STORE_FILTER("cursor was issued for another store filter");

        private final String message;

        Reason(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    private final Reason reason;

    public InvalidCursorException(Reason reason) {
        this(reason, reason.message());
    }

    public InvalidCursorException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
