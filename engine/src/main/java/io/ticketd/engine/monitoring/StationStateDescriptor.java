package io.ticketd.engine.monitoring;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a station state in the index's {@code stations} column family, and
 * the only place that knows them. Big-endian.
 *
 * <pre>
 *  | version (1) | flags (1) | status (4) | since (8) | last push (8) | last push time (8) |
 *  | received_from_cloud (8) | pushes (8) | history count (2) |
 *  | history: ( status (4) | since (8) | time (8) ) × count, newest first |
 * </pre>
 * Flags: bit 0 received_from_cloud present; bit 1 cloud_online present; bit 2 its value.
 * The key is the account and store, as in {@code IndexKeyDescriptor}.
 */
public final class StationStateDescriptor {
    public static final byte VERSION = 1;
    private static final int FIXED = 1 + 1 + 4 + 8 + 8 + 8 + 8 + 8 + 2;
    private static final int CHANGE = 4 + 8 + 8;

    private StationStateDescriptor() {
    }

    public static byte[] encode(StationState s) {
        ByteBuffer b = ByteBuffer.allocate(FIXED + CHANGE * s.history().size());
        int flags = (s.receivedFromCloud() != null ? 1 : 0) | (s.cloudOnline() != null ? 2 : 0)
                | (Boolean.TRUE.equals(s.cloudOnline()) ? 4 : 0);
        b.put(VERSION).put((byte) flags).putInt(s.status()).putLong(s.since()).putLong(s.lastPush())
                .putLong(s.lastPushTime()).putLong(s.receivedFromCloud() == null ? 0 : s.receivedFromCloud())
                .putLong(s.pushes()).putShort((short) s.history().size());
        for (StationState.Change c : s.history()) {
            b.putInt(c.status()).putLong(c.since()).putLong(c.time());
        }
        return b.array();
    }

    public static StationState decode(String account, String storeId, byte[] value) {
        ByteBuffer b = ByteBuffer.wrap(value);
        byte version = b.get();
        if (version != VERSION) {
            throw new IllegalStateException("station state of " + storeId + " has unknown version " + version);
        }
        int flags = b.get();
        int status = b.getInt();
        long since = b.getLong();
        long lastPush = b.getLong();
        long lastPushTime = b.getLong();
        long received = b.getLong();
        long pushes = b.getLong();
        int n = b.getShort();
        List<StationState.Change> history = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            history.add(new StationState.Change(b.getInt(), b.getLong(), b.getLong()));
        }
        return new StationState(account, storeId, status, since, lastPush, lastPushTime,
                (flags & 1) != 0 ? received : null, (flags & 2) != 0 ? (flags & 4) != 0 : null, pushes,
                List.copyOf(history));
    }
}
