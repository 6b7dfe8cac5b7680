package io.ticketd.engine.ingest;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.ticketd.engine.index.IndexBatch;
import io.ticketd.engine.index.IndexKeyDescriptor;
import io.ticketd.engine.index.IndexStore;
import io.ticketd.engine.internal.Utf8;
import io.ticketd.engine.journal.Journal;
import io.ticketd.engine.journal.JournalRecordDescriptor;
import io.ticketd.engine.monitoring.StationPush;
import io.ticketd.engine.monitoring.StationState;
import io.ticketd.engine.monitoring.StationStateDescriptor;
import io.ticketd.engine.monitoring.StationStates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The single writer of the engine. Per event it dedupes the ticket against its
 * latest revision, assigns {@code persistDate = max(now, last + 1)} and appends the
 * record to the journal. {@code now} is read once a request, when its first ticket is
 * committed (its tickets are contiguous in the ring): a read per ticket was 7 % of the
 * commit thread under batch ingest (async-profiler, kvm-clock), and a request's
 * tickets are stamped consecutively after it either way.
 *
 * <p>At the end of each batch it writes the batch's records to the journal file and
 * its index entries (with the last journal index applied) to RocksDB in one write,
 * then hands the batch to the {@link SyncStage}, which syncs the journal (durability
 * {@code fsync}), advances the watermark and acknowledges, in that order: an
 * acknowledged ticket is durable, and a visible one is durable and acknowledged or
 * about to be. The index entries are written before the sync but stay invisible to
 * queries until the watermark passes them; were a crash to lose the unsynced records,
 * the index would be ahead of the journal, and the engine rebuilds it at its next
 * start ({@code TicketEngine.open}).
 *
 * <p>On any failure (an I/O error, a full disk) the whole open batch is failed, no
 * ticket of it is acknowledged, and the handler refuses everything after: a journal
 * that could not be synced cannot be trusted to have kept what it was given. The
 * journal remains the truth; a restart replays what it holds.
 *
 * <p>Thread-safety: runs on the commit thread only.
 */
final class CommitHandler implements EventHandler<CommitEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(CommitHandler.class);
    private static final int IDS_CAPACITY = 64 + 64 + 3 * 128 * 2;

    private final Journal journal;
    private final IndexStore index;
    private final LongSupplier clockMicros;
    private final CommitWatermark watermark;
    private final CommitStats stats;
    private final SyncStage syncStage;
    private final LatestRevisions revisions;
    private final CommitEvent[] open;
    private final PendingKeys pending;
    private final StationStates stations;
    /** States of stations pushed in the open batch, published once the batch is indexed. */
    private final Map<String, StationState> pendingStations = new HashMap<>();
    private final byte[] ids = new byte[IDS_CAPACITY];
    private final byte[] key = new byte[IndexKeyDescriptor.MAX_KEY_LENGTH];
    private final byte[] latest = new byte[IndexKeyDescriptor.LATEST_REVISION_LENGTH];

    private Journal.Appender appender;
    private IndexBatch indexBatch;
    private int openCount;
    private long firstSequence;
    private long lastPersistDate;
    /** The clock when the request of the ticket being committed was reached. */
    private long requestNow;
    private long lastJournalIndex = -1;
    private int appendedInBatch;
    private volatile Throwable failure;
    private final CountDownLatch started = new CountDownLatch(1);

    CommitHandler(Journal journal, IndexStore index, Durability durability, LongSupplier clockMicros,
                  long lastPersistDate, RingBuffer<CommitEvent> ring, CommitWatermark watermark, CommitStats stats,
                  StationStates stations, SyncStage.JournalSync sync) {
        this.stations = stations;
        this.journal = journal;
        this.index = index;
        this.clockMicros = clockMicros;
        this.lastPersistDate = lastPersistDate;
        this.watermark = watermark;
        this.stats = stats;
        this.open = new CommitEvent[ring.getBufferSize()];
        this.pending = new PendingKeys(ring.getBufferSize());
        this.revisions = new LatestRevisions(index, stats);
        this.syncStage = new SyncStage(sync, durability, ring, watermark, stats, stations, this::fail);
        ring.addGatingSequences(syncStage.durableSequence()); // a slot is reused only once its request is answered
    }

    /** Looks up the latest revisions of a batch's tickets on the calling (publishing) thread. */
    void prefetch(IngestBatch batch) throws org.rocksdb.RocksDBException {
        revisions.prefetch(batch);
    }

    /** The failure that stopped the handler, or null while it is healthy. */
    Throwable failure() {
        return failure;
    }

    @Override
    public void onStart() {
        try {
            appender = journal.appender();
            indexBatch = new IndexBatch(index);
            syncStage.start();
            revisions.start();
        } catch (Throwable t) {
            fail(t);
        } finally {
            started.countDown();
        }
    }

    /** Waits until the commit thread has started (its processor is running and will drain on shutdown). */
    boolean awaitStarted(long timeout, TimeUnit unit) throws InterruptedException {
        return started.await(timeout, unit);
    }

    @Override
    public void onEvent(CommitEvent event, long sequence, boolean endOfBatch) {
        if (openCount == 0) {
            firstSequence = sequence;
        }
        open[openCount++] = event;
        if (failure == null) {
            try {
                if (event.station != null) {
                    commitStation(event);
                } else {
                    commitTicket(event, openCount - 1);
                }
            } catch (Throwable t) {
                fail(t);
            }
        }
        if (endOfBatch) {
            endBatch(sequence);
        }
    }

    /**
     * Idle: no event arrived within the wait timeout. Once every batch handed on is
     * durable and visible, advance the horizon with the clock.
     */
    @Override
    public void onTimeout(long sequence) {
        long now = clockMicros.getAsLong();
        if (openCount == 0 && failure == null && now - 1 > lastPersistDate && syncStage.idle()) {
            lastPersistDate = now - 1;
            watermark.horizon(lastPersistDate);
        }
    }

    @Override
    public void onShutdown() {
        revisions.close();
        syncStage.close(); // syncs and acknowledges everything handed on
        try {
            if (failure == null && appender != null) {
                appender.sync();
            }
        } catch (Exception e) {
            LOG.error("cannot sync the journal at shutdown", e);
        } finally {
            closeQuietlyLogged();
        }
    }

    private void commitTicket(CommitEvent event, int position) throws Exception {
        if (event.slot == 0) {
            requestNow = clockMicros.getAsLong();
        }
        ValidatedTicket ticket = event.ticket;
        String account = event.batch.account();
        int accountLength = Utf8.encode(account, ids, 0);
        int storeLength = Utf8.encode(ticket.storeId(), ids, accountLength);
        int ticketIdLength = Utf8.encode(ticket.ticketId(), ids, accountLength + storeLength);

        int keyLength = IndexKeyDescriptor.putStoreScope(key, ids, accountLength, storeLength);
        keyLength = IndexKeyDescriptor.putTicketId(key, keyLength, ids, accountLength + storeLength, ticketIdLength);
        IngestBatch batch = event.batch;
        boolean prefetched = batch.prefetchEpoch() >= 0;
        long keyHash = prefetched ? batch.prefetchedKeyHash(event.slot)
                : LatestRevisions.KEY_HASH.hashBytes(key, 0, keyLength);

        boolean known;
        int latestRevision = 0;
        long latestPersistDate = 0;
        long latestHashHigh = 0;
        long latestHashLow = 0;
        CommitEvent earlier = earlierInBatch(keyHash, account, ticket);
        if (earlier != null) {
            known = true;
            latestRevision = earlier.revision;
            latestPersistDate = earlier.persistDate;
            latestHashHigh = earlier.ticket.hashHigh();
            latestHashLow = earlier.ticket.hashLow();
        } else if (prefetched && revisions.current(keyHash, batch.prefetchEpoch())) {
            latestRevision = batch.prefetchedRevision(event.slot);
            known = latestRevision > 0;
            latestPersistDate = batch.prefetchedPersistDate(event.slot);
            latestHashHigh = batch.prefetchedHashHigh(event.slot);
            latestHashLow = batch.prefetchedHashLow(event.slot);
        } else {
            known = index.latestRevision(key, keyLength, latest);
            if (known) {
                latestRevision = IndexKeyDescriptor.revision(latest);
                latestPersistDate = IndexKeyDescriptor.latestPersistDate(latest);
                latestHashHigh = IndexKeyDescriptor.hashHigh(latest);
                latestHashLow = IndexKeyDescriptor.hashLow(latest);
            }
        }
        event.previousSameKey = pending.put(keyHash, position);

        if (known && latestHashHigh == ticket.hashHigh() && latestHashLow == ticket.hashLow()) {
            event.revision = latestRevision;
            event.persistDate = latestPersistDate;
            event.status = TicketStatus.DUPLICATE;
            return;
        }
        revisions.written(keyHash);
        event.revision = known ? latestRevision + 1 : 1;
        event.status = known ? TicketStatus.REVISED : TicketStatus.CREATED;
        lastPersistDate = Math.max(requestNow, lastPersistDate + 1);
        event.persistDate = lastPersistDate;

        byte[] fillStore = ticket.storeIdFilled() ? storeBytes(accountLength, storeLength) : null;
        lastJournalIndex = appender.appendTicket(event.persistDate, event.revision, ticket.hashHigh(),
                ticket.hashLow(), ids, accountLength, storeLength, ticketIdLength, ticket.source(),
                ticket.offset(), ticket.closeBrace(), fillStore);
        stats.appended();
        appendedInBatch++;
        indexBatch.addTicket(ids, accountLength, storeLength, ticketIdLength, event.persistDate, lastJournalIndex,
                event.revision, ticket.hashHigh(), ticket.hashLow());
    }

    /** Journals a station push and computes the station's next state (published after the batch is indexed). */
    private void commitStation(CommitEvent event) throws Exception {
        StationPush push = event.station;
        int accountLength = Utf8.encode(push.account(), ids, 0);
        int storeLength = Utf8.encode(push.storeId(), ids, accountLength);
        long now = clockMicros.getAsLong();
        lastPersistDate = Math.max(now, lastPersistDate + 1);
        event.persistDate = lastPersistDate;
        int flags = (push.receivedFromCloud() != null ? JournalRecordDescriptor.FLAG_RECEIVED_FROM_CLOUD : 0)
                | (push.cloudOnline() != null ? JournalRecordDescriptor.FLAG_CLOUD_ONLINE_SENT : 0)
                | (Boolean.TRUE.equals(push.cloudOnline()) ? JournalRecordDescriptor.FLAG_CLOUD_ONLINE : 0);
        lastJournalIndex = appender.appendStationStatus(event.persistDate, push.status(), push.time(),
                push.receivedFromCloud() == null ? 0 : push.receivedFromCloud(), flags, ids, accountLength, storeLength);
        stats.appended();
        appendedInBatch++;
        String key = push.account() + '\u0000' + push.storeId();
        StationState previous = pendingStations.containsKey(key) ? pendingStations.get(key)
                : stations.get(push.account(), push.storeId());
        StationState state = StationState.apply(previous, push.account(), push.storeId(), push.status(), push.time(),
                push.receivedFromCloud(), push.cloudOnline(), event.persistDate);
        pendingStations.put(key, state);
        event.stationState = state;
        indexBatch.putStation(ids, accountLength, storeLength, StationStateDescriptor.encode(state));
    }

    /** The latest event of the open batch with the same account, store and ticket id, or null. */
    private CommitEvent earlierInBatch(long keyHash, String account, ValidatedTicket ticket) {
        for (int p = pending.latest(keyHash); p != PendingKeys.NONE; p = open[p].previousSameKey) {
            CommitEvent e = open[p];
            if (e.status != null && e.ticket != null && e.ticket.ticketId().equals(ticket.ticketId())
                    && e.ticket.storeId().equals(ticket.storeId()) && e.batch.account().equals(account)) {
                return e;
            }
        }
        return null;
    }

    /** Store ids are ASCII by contract; a store filled in from a credential is copied (rare: store credentials only). */
    private byte[] storeBytes(int accountLength, int storeLength) {
        byte[] store = new byte[storeLength];
        System.arraycopy(ids, accountLength, store, 0, storeLength);
        return store;
    }

    private void endBatch(long lastSequence) {
        long batchLastIndex = appendedInBatch > 0 ? lastJournalIndex : -1;
        if (failure == null && appendedInBatch > 0) {
            try {
                appender.flush();
                indexBatch.commit(lastJournalIndex);
                revisions.indexed();
                stats.indexed();
            } catch (Throwable t) {
                fail(t);
            }
        }
        List<StationState> published = pendingStations.isEmpty() ? List.of() : List.copyOf(pendingStations.values());
        CommitRange range = new CommitRange(firstSequence, lastSequence, lastPersistDate, batchLastIndex, published,
                failure);
        Arrays.fill(open, 0, openCount, null);
        pending.clear();
        pendingStations.clear();
        openCount = 0;
        appendedInBatch = 0;
        syncStage.submit(range);
    }

    private void fail(Throwable t) {
        if (failure == null) {
            failure = t;
            LOG.error("commit failed; the engine refuses further writes until restarted (the journal is the truth "
                    + "and a restart replays it)", t);
        }
    }

    private void closeQuietlyLogged() {
        try {
            if (indexBatch != null) {
                indexBatch.close();
            }
            if (appender != null) {
                appender.close();
            }
        } catch (Exception e) {
            LOG.error("cannot close the journal appender", e);
        }
    }
}
