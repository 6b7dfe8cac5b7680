package io.ticketd.engine.ingest;

import java.nio.charset.StandardCharsets;

/**
 * A ticket document that passed {@link TicketValidator}: the bytes as sent (a
 * slice of the caller's buffer, not copied), the fields the engine needs, and the
 * content hash used to tell a re-send from a correction.
 *
 * <p>The caller must not modify the source bytes until the ticket is acknowledged.
 *
 * <p>Thread-safety: immutable once built.
 */
public final class ValidatedTicket {
    private final byte[] source;
    private final int offset;
    private final int length;
    private final String ticketId;
    private final String storeId;
    private final boolean storeIdFilled;
    private final long startDate;
    private final long hashHigh;
    private final long hashLow;

    ValidatedTicket(byte[] source, int offset, int length, String ticketId, String storeId, boolean storeIdFilled,
                    long startDate, long hashHigh, long hashLow) {
        this.source = source;
        this.offset = offset;
        this.length = length;
        this.ticketId = ticketId;
        this.storeId = storeId;
        this.storeIdFilled = storeIdFilled;
        this.startDate = startDate;
        this.hashHigh = hashHigh;
        this.hashLow = hashLow;
    }

    public byte[] source() {
        return source;
    }

    /** Offset of the document's opening brace in {@link #source()}. */
    public int offset() {
        return offset;
    }

    /** Length of the document, from its opening to its closing brace inclusive. */
    public int length() {
        return length;
    }

    /** Index of the closing brace in {@link #source()}; fields are spliced in before it. */
    public int closeBrace() {
        return offset + length - 1;
    }

    public String ticketId() {
        return ticketId;
    }

    public String storeId() {
        return storeId;
    }

    /** True when the document had no storeId and the credential's store was filled in. */
    public boolean storeIdFilled() {
        return storeIdFilled;
    }

    public long startDate() {
        return startDate;
    }

    public long hashHigh() {
        return hashHigh;
    }

    public long hashLow() {
        return hashLow;
    }

    /** The document as sent. */
    public String json() {
        return new String(source, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ValidatedTicket{" + storeId + "/" + ticketId + ", startDate=" + startDate + "}";
    }
}
