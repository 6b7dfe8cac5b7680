package io.ticketd.engine;

import io.ticketd.engine.index.IndexKeyDescriptor;
import io.ticketd.engine.index.IndexRecovery;
import io.ticketd.engine.index.IndexStore;
import io.ticketd.engine.ingest.CommitStats;
import io.ticketd.engine.ingest.IngestBatch;
import io.ticketd.engine.ingest.IngestPipeline;
import io.ticketd.engine.ingest.PublishResult;
import io.ticketd.engine.internal.DataDirectoryLock;
import io.ticketd.engine.journal.Journal;
import io.ticketd.engine.monitoring.StationPush;
import io.ticketd.engine.monitoring.StationState;
import io.ticketd.engine.monitoring.StationStates;
import io.ticketd.engine.query.CursorCodec;
import io.ticketd.engine.query.InvalidCursorException;
import io.ticketd.engine.query.InvalidQueryException;
import io.ticketd.engine.query.Page;
import io.ticketd.engine.query.PageCursor;
import io.ticketd.engine.query.PageQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The ticket engine: ingest through the commit ring, page queries over the index,
 * and the lifecycle of the journal, index and cursor key in one data directory.
 *
 * <p>Opening takes the data directory's lock, opens the journal, brings the index up
 * to the journal (replaying what a crash left unindexed) and only then serves, with
 * persistDate continuing strictly above the last one in the journal.
 *
 * <p>Thread-safety: {@link #tryPublish} and the page queries may be called from any
 * number of threads. {@link #close} drains the ring, syncs and closes everything;
 * call it once, after callers have stopped.
 */
public final class TicketEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TicketEngine.class);
    public static final String JOURNAL_DIRECTORY = "journal";
    public static final String INDEX_DIRECTORY = "index";

    private final EngineConfig config;
    private final DataDirectoryLock lock;
    private final Journal journal;
    private final IndexStore index;
    private final IngestPipeline pipeline;
    private final PageQuery queries;
    private final StationStates stations;
    /**
     * Reads of the index and journal hold the read lock; {@link #close()} takes the write lock
     * before closing them, so it waits for reads in flight and later reads are refused
     * ({@link EngineClosedException}) instead of touching a closed RocksDB.
     */
    private final ReentrantReadWriteLock readers = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private TicketEngine(EngineConfig config, DataDirectoryLock lock, Journal journal, IndexStore index,
                         IngestPipeline pipeline, PageQuery queries, StationStates stations) {
        this.stations = stations;
        this.config = config;
        this.lock = lock;
        this.journal = journal;
        this.index = index;
        this.pipeline = pipeline;
        this.queries = queries;
    }

    public static TicketEngine open(EngineConfig config) throws IOException {
        Path dir = config.dataDirectory();
        DataDirectoryLock lock = DataDirectoryLock.acquire(dir);
        Journal journal = null;
        IndexStore index = null;
        try {
            journal = Journal.open(dir.resolve(JOURNAL_DIRECTORY));
            index = IndexStore.open(dir.resolve(INDEX_DIRECTORY));
            String rebuild = reasonToRebuild(index, journal);
            if (rebuild != null) {
                LOG.warn("{}; rebuilding the index from the journal", rebuild);
                index.close();
                IndexStore.destroy(dir.resolve(INDEX_DIRECTORY));
                index = IndexStore.open(dir.resolve(INDEX_DIRECTORY));
            }
            long replayed = IndexRecovery.catchUp(journal, index, applied -> { });
            if (replayed > 0) {
                LOG.info("index caught up with the journal: {} records replayed", replayed);
            }
            long lastPersistDate = Math.max(0, journal.lastPersistDate());
            CursorCodec cursors = CursorCodec.open(dir.resolve(CursorCodec.KEY_FILE));
            StationStates stations = StationStates.load(index);
            IngestPipeline pipeline = new IngestPipeline(journal, index, config.durability(), config.ringSize(),
                    config.clockMicros(), lastPersistDate, stations);
            PageQuery queries = new PageQuery(index, journal, pipeline.watermark(), cursors);
            return new TicketEngine(config, lock, journal, index, pipeline, queries, stations);
        } catch (IOException | RuntimeException e) {
            closeAfterFailedOpen(journal, index, lock, e);
            throw e;
        }
    }

    /** Why the index cannot be caught up with the journal and must be rebuilt from it, or null when it can. */
    private static String reasonToRebuild(IndexStore index, Journal journal) throws IOException {
        if (!index.hasCurrentFormat()) {
            return "the index is of format " + index.format() + ", written by an earlier build; this build reads"
                    + " format " + IndexKeyDescriptor.FORMAT;
        }
        if (index.lastAppliedJournalIndex() > journal.lastIndex()) {
            return "the index has applied journal index " + Long.toHexString(index.lastAppliedJournalIndex())
                    + " but the journal ends at " + Long.toHexString(journal.lastIndex()) + ": a crash lost records"
                    + " that were indexed but never synced (so never acknowledged)";
        }
        return null;
    }

    /**
     * Recreates the index of a data directory from its journal alone: deletes the
     * index and replays every record, exactly as {@link #open} catches an index up
     * (ticket entries, latest revisions and station states). Offline: takes the
     * directory's lock. The journal is opened read-only: a rebuild never changes it.
     *
     * @return the number of journal records replayed
     * @throws DataDirectoryLock.DataDirectoryLockedException when a server (or another tool) holds the directory
     */
    public static long rebuildIndex(Path dataDirectory, IndexRecovery.Progress progress) throws IOException {
        DataDirectoryLock lock = DataDirectoryLock.acquire(dataDirectory); // held while the index is rebuilt
        try {
            IndexStore.destroy(dataDirectory.resolve(INDEX_DIRECTORY));
            try (Journal journal = Journal.openReadOnly(dataDirectory.resolve(JOURNAL_DIRECTORY));
                 IndexStore index = IndexStore.open(dataDirectory.resolve(INDEX_DIRECTORY))) {
                return IndexRecovery.catchUp(journal, index, progress);
            }
        } finally {
            lock.close();
        }
    }

    public EngineConfig config() {
        return config;
    }

    /**
     * Publishes a batch of validated tickets for commit. Never blocks: when the ring
     * has no room for the whole batch, nothing is published and the answer says so.
     * The batch's listener is called on the commit thread once every ticket of it is
     * committed (durable per the configured durability, and visible to queries).
     */
    public PublishResult tryPublish(IngestBatch batch) {
        return pipeline.tryPublish(batch);
    }

    /** Publishes a station monitoring push for commit. Never blocks; see {@link #tryPublish(IngestBatch)}. */
    public PublishResult tryPublish(StationPush push) {
        return pipeline.tryPublish(push);
    }

    /** A station's committed state, or null when it never pushed. */
    public StationState station(String account, String storeId) {
        return stations.get(account, storeId);
    }

    /** The committed states of every station of an account that has pushed, by store id. */
    public List<StationState> stations(String account) {
        return stations.of(account);
    }

    /** The persistDate of the last ticket received for a store, or -1 when it has none. */
    public long lastTicketDate(String account, String storeId) {
        enterRead();
        try {
            return lastTicketDateOpen(account, storeId);
        } finally {
            readers.readLock().unlock();
        }
    }

    private long lastTicketDateOpen(String account, String storeId) {
        byte[] ids = (account + storeId).getBytes(StandardCharsets.UTF_8);
        int accountLength = account.getBytes(StandardCharsets.UTF_8).length;
        byte[] prefix = new byte[IndexKeyDescriptor.SCOPE_LENGTH + 2 + ids.length];
        IndexKeyDescriptor.putStoreScope(prefix, ids, accountLength, ids.length - accountLength);
        return index.lastPersistDate(prefix);
    }

    /** The first page of a query; see {@link PageQuery#page(String, String, long, long, int, Page)}. */
    public Page page(String account, String storeFilter, long startDate, long endDate, int maxPageSize, Page into)
            throws InvalidQueryException {
        enterRead();
        try {
            return queries.page(account, storeFilter, startDate, endDate, maxPageSize, into);
        } finally {
            readers.readLock().unlock();
        }
    }

    public Page page(String account, String storeFilter, long startDate, long endDate, int maxPageSize)
            throws InvalidQueryException {
        return page(account, storeFilter, startDate, endDate, maxPageSize, new Page());
    }

    /** The page after a verified cursor. */
    public Page page(String account, PageCursor cursor, Page into) throws InvalidQueryException {
        enterRead();
        try {
            return queries.page(account, cursor, into);
        } finally {
            readers.readLock().unlock();
        }
    }

    /** The page after a cursor token, verified for {@code account}. */
    public Page page(String account, String cursor) throws InvalidCursorException, InvalidQueryException {
        return page(account, queries.decode(account, cursor), new Page());
    }

    /** Takes the read lock, or refuses when the engine is closing or closed. Never waits. */
    private void enterRead() {
        if (!readers.readLock().tryLock()) {
            throw new EngineClosedException();
        }
        if (closed) {
            readers.readLock().unlock();
            throw new EngineClosedException();
        }
    }

    /** Verifies a cursor token presented by {@code account}, so the caller can check its store filter. */
    public PageCursor decodeCursor(String account, String cursor) throws InvalidCursorException {
        return queries.decode(account, cursor);
    }

    /** The persistDate of the last committed ticket. */
    public long lastCommittedPersistDate() {
        return pipeline.watermark().committed();
    }

    public CommitStats stats() {
        return pipeline.stats();
    }

    /** Free slots in the commit ring. */
    public long ringRemainingCapacity() {
        return pipeline.remainingCapacity();
    }

    public int ringSize() {
        return pipeline.ringSize();
    }

    /** Why the engine stopped accepting writes (a journal or index failure), or null while healthy. */
    public Throwable failure() {
        return pipeline.failure();
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        IOException failure = null;
        try {
            pipeline.close();
        } finally {
            readers.writeLock().lock();
            closed = true;
            queries.close();
            try {
                index.close();
            } catch (IOException e) {
                failure = e;
            }
            journal.close();
            try {
                lock.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        readers.writeLock().unlock();
        if (failure != null) {
            throw failure;
        }
    }

    private static void closeAfterFailedOpen(Journal journal, IndexStore index, DataDirectoryLock lock, Exception e) {
        try {
            if (index != null) {
                index.close();
            }
        } catch (IOException | RuntimeException suppressed) {
            e.addSuppressed(suppressed);
        }
        if (journal != null) {
            journal.close();
        }
        try {
            lock.close();
        } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
        }
    }
}
