package io.ticketd.engine.journal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The bytes of the journal, and the only place that knows them: the segment file
 * header, the frame around each record, and the records themselves. Numbers are
 * little-endian; strings are UTF-8 without terminator. Every method takes a
 * {@link ByteOrder#LITTLE_ENDIAN} buffer and absolute offsets into it.
 *
 * <p>A journal is a directory of segment files, {@code 0000000000.journal},
 * {@code 0000000001.journal}, …, each created at its full capacity as a sparse file
 * and filled from the front. A segment starts with a 64-byte header:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  Magic "TKTDJRNL"                             |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Format Version                               |  8
 *  +---------------------------------------------------------------+
 *  |                  Header Length (64)                           | 12
 *  +---------------------------------------------------------------+
 *  |                  Segment Number                               | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Reserved (zero) up to 64                     | 24
 *  +---------------------------------------------------------------+
 * </pre>
 * then frames, back to back, each one record:
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                  Record Length (bytes after this header)      |  0
 *  +---------------------------------------------------------------+
 *  |                  CRC-32C of the record's bytes                |  4
 *  +---------------------------------------------------------------+
 *  |                  Record ...                                   |  8
 *  +---------------------------------------------------------------+
 * </pre>
 * A record length of zero is where a segment's records end: the rest of a sparse
 * file reads as zeros. A frame whose length does not fit the segment or whose CRC
 * does not match was torn by a crash before it was synced.
 *
 * <p>A record's journal index is its frame's address, {@code segment number << 32 |
 * offset in the segment}: indexes increase with every record appended, and a reader
 * goes straight to a record's bytes from its index.
 *
 * <p>Every record starts with the same 16-byte header, so that any reader can
 * order, skip or dump records without knowing their type:
 * <pre>
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
    public static final long SEGMENT_MAGIC = 0x4c4e524a44544b54L; // "TKTDJRNL" read little-endian
    public static final int SEGMENT_FORMAT_VERSION = 1;
    public static final int SEGMENT_MAGIC_OFFSET = 0;
    public static final int SEGMENT_VERSION_OFFSET = 8;
    public static final int SEGMENT_HEADER_LENGTH_OFFSET = 12;
    public static final int SEGMENT_NUMBER_OFFSET = 16;
    public static final int SEGMENT_HEADER_LENGTH = 64;

    public static final int FRAME_LENGTH_OFFSET = 0;
    public static final int FRAME_CRC_OFFSET = 4;
    public static final int FRAME_HEADER_LENGTH = 8;

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

    private static final byte[] STORE_ID_FIELD = ascii("\"storeId\":\"");
    private static final byte[] PERSIST_DATE_FIELD = ascii("\"persistDate\":");
    private static final byte[] REVISION_FIELD = ascii(",\"revision\":");
    /** Longest decimal of a long, with its sign. */
    private static final int MAX_DECIMAL_LENGTH = 20;

    private JournalRecordDescriptor() {
    }

    // ---- segments and frames -------------------------------------------------------------------------

    /** A journal index: the address of a frame. */
    public static long index(long segment, long offset) {
        return segment << 32 | offset;
    }

    public static long segmentOf(long index) {
        return index >>> 32;
    }

    public static int offsetOf(long index) {
        return (int) index;
    }

    /** Writes a segment header at offset 0 of {@code out}. */
    public static void writeSegmentHeader(ByteBuffer out, long segment) {
        for (int i = 0; i < SEGMENT_HEADER_LENGTH; i++) {
            out.put(i, (byte) 0);
        }
        out.putLong(SEGMENT_MAGIC_OFFSET, SEGMENT_MAGIC);
        out.putInt(SEGMENT_VERSION_OFFSET, SEGMENT_FORMAT_VERSION);
        out.putInt(SEGMENT_HEADER_LENGTH_OFFSET, SEGMENT_HEADER_LENGTH);
        out.putLong(SEGMENT_NUMBER_OFFSET, segment);
    }

    /** What is wrong with the segment header at offset 0 of {@code in}, or null when it is the header of {@code segment}. */
    public static String segmentHeaderProblem(ByteBuffer in, long segment) {
        if (in.limit() < SEGMENT_HEADER_LENGTH || in.getLong(SEGMENT_MAGIC_OFFSET) != SEGMENT_MAGIC) {
            return "it is not a ticketd journal segment (no segment header)";
        }
        int version = in.getInt(SEGMENT_VERSION_OFFSET);
        if (version != SEGMENT_FORMAT_VERSION || in.getInt(SEGMENT_HEADER_LENGTH_OFFSET) != SEGMENT_HEADER_LENGTH) {
            return "its format version " + version + " is not one this ticketd reads (" + SEGMENT_FORMAT_VERSION + ")";
        }
        long number = in.getLong(SEGMENT_NUMBER_OFFSET);
        if (number != segment) {
            return "its header says it is segment " + number;
        }
        return null;
    }

    public static int frameLength(ByteBuffer in, int frame) {
        return in.getInt(frame + FRAME_LENGTH_OFFSET);
    }

    public static int frameCrc(ByteBuffer in, int frame) {
        return in.getInt(frame + FRAME_CRC_OFFSET);
    }

    /**
     * Completes the frame at {@code frame} around the record written after its header, up to
     * {@code out}'s position. {@code out} must be the caller's own buffer: its limit is moved and restored.
     */
    public static void finishFrame(ByteBuffer out, int frame, CRC32C crc) {
        int record = frame + FRAME_HEADER_LENGTH;
        int length = out.position() - record;
        out.putInt(frame + FRAME_LENGTH_OFFSET, length);
        out.putInt(frame + FRAME_CRC_OFFSET, crc(out, record, length, crc));
    }

    /**
     * Whether the record of the frame at {@code frame}, {@code length} bytes, matches its CRC.
     * {@code in} must be the caller's own view: its position and limit are moved and restored.
     */
    public static boolean crcMatches(ByteBuffer in, int frame, int length, CRC32C crc) {
        return crc(in, frame + FRAME_HEADER_LENGTH, length, crc) == frameCrc(in, frame);
    }

    private static int crc(ByteBuffer buffer, int offset, int length, CRC32C crc) {
        int position = buffer.position();
        int limit = buffer.limit();
        buffer.limit(offset + length).position(offset);
        crc.reset();
        crc.update(buffer);
        buffer.limit(limit).position(position);
        return (int) crc.getValue();
    }

    // ---- records -------------------------------------------------------------------------------------

    /** The most bytes a ticket record can take: what {@link #writeTicket} needs free. */
    public static int maxTicketRecordLength(int keysLength, int jsonLength, int fillStoreLength) {
        return TICKET_KEYS_OFFSET + keysLength + jsonLength + 1 + STORE_ID_FIELD.length + fillStoreLength + 2
                + PERSIST_DATE_FIELD.length + MAX_DECIMAL_LENGTH + REVISION_FIELD.length + MAX_DECIMAL_LENGTH + 1;
    }

    /** The exact length of a station status record. */
    public static int stationRecordLength(int keysLength) {
        return STATION_KEYS_OFFSET + keysLength;
    }

    /**
     * Writes a ticket record at {@code out}'s position and advances it.
     *
     * @param keys      account, store and ticket id bytes, back to back
     * @param json      the ticket document as sent; {@code closeBrace} is the index of its final '}'
     * @param fillStore the store id to splice in, or null when the document carries its own
     */
    public static void writeTicket(ByteBuffer out, long persistDate, int revision, long hashHigh, long hashLow,
                                   byte[] keys, int accountLength, int storeLength, int ticketIdLength,
                                   byte[] json, int jsonOffset, int closeBrace, byte[] fillStore) {
        int start = out.position();
        out.put(RecordType.TICKET.code());
        out.put(VERSION);
        out.putShort((short) 0);
        out.putInt(revision);
        out.putLong(persistDate);
        out.putLong(hashHigh);
        out.putLong(hashLow);
        out.putShort((short) accountLength);
        out.putShort((short) storeLength);
        out.putShort((short) ticketIdLength);
        out.putShort((short) 0);
        out.putInt(0); // JSON length, patched below once the spliced document is written
        out.put(keys, 0, accountLength + storeLength + ticketIdLength);

        int jsonStart = out.position();
        out.put(json, jsonOffset, closeBrace - jsonOffset);
        out.put((byte) ',');
        if (fillStore != null) {
            out.put(STORE_ID_FIELD);
            out.put(fillStore);
            out.put((byte) '"');
            out.put((byte) ',');
        }
        out.put(PERSIST_DATE_FIELD);
        putDecimal(out, persistDate);
        out.put(REVISION_FIELD);
        putDecimal(out, revision);
        out.put((byte) '}');
        out.putInt(start + JSON_LENGTH_OFFSET, out.position() - jsonStart);
    }

    /**
     * Writes a station status record at {@code out}'s position and advances it.
     *
     * @param keys account and store bytes, back to back
     */
    public static void writeStationStatus(ByteBuffer out, long persistDate, int status, long pushTime,
                                          long receivedFromCloud, int flags, byte[] keys, int accountLength,
                                          int storeLength) {
        out.put(RecordType.STATION_STATUS.code());
        out.put(VERSION);
        out.putShort((short) 0);
        out.putInt(status);
        out.putLong(persistDate);
        out.putLong(pushTime);
        out.putLong(receivedFromCloud);
        out.put((byte) flags);
        out.put((byte) 0);
        out.putShort((short) accountLength);
        out.putShort((short) storeLength);
        out.putShort((short) 0);
        out.put(keys, 0, accountLength + storeLength);
    }

    public static int stationStatus(ByteBuffer in, int start) {
        return in.getInt(start + STATUS_OFFSET);
    }

    public static long pushTime(ByteBuffer in, int start) {
        return in.getLong(start + PUSH_TIME_OFFSET);
    }

    public static long receivedFromCloud(ByteBuffer in, int start) {
        return in.getLong(start + RECEIVED_FROM_CLOUD_OFFSET);
    }

    public static int stationFlags(ByteBuffer in, int start) {
        return Byte.toUnsignedInt(in.get(start + STATION_FLAGS_OFFSET));
    }

    public static int stationAccountLength(ByteBuffer in, int start) {
        return Short.toUnsignedInt(in.getShort(start + STATION_ACCOUNT_LENGTH_OFFSET));
    }

    public static int stationStoreLength(ByteBuffer in, int start) {
        return Short.toUnsignedInt(in.getShort(start + STATION_STORE_LENGTH_OFFSET));
    }

    /** The exact length of the station status record at {@code start}, from its own lengths. */
    public static long stationRecordLength(ByteBuffer in, int start) {
        return (long) STATION_KEYS_OFFSET + stationAccountLength(in, start) + stationStoreLength(in, start);
    }

    /** The record type at {@code start}, or null when the code is unknown. */
    public static RecordType type(ByteBuffer in, int start) {
        return RecordType.fromCode(Byte.toUnsignedInt(in.get(start + TYPE_OFFSET)));
    }

    public static int typeCode(ByteBuffer in, int start) {
        return Byte.toUnsignedInt(in.get(start + TYPE_OFFSET));
    }

    public static int version(ByteBuffer in, int start) {
        return Byte.toUnsignedInt(in.get(start + VERSION_OFFSET));
    }

    public static long persistDate(ByteBuffer in, int start) {
        return in.getLong(start + PERSIST_DATE_OFFSET);
    }

    public static int revision(ByteBuffer in, int start) {
        return in.getInt(start + REVISION_OFFSET);
    }

    public static long hashHigh(ByteBuffer in, int start) {
        return in.getLong(start + HASH_HIGH_OFFSET);
    }

    public static long hashLow(ByteBuffer in, int start) {
        return in.getLong(start + HASH_LOW_OFFSET);
    }

    public static int accountLength(ByteBuffer in, int start) {
        return Short.toUnsignedInt(in.getShort(start + ACCOUNT_LENGTH_OFFSET));
    }

    public static int storeLength(ByteBuffer in, int start) {
        return Short.toUnsignedInt(in.getShort(start + STORE_LENGTH_OFFSET));
    }

    public static int ticketIdLength(ByteBuffer in, int start) {
        return Short.toUnsignedInt(in.getShort(start + TICKET_ID_LENGTH_OFFSET));
    }

    public static int jsonLength(ByteBuffer in, int start) {
        return in.getInt(start + JSON_LENGTH_OFFSET);
    }

    /** Offset of the account bytes; store and ticket id follow them directly. */
    public static int keysOffset(int start) {
        return start + TICKET_KEYS_OFFSET;
    }

    public static int jsonOffset(ByteBuffer in, int start) {
        return keysOffset(start) + accountLength(in, start) + storeLength(in, start) + ticketIdLength(in, start);
    }

    /** The exact length of the ticket record at {@code start}, from its own lengths. */
    public static long ticketRecordLength(ByteBuffer in, int start) {
        return (long) jsonOffset(in, start) - start + Integer.toUnsignedLong(jsonLength(in, start));
    }

    /** Writes {@code value} in decimal ASCII at {@code out}'s position. */
    private static void putDecimal(ByteBuffer out, long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                out.put(ascii(Long.toString(value)));
                return;
            }
            out.put((byte) '-');
            value = -value;
        }
        int digits = 1;
        for (long v = value / 10; v != 0; v /= 10) {
            digits++;
        }
        int end = out.position() + digits;
        for (int p = end - 1; p >= out.position(); p--) {
            out.put(p, (byte) ('0' + value % 10));
            value /= 10;
        }
        out.position(end);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
