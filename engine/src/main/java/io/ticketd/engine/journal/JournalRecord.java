package io.ticketd.engine.journal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One decoded journal record, filled by {@link Journal.Reader}. The keys (account,
 * store, ticket id) and the stored JSON are copied into buffers this object owns
 * and reuses, so a reader that keeps one instance allocates nothing per record.
 *
 * <p>Thread-safety: none; one instance per reading thread.
 */
public final class JournalRecord {
    private RecordType type;
    private long index;
    private long persistDate;
    private int revision;
    private long hashHigh;
    private long hashLow;
    private final byte[] keys = new byte[1024];
    private int accountLength;
    private int storeLength;
    private int ticketIdLength;
    private byte[] json = new byte[4096];
    private int jsonLength;
    private int stationStatus;
    private long pushTime;
    private long receivedFromCloud;
    private int stationFlags;

    public RecordType type() {
        return type;
    }

    /** The journal index (the record's address: segment and offset) the record was read from. */
    public long index() {
        return index;
    }

    public long persistDate() {
        return persistDate;
    }

    public int revision() {
        return revision;
    }

    public long hashHigh() {
        return hashHigh;
    }

    public long hashLow() {
        return hashLow;
    }

    /** Account, store and ticket id bytes back to back; see the length accessors. */
    public byte[] keys() {
        return keys;
    }

    public int accountLength() {
        return accountLength;
    }

    public int storeLength() {
        return storeLength;
    }

    public int ticketIdLength() {
        return ticketIdLength;
    }

    public String account() {
        return new String(keys, 0, accountLength, StandardCharsets.UTF_8);
    }

    public String store() {
        return new String(keys, accountLength, storeLength, StandardCharsets.UTF_8);
    }

    public String ticketId() {
        return new String(keys, accountLength + storeLength, ticketIdLength, StandardCharsets.UTF_8);
    }

    /** The stored JSON; valid up to {@link #jsonLength()}. */
    public byte[] json() {
        return json;
    }

    public int jsonLength() {
        return jsonLength;
    }

    public String jsonString() {
        return new String(json, 0, jsonLength, StandardCharsets.UTF_8);
    }

    void header(RecordType type, long index, long persistDate) {
        this.type = type;
        this.index = index;
        this.persistDate = persistDate;
        this.revision = 0;
        this.hashHigh = 0;
        this.hashLow = 0;
        this.accountLength = 0;
        this.storeLength = 0;
        this.ticketIdLength = 0;
        this.jsonLength = 0;
    }

    /** A station status record's status code. */
    public int stationStatus() {
        return stationStatus;
    }

    /** A station status record's push time, Unix seconds as the register sent it. */
    public long pushTime() {
        return pushTime;
    }

    /** A station status record's received_from_cloud, when {@link #hasReceivedFromCloud()}. */
    public long receivedFromCloud() {
        return receivedFromCloud;
    }

    public boolean hasReceivedFromCloud() {
        return (stationFlags & JournalRecordDescriptor.FLAG_RECEIVED_FROM_CLOUD) != 0;
    }

    /** A station status record's cloud_online, or null when it was not sent. */
    public Boolean cloudOnline() {
        if ((stationFlags & JournalRecordDescriptor.FLAG_CLOUD_ONLINE_SENT) == 0) {
            return null;
        }
        return (stationFlags & JournalRecordDescriptor.FLAG_CLOUD_ONLINE) != 0;
    }

    void station(int status, long pushTime, long receivedFromCloud, int flags, int accountLength, int storeLength) {
        this.stationStatus = status;
        this.pushTime = pushTime;
        this.receivedFromCloud = receivedFromCloud;
        this.stationFlags = flags;
        this.accountLength = accountLength;
        this.storeLength = storeLength;
        this.ticketIdLength = 0;
    }

    void ticket(int revision, long hashHigh, long hashLow, int accountLength, int storeLength, int ticketIdLength) {
        this.revision = revision;
        this.hashHigh = hashHigh;
        this.hashLow = hashLow;
        this.accountLength = accountLength;
        this.storeLength = storeLength;
        this.ticketIdLength = ticketIdLength;
    }

    byte[] jsonBuffer(int length) {
        if (json.length < length) {
            json = Arrays.copyOf(json, Math.max(length, json.length * 2));
        }
        jsonLength = length;
        return json;
    }
}
