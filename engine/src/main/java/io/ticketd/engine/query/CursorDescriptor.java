package io.ticketd.engine.query;

/**
 * The bytes of a page cursor, and the only place that knows them. The token a
 * client sees is these bytes in base64url without padding; it is opaque to them.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+---------------+---------------+
 *  |    Version    |   Page Size   | Store Length  |    Reserved   |  0
 *  +---------------+---------------+---------------+---------------+
 *  |              Last persistDate (big-endian, µs)                |  4
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |              endDate (big-endian, µs, inclusive)              | 12
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        Account Tag: HMAC-SHA256(key, account), 16 bytes       | 20
 *  +---------------------------------------------------------------+
 *  |        Store filter: 0 (whole account) to 64 ASCII bytes      | 36
 *  +---------------------------------------------------------------+
 *  |     Signature: HMAC-SHA256(key, every byte above), 32 bytes   | 36 + n
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The signature covers the whole body, so flipping any byte is detected before
 * any field is trusted; the account tag binds the cursor to one account without
 * revealing which.
 *
 * <p>Thread-safety: stateless; all methods are static.
 */
public final class CursorDescriptor {
    public static final byte VERSION = 1;
    public static final int VERSION_OFFSET = 0;
    public static final int PAGE_SIZE_OFFSET = 1;
    public static final int STORE_LENGTH_OFFSET = 2;
    public static final int LAST_PERSIST_DATE_OFFSET = 4;
    public static final int END_DATE_OFFSET = 12;
    public static final int ACCOUNT_TAG_OFFSET = 20;
    public static final int ACCOUNT_TAG_LENGTH = 16;
    public static final int STORE_OFFSET = 36;
    public static final int SIGNATURE_LENGTH = 32;
    public static final int MIN_LENGTH = STORE_OFFSET + SIGNATURE_LENGTH;

    private CursorDescriptor() {
    }

    /** Total length of a cursor whose store filter has {@code storeLength} bytes. */
    public static int length(int storeLength) {
        return STORE_OFFSET + storeLength + SIGNATURE_LENGTH;
    }

    /** Length of the signed body (everything but the signature). */
    public static int bodyLength(int totalLength) {
        return totalLength - SIGNATURE_LENGTH;
    }

    public static void writeBody(byte[] dst, int pageSize, long lastPersistDate, long endDate, byte[] accountTag,
                                 byte[] store) {
        dst[VERSION_OFFSET] = VERSION;
        dst[PAGE_SIZE_OFFSET] = (byte) pageSize;
        dst[STORE_LENGTH_OFFSET] = (byte) store.length;
        dst[3] = 0;
        putLong(dst, LAST_PERSIST_DATE_OFFSET, lastPersistDate);
        putLong(dst, END_DATE_OFFSET, endDate);
        System.arraycopy(accountTag, 0, dst, ACCOUNT_TAG_OFFSET, ACCOUNT_TAG_LENGTH);
        System.arraycopy(store, 0, dst, STORE_OFFSET, store.length);
    }

    public static int version(byte[] src) {
        return src[VERSION_OFFSET] & 0xFF;
    }

    public static int pageSize(byte[] src) {
        return src[PAGE_SIZE_OFFSET] & 0xFF;
    }

    public static int storeLength(byte[] src) {
        return src[STORE_LENGTH_OFFSET] & 0xFF;
    }

    public static long lastPersistDate(byte[] src) {
        return getLong(src, LAST_PERSIST_DATE_OFFSET);
    }

    public static long endDate(byte[] src) {
        return getLong(src, END_DATE_OFFSET);
    }

    private static void putLong(byte[] dst, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            dst[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static long getLong(byte[] src, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | src[at + i] & 0xFF;
        }
        return v;
    }
}
