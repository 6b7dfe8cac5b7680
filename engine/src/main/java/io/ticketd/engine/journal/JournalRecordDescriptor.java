package io.ticketd.engine.journal;

import net.openhft.chronicle.bytes.Bytes;

/**
 * The bytes of one journal record, and the only place that knows them: offsets,
 * encoding and decoding. Each record is one Chronicle Queue document; numbers are
 * little-endian (Chronicle's native order); strings are UTF-8 without terminator.
 *
 * <p>Every record starts with the same 16-byte header, so that any reader can
 * order, skip or dump records without knowing their type:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  |  Record Type  |    Version    |            Reserved           |  0
 *  +---------------+---------------+-------------------------------+
 *  |                 Type-specific word (see below)                |  4
 *  +---------------------------------------------------------------+
 *  |                  persistDate (µs since the epoch)             |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>A ticket record ({@link RecordType#TICKET}) continues:
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                  Revision (type-specific word)                |  4
 *  +---------------------------------------------------------------+
 *  |                  persistDate                                  |  8
 *  +---------------------------------------------------------------+
 *  |                  Content Hash, high 64 bits                   | 16
 *  +---------------------------------------------------------------+
 *  |                  Content Hash, low 64 bits                    | 24
 *  +-------------------------------+-------------------------------+
 *  |        Account Length         |         Store Length          | 32
 *  +-------------------------------+-------------------------------+
 *  |       Ticket Id Length        |            Reserved           | 36
 *  +-------------------------------+-------------------------------+
 *  |                          JSON Length                          | 40
 *  +---------------------------------------------------------------+
 *  |  Account  |  Store  |  Ticket Id  |  Ticket JSON ...          | 44
 *  +---------------------------------------------------------------+
 * </pre>
 * The JSON is the document as the POS sent it, with {@code "persistDate"} and
 * {@code "revision"} (and {@code "storeId"} when the credential filled it in)
 * spliced in before its closing brace, so that a page can be written out later
 * as stored bytes, without parsing or re-serialising the ticket.
 *
 * <p>A station status record ({@link RecordType#STATION_STATUS}), one cash register
 * monitoring push, continues:
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                  Status code (type-specific word)             |  4
 *  +---------------------------------------------------------------+
 *  |                  persistDate                                  |  8
 *  +---------------------------------------------------------------+
 *  |                  Push time (Unix seconds, as sent)            | 16
 *  +---------------------------------------------------------------+
 *  |                  received_from_cloud (Unix seconds)           | 24
 *  +---------------+---------------+-------------------------------+
 *  |     Flags     |   Reserved    |        Account Length         | 32
 *  +---------------+---------------+-------------------------------+
 *  |         Store Length          |           Reserved            | 36
 *  +-------------------------------+-------------------------------+
 *  |  Account  |  Store (the station)  ...                         | 40
 *  +---------------------------------------------------------------+
 * </pre>
 * Flags: bit 0, received_from_cloud was sent; bit 1, cloud_online was sent; bit 2,
 * its value.
 *
 * <p>Thread-safety: stateless; all methods are static.
 */
public final class JournalRecordDescriptor {
    public static final byte VERSION = 1;

    public static final int TYPE_OFFSET = 0;
    public static final int VERSION_OFFSET = 1;
    public static final int TYPE_WORD_OFFSET = 4;
    public static final int PERSIST_DATE_OFFSET = 8;
    public static final int HEADER_LENGTH = 16;

    public static final int REVISION_OFFSET = TYPE_WORD_OFFSET;
    public static final int HASH_HIGH_OFFSET = 16;
    public static final int HASH_LOW_OFFSET = 24;
    public static final int ACCOUNT_LENGTH_OFFSET = 32;
    public static final int STORE_LENGTH_OFFSET = 34;
    public static final int TICKET_ID_LENGTH_OFFSET = 36;
    public static final int JSON_LENGTH_OFFSET = 40;
    public static final int TICKET_KEYS_OFFSET = 44;

    public static final int STATUS_OFFSET = TYPE_WORD_OFFSET;
    public static final int PUSH_TIME_OFFSET = 16;
    public static final int RECEIVED_FROM_CLOUD_OFFSET = 24;
    public static final int STATION_FLAGS_OFFSET = 32;
    public static final int STATION_ACCOUNT_LENGTH_OFFSET = 34;
    public static final int STATION_STORE_LENGTH_OFFSET = 36;
    public static final int STATION_KEYS_OFFSET = 40;
    public static final int FLAG_RECEIVED_FROM_CLOUD = 1;
    public static final int FLAG_CLOUD_ONLINE_SENT = 2;
    public static final int FLAG_CLOUD_ONLINE = 4;

    private static final byte[] STORE_ID_FIELD = bytes("\"storeId\":\"");
    private static final byte[] PERSIST_DATE_FIELD = bytes("\"persistDate\":");
    private static final byte[] REVISION_FIELD = bytes(",\"revision\":");

    private JournalRecordDescriptor() {
    }

    /**
     * Writes a ticket record at {@code out}'s write position.
     *
     * @param keys      account, store and ticket id bytes, back to back
     * @param json      the ticket document as sent; {@code closeBrace} is the index of its final '}'
     * @param fillStore the store id to splice in, or null when the document carries its own
     */
    public static void writeTicket(Bytes<?> out, long persistDate, int revision, long hashHigh, long hashLow,
                                   byte[] keys, int accountLength, int storeLength, int ticketIdLength,
                                   byte[] json, int jsonOffset, int closeBrace, byte[] fillStore) {
        long start = out.writePosition();
        out.writeByte(RecordType.TICKET.code());
        out.writeByte(VERSION);
        out.writeShort((short) 0);
        out.writeInt(revision);
        out.writeLong(persistDate);
        out.writeLong(hashHigh);
        out.writeLong(hashLow);
        out.writeShort((short) accountLength);
        out.writeShort((short) storeLength);
        out.writeShort((short) ticketIdLength);
        out.writeShort((short) 0);
        out.writeInt(0); // JSON length, patched below once the spliced document is written
        out.write(keys, 0, accountLength + storeLength + ticketIdLength);

        long jsonStart = out.writePosition();
        out.write(json, jsonOffset, closeBrace - jsonOffset);
        out.writeByte((byte) ',');
        if (fillStore != null) {
            out.write(STORE_ID_FIELD);
            out.write(fillStore);
            out.writeByte((byte) '"');
            out.writeByte((byte) ',');
        }
        out.write(PERSIST_DATE_FIELD);
        out.append(persistDate);
        out.write(REVISION_FIELD);
        out.append(revision);
        out.writeByte((byte) '}');
        out.writeInt(start + JSON_LENGTH_OFFSET, (int) (out.writePosition() - jsonStart));
    }

    /**
     * Writes a station status record at {@code out}'s write position.
     *
     * @param keys account and store bytes, back to back
     */
    public static void writeStationStatus(Bytes<?> out, long persistDate, int status, long pushTime,
                                          long receivedFromCloud, int flags, byte[] keys, int accountLength,
                                          int storeLength) {
        out.writeByte(RecordType.STATION_STATUS.code());
        out.writeByte(VERSION);
        out.writeShort((short) 0);
        out.writeInt(status);
        out.writeLong(persistDate);
        out.writeLong(pushTime);
        out.writeLong(receivedFromCloud);
        out.writeByte((byte) flags);
        out.writeByte((byte) 0);
        out.writeShort((short) accountLength);
        out.writeShort((short) storeLength);
        out.writeShort((short) 0);
        out.write(keys, 0, accountLength + storeLength);
    }

    public static int stationStatus(Bytes<?> in, long start) {
        return in.readInt(start + STATUS_OFFSET);
    }

    public static long pushTime(Bytes<?> in, long start) {
        return in.readLong(start + PUSH_TIME_OFFSET);
    }

    public static long receivedFromCloud(Bytes<?> in, long start) {
        return in.readLong(start + RECEIVED_FROM_CLOUD_OFFSET);
    }

    public static int stationFlags(Bytes<?> in, long start) {
        return in.readUnsignedByte(start + STATION_FLAGS_OFFSET);
    }

    public static int stationAccountLength(Bytes<?> in, long start) {
        return in.readUnsignedShort(start + STATION_ACCOUNT_LENGTH_OFFSET);
    }

    public static int stationStoreLength(Bytes<?> in, long start) {
        return in.readUnsignedShort(start + STATION_STORE_LENGTH_OFFSET);
    }

    /** The exact length of a station status record. */
    public static long stationRecordLength(Bytes<?> in, long start) {
        return STATION_KEYS_OFFSET + stationAccountLength(in, start) + stationStoreLength(in, start);
    }

    /** The record type at {@code start}, or null when the code is unknown. */
    public static RecordType type(Bytes<?> in, long start) {
        return RecordType.fromCode(in.readUnsignedByte(start + TYPE_OFFSET));
    }

    public static int version(Bytes<?> in, long start) {
        return in.readUnsignedByte(start + VERSION_OFFSET);
    }

    public static long persistDate(Bytes<?> in, long start) {
        return in.readLong(start + PERSIST_DATE_OFFSET);
    }

    public static int revision(Bytes<?> in, long start) {
        return in.readInt(start + REVISION_OFFSET);
    }

    public static long hashHigh(Bytes<?> in, long start) {
        return in.readLong(start + HASH_HIGH_OFFSET);
    }

    public static long hashLow(Bytes<?> in, long start) {
        return in.readLong(start + HASH_LOW_OFFSET);
    }

    public static int accountLength(Bytes<?> in, long start) {
        return in.readUnsignedShort(start + ACCOUNT_LENGTH_OFFSET);
    }

    public static int storeLength(Bytes<?> in, long start) {
        return in.readUnsignedShort(start + STORE_LENGTH_OFFSET);
    }

    public static int ticketIdLength(Bytes<?> in, long start) {
        return in.readUnsignedShort(start + TICKET_ID_LENGTH_OFFSET);
    }

    public static int jsonLength(Bytes<?> in, long start) {
        return in.readInt(start + JSON_LENGTH_OFFSET);
    }

    /** Offset of the account bytes; store and ticket id follow them directly. */
    public static long keysOffset(long start) {
        return start + TICKET_KEYS_OFFSET;
    }

    public static long jsonOffset(Bytes<?> in, long start) {
        return keysOffset(start) + accountLength(in, start) + storeLength(in, start) + ticketIdLength(in, start);
    }

    /** The exact length of a ticket record, for checking that a document holds what its header says. */
    public static long ticketRecordLength(Bytes<?> in, long start) {
        return jsonOffset(in, start) - start + jsonLength(in, start);
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
