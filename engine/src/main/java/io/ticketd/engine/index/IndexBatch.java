package io.ticketd.engine.index;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

import java.nio.ByteBuffer;

/**
 * The index entries of one commit batch, written to RocksDB atomically together
 * with the last journal index they cover. Used by the commit handler and by journal
 * replay, so that both index a ticket the same way. Reuses its buffers: adding a
 * ticket allocates nothing.
 *
 * <p>Thread-safety: none; one writer.
 */
public final class IndexBatch implements AutoCloseable {
    private final IndexStore store;
    private final WriteBatch batch = new WriteBatch();
    private final ByteBuffer key = ByteBuffer.allocateDirect(IndexKeyDescriptor.MAX_KEY_LENGTH);
    private final ByteBuffer value = ByteBuffer.allocateDirect(IndexKeyDescriptor.LATEST_REVISION_LENGTH);
    private final byte[] scratch = new byte[IndexKeyDescriptor.MAX_KEY_LENGTH];
    private final byte[] lastAppliedKey = IndexStore.lastAppliedKey();
    private int tickets;

    public IndexBatch(IndexStore store) {
        this.store = store;
    }

    /**
     * Adds the three entries of one stored ticket revision: by account, by store, and
     * the ticket's latest revision.
     *
     * @param ids account, store and ticket id bytes, back to back
     */
    public void addTicket(byte[] ids, int accountLength, int storeLength, int ticketIdLength,
                          long persistDate, long journalIndex, int revision, long hashHigh, long hashLow)
            throws RocksDBException {
        int accountPrefix = IndexKeyDescriptor.putAccountScope(scratch, ids, 0, accountLength);
        int n = IndexKeyDescriptor.putPersistDate(scratch, accountPrefix, persistDate);
        putJournalIndex(store.byAccount(), n, journalIndex);

        int storePrefix = IndexKeyDescriptor.putStoreScope(scratch, accountPrefix, ids, accountLength, storeLength);
        n = IndexKeyDescriptor.putPersistDate(scratch, storePrefix, persistDate);
        putJournalIndex(store.byStore(), n, journalIndex);

        n = IndexKeyDescriptor.putTicketId(scratch, storePrefix, ids, accountLength + storeLength, ticketIdLength);
        key.clear();
        key.put(scratch, 0, n).flip();
        value.clear();
        IndexKeyDescriptor.putLatestRevision(value, revision, persistDate, hashHigh, hashLow);
        value.flip();
        batch.put(store.tickets(), key, value);
        tickets++;
    }

    /** Sets a station's state (key: account and store). */
    public void putStation(byte[] ids, int accountLength, int storeLength, byte[] state) throws RocksDBException {
        int n = IndexKeyDescriptor.putStoreScope(scratch, ids, accountLength, storeLength);
        batch.put(store.stations(), java.util.Arrays.copyOf(scratch, n), state);
    }

    /** Number of tickets added since the last commit. */
    public int tickets() {
        return tickets;
    }

    /** Writes the batch and the last journal index it applied, atomically; then starts a new batch. */
    public void commit(long lastAppliedJournalIndex) throws RocksDBException {
        key.clear();
        key.put(lastAppliedKey).flip();
        value.clear();
        value.putLong(lastAppliedJournalIndex).flip();
        batch.put(store.metadata(), key, value);
        store.write(batch);
        batch.clear();
        tickets = 0;
    }

    private void putJournalIndex(ColumnFamilyHandle family, int keyLength, long journalIndex) throws RocksDBException {
        key.clear();
        key.put(scratch, 0, keyLength).flip();
        value.clear();
        value.putLong(journalIndex).flip();
        batch.put(family, key, value);
    }

    @Override
    public void close() {
        batch.close();
    }
}
