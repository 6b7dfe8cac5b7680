package io.ticketd.tools.datadir;

import io.ticketd.engine.index.IndexKeyDescriptor;
import io.ticketd.engine.index.IndexStore;
import io.ticketd.engine.journal.JournalRecord;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The tickets column family as the journal says it must be, built apart from the
 * index by {@link IndexVerifier}: for each (account, store, ticketId), the revision,
 * persistDate and content hash of its last record in the journal, keyed and encoded
 * as in the index's {@code tickets} column family ({@link IndexKeyDescriptor}).
 *
 * <p>It is a scratch RocksDB on disk: an external sort. Tickets are put in journal
 * order, so a later revision simply overwrites an earlier one; RocksDB keeps at most
 * its write buffers in memory and spills the rest to sorted files, so the memory a
 * check takes does not grow with the number of tickets. Its iterator then walks the
 * keys in the same bytewise order as the index's, for a merge. Nothing is durable:
 * no write-ahead log, and the directory is deleted on close (and, if a killed run
 * left it behind, when the next one creates it).
 *
 * <p>Thread-safety: none; one verifying thread.
 */
final class ScratchTicketTable implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private static final int PUTS_PER_BATCH = 4096;
    private static final long WRITE_BUFFER_BYTES = 16L << 20;

    private final Path directory;
    private final Options options;
    private final WriteOptions writeOptions;
    private final RocksDB db;
    private final WriteBatch batch = new WriteBatch();
    private final byte[] scratch = new byte[IndexKeyDescriptor.MAX_KEY_LENGTH];
    private final ByteBuffer key = ByteBuffer.allocateDirect(IndexKeyDescriptor.MAX_KEY_LENGTH);
    private final ByteBuffer value = ByteBuffer.allocateDirect(IndexKeyDescriptor.LATEST_REVISION_LENGTH);
    private int pending;

    private ScratchTicketTable(Path directory, Options options, WriteOptions writeOptions, RocksDB db) {
        this.directory = directory;
        this.options = options;
        this.writeOptions = writeOptions;
        this.db = db;
    }

    /** Creates an empty table in {@code directory}, deleting whatever is there. */
    static ScratchTicketTable create(Path directory) throws IOException {
        IndexStore.destroy(directory);
        Options options = new Options()
                .setCreateIfMissing(true)
                .setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setMaxBackgroundJobs(2);
        WriteOptions writeOptions = new WriteOptions().setDisableWAL(true);
        try {
            RocksDB db = RocksDB.open(options, directory.toString());
            return new ScratchTicketTable(directory, options, writeOptions, db);
        } catch (RocksDBException e) {
            writeOptions.close();
            options.close();
            throw new IOException("cannot create the scratch table " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Records {@code ticket} (a ticket record) as the latest revision of its ticket so far. */
    void put(JournalRecord ticket) throws RocksDBException {
        byte[] ids = ticket.keys();
        int n = IndexKeyDescriptor.putStoreScope(scratch, ids, ticket.accountLength(), ticket.storeLength());
        n = IndexKeyDescriptor.putTicketId(scratch, n, ids, ticket.accountLength() + ticket.storeLength(),
                ticket.ticketIdLength());
        key.clear();
        key.put(scratch, 0, n).flip();
        value.clear();
        IndexKeyDescriptor.putLatestRevision(value, ticket.revision(), ticket.persistDate(), ticket.hashHigh(),
                ticket.hashLow());
        value.flip();
        batch.put(key, value);
        if (++pending == PUTS_PER_BATCH) {
            write();
        }
    }

    /** An iterator over everything put so far, in key order; the caller closes it. */
    RocksIterator iterator() throws RocksDBException {
        write();
        return db.newIterator();
    }

    private void write() throws RocksDBException {
        if (pending > 0) {
            db.write(writeOptions, batch);
            batch.clear();
            pending = 0;
        }
    }

    @Override
    public void close() throws IOException {
        batch.close();
        db.close();
        writeOptions.close();
        options.close();
        IndexStore.destroy(directory);
    }
}
