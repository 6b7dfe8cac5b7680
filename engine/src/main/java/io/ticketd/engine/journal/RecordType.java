package io.ticketd.engine.journal;

/**
 * The kind of a journal record, stored in its first byte. Tickets and station
 * status pushes share one journal so that both are durable, ordered by one
 * persistDate clock and replayable into the index.
 */
public enum RecordType {
    TICKET((byte) 1),
    STATION_STATUS((byte) 2);

    private static final RecordType[] BY_CODE = {null, TICKET, STATION_STATUS};

    private final byte code;

    RecordType(byte code) {
        this.code = code;
    }

    public byte code() {
        return code;
    }

    /** The type for a stored code, or null when the code is unknown (a newer or damaged record). */
    public static RecordType fromCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
