package io.ticketd.engine.monitoring;

/**
 * One monitoring push of a station (a store's cash register), to be committed to the
 * journal like a ticket: durable, ordered by persistDate, replayable into the station
 * state. The listener is called on the commit thread once it is committed.
 *
 * <p>Thread-safety: built by the publisher, completed by the commit thread; read the
 * result only from the listener.
 */
public final class StationPush {
    /** Told when the push is committed (or failed). Called on the commit thread: hand work off. */
    @FunctionalInterface
    public interface Listener {
        void onCommitted(StationPush push);
    }

    private final String account;
    private final String storeId;
    private final int status;
    private final long time;
    private final Long receivedFromCloud;
    private final Boolean cloudOnline;
    private final Listener listener;
    private long persistDate;
    private Throwable failure;

    /**
     * @param time              the push's {@code time}, Unix seconds as the register sent it
     * @param receivedFromCloud {@code received_from_cloud}, Unix seconds, or null when not sent
     * @param cloudOnline       {@code cloud_online}, or null when not sent
     */
    public StationPush(String account, String storeId, int status, long time, Long receivedFromCloud,
                       Boolean cloudOnline, Listener listener) {
        if (!StationStatusCode.isValid(status)) {
            throw new IllegalArgumentException("status " + status + " is not one of " + StationStatusCode.validCodes());
        }
        this.account = account;
        this.storeId = storeId;
        this.status = status;
        this.time = time;
        this.receivedFromCloud = receivedFromCloud;
        this.cloudOnline = cloudOnline;
        this.listener = listener;
    }

    public String account() {
        return account;
    }

    public String storeId() {
        return storeId;
    }

    public int status() {
        return status;
    }

    public long time() {
        return time;
    }

    public Long receivedFromCloud() {
        return receivedFromCloud;
    }

    public Boolean cloudOnline() {
        return cloudOnline;
    }

    /** The persistDate the commit gave the push. */
    public long persistDate() {
        return persistDate;
    }

    /** Why it was not committed, or null when it was. */
    public Throwable failure() {
        return failure;
    }

    public boolean succeeded() {
        return failure == null;
    }

    void complete(long persistDate) {
        this.persistDate = persistDate;
        listener.onCommitted(this);
    }

    void fail(Throwable cause) {
        this.failure = cause;
        listener.onCommitted(this);
    }

    /** Completes the push (commit thread only). */
    public static void completed(StationPush push, long persistDate) {
        push.complete(persistDate);
    }

    /** Fails the push (commit thread only). */
    public static void failed(StationPush push, Throwable cause) {
        push.fail(cause);
    }
}
