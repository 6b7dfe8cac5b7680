package io.ticketd.engine.monitoring;

import java.util.ArrayList;
import java.util.List;

/**
 * What the engine knows of a station (a store's cash register): its current status
 * and since when, its last push, and its last {@value #HISTORY} status changes,
 * newest first. Times are microseconds since the epoch (persistDates) except
 * {@code lastPushTime}, which is the register's own Unix seconds.
 *
 * @param account           the account
 * @param storeId           the station
 * @param status            the current status code
 * @param since             when the current status began (persistDate of the push that changed it)
 * @param lastPush          when the last push was received (its persistDate)
 * @param lastPushTime      the last push's {@code time}, as sent (Unix seconds)
 * @param receivedFromCloud the last push's {@code received_from_cloud}, or null
 * @param cloudOnline       the last push's {@code cloud_online}, or null
 * @param pushes            how many pushes were received
 * @param history           the last status changes, newest first
 */
public record StationState(String account, String storeId, int status, long since, long lastPush, long lastPushTime,
                           Long receivedFromCloud, Boolean cloudOnline, long pushes, List<Change> history) {
    public static final int HISTORY = 100;

    /** One status change. */
    public record Change(int status, long since, long time) {
    }

    /** How far the register's clock is from the server's at the last push, in seconds (positive: ahead). */
    public long clockSkewSeconds() {
        return lastPushTime - lastPush / 1_000_000;
    }

    /** The state after a push committed with {@code persistDate}; {@code previous} may be null. */
    public static StationState apply(StationState previous, String account, String storeId, int status, long time,
                                     Long receivedFromCloud, Boolean cloudOnline, long persistDate) {
        if (previous == null) {
            return new StationState(account, storeId, status, persistDate, persistDate, time, receivedFromCloud,
                    cloudOnline, 1, List.of(new Change(status, persistDate, time)));
        }
        List<Change> history = previous.history();
        long since = previous.since();
        if (status != previous.status()) {
            List<Change> changed = new ArrayList<>(Math.min(HISTORY, history.size() + 1));
            changed.add(new Change(status, persistDate, time));
            changed.addAll(history.subList(0, Math.min(history.size(), HISTORY - 1)));
            history = List.copyOf(changed);
            since = persistDate;
        }
        return new StationState(account, storeId, status, since, persistDate, time, receivedFromCloud, cloudOnline,
                previous.pushes() + 1, history);
    }
}
