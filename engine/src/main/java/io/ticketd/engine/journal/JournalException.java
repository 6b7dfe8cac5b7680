package io.ticketd.engine.journal;

/**
 * The journal cannot be read or written as its contract requires: an I/O failure,
 * or a record that does not decode. Always a server-side fault, never a client's.
 */
public final class JournalException extends RuntimeException {
    public JournalException(String message) {
        super(message);
    }

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
