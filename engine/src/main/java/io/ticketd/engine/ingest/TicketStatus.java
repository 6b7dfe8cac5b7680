package io.ticketd.engine.ingest;

import java.util.Locale;

/** What the commit did with one ticket. */
public enum TicketStatus {
    /** First revision of a ticket id in its store. */
    CREATED,
    /** Same ticket id and identical content as its latest revision: nothing stored, original persistDate. */
    DUPLICATE,
    /** Same ticket id, different content: stored as the next revision with a new persistDate. */
    REVISED;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The name used on the wire: {@code created}, {@code duplicate}, {@code revised}. */
    public String wireName() {
        return wireName;
    }
}
