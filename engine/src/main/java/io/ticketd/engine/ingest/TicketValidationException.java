package io.ticketd.engine.ingest;

/**
 * A ticket document breaks the ticket contract. Names the field (or
 * {@code "(ticket)"} for the document as a whole) and the reason, so the edge can
 * answer 400 with a message the sender can act on. Carries no stack trace: it is an
 * expected outcome of bad input, raised per request.
 */
public final class TicketValidationException extends Exception {
    /** The field name used when the problem is the document itself rather than one field. */
    public static final String DOCUMENT = "(ticket)";

    private final String field;
    private final String reason;

    public TicketValidationException(String field, String reason) {
        super(field + ": " + reason, null, false, false);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
