package io.ticketd.engine.registry;

import io.ticketd.engine.internal.NativeResources;
import io.ticketd.engine.registry.RegistryDescriptor.Family;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The registry's RocksDB, laid out as {@link RegistryDescriptor} draws it. It knows bytes,
 * not records.
 *
 * <p>Durability: this is primary data, so RocksDB's write-ahead log stays on. A batch
 * committed with {@link Sync#SYNC} is on disk when {@code commit} returns, and survives power
 * loss; one committed with {@link Sync#NO_SYNC} is in the operating system's page cache and
 * survives a crash of the process but not of the machine. A batch is atomic across column
 * families either way. {@link #close()} syncs the log, so a clean shutdown loses nothing.
 *
 * <p>Thread-safety: every method may be called from any thread. A read-write lock keeps the
 * native handles alive: reads and writes share it, {@link #close()} takes it alone, and
 * anything after close throws {@link IllegalStateException} instead of touching freed memory.
 * Failures to read or write become {@link UncheckedIOException}: the registry's callers have
 * no way to recover from a failing disk but to report it.
 */
final class RegistryStore implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    /** Whether a commit waits for the log to reach the disk. */
    enum Sync {
        SYNC,
        NO_SYNC
    }

    /** Receives one entry of a scan; returns false to stop it. */
    @FunctionalInterface
    interface EntryVisitor {
        boolean visit(byte[] key, byte[] value) throws IOException;
    }

    private static final long MAX_WAL_BYTES = 64L << 20;

    private final Path directory;
    private final NativeResources resources = new NativeResources();
    private final Map<Family, ColumnFamilyHandle> families = new EnumMap<>(Family.class);
    private final RocksDB db;
    private final WriteOptions sync;
    private final WriteOptions noSync;
    private final ReentrantReadWriteLock openLock = new ReentrantReadWriteLock();
    private boolean closed;

    private RegistryStore(Path directory) throws IOException {
        this.directory = directory;
        Files.createDirectories(directory);
        // Uncompressed: the registry is small, and its files can then be searched for a
        // leaked secret with nothing more than grep (as the tests do).
        ColumnFamilyOptions familyOptions = resources.keep(new ColumnFamilyOptions()
                .setCompressionType(CompressionType.NO_COMPRESSION));
        DBOptions options = resources.keep(new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxTotalWalSize(MAX_WAL_BYTES)
                .setKeepLogFileNum(3));
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (Family f : Family.values()) {
            descriptors.add(new ColumnFamilyDescriptor(f.nameBytes(), familyOptions));
        }
        List<ColumnFamilyHandle> opened = new ArrayList<>();
        try {
            db = RocksDB.open(options, directory.toString(), descriptors, opened);
        } catch (RocksDBException e) {
            resources.closeAll();
            throw new IOException("cannot open the registry at " + directory + ": " + e.getMessage(), e);
        }
        for (Family f : Family.values()) {
            families.put(f, opened.get(f.ordinal()));
        }
        sync = resources.keep(new WriteOptions().setSync(true));
        noSync = resources.keep(new WriteOptions().setSync(false));
    }

    static RegistryStore open(Path directory) throws IOException {
        return new RegistryStore(directory);
    }

    Path directory() {
        return directory;
    }

    /** A new, empty batch; the caller commits and closes it. */
    Batch batch() {
        return new Batch();
    }

    /** The value stored under {@code key}, or null. */
    byte[] get(Family family, byte[] key) {
        Lock lock = readLock();
        try {
            return db.get(families.get(family), key);
        } catch (RocksDBException e) {
            throw failure("read", e);
        } finally {
            lock.unlock();
        }
    }

    /** Visits every entry of a column family in key order, oldest key first when {@code ascending}. */
    void scan(Family family, boolean ascending, EntryVisitor visitor) throws IOException {
        Lock lock = readLock();
        try (RocksIterator it = db.newIterator(families.get(family))) {
            if (ascending) {
                it.seekToFirst();
            } else {
                it.seekToLast();
            }
            while (it.isValid() && visitor.visit(it.key(), it.value())) {
                if (ascending) {
                    it.next();
                } else {
                    it.prev();
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw new IOException("cannot read the registry at " + directory + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** The first (or last) key of a column family, or null when it is empty. */
    byte[] edgeKey(Family family, boolean first) throws IOException {
        byte[][] found = new byte[1][];
        scan(family, first, (key, value) -> {
            found[0] = key;
            return false;
        });
        return found[0];
    }

    @Override
    public void close() throws IOException {
        Lock lock = openLock.writeLock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            syncAndRelease();
        } finally {
            lock.unlock();
        }
    }

    /** Syncs the log, so unsynced writes survive power loss too, then frees the native handles. */
    private void syncAndRelease() throws IOException {
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            throw new IOException("cannot sync the registry's log at " + directory + ": " + e.getMessage(), e);
        } finally {
            for (ColumnFamilyHandle h : families.values()) {
                h.close();
            }
            db.close();
            resources.closeAll();
        }
    }

    /** Takes the shared lock; refuses once closed. */
    private Lock readLock() {
        Lock lock = openLock.readLock();
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new IllegalStateException("the registry at " + directory + " is closed");
        }
        return lock;
    }

    private UncheckedIOException failure(String action, RocksDBException e) {
        return new UncheckedIOException(new IOException("cannot " + action + " the registry at " + directory + ": "
                + e.getMessage(), e));
    }


    /**
     * Writes that land together or not at all. From creation to {@link #close()} it holds the
     * store's shared lock: staging a write reads the column families' native handles, so the
     * store must not close under it. Not thread-safe: one thread builds, commits and closes it.
     */
    final class Batch implements AutoCloseable {
        private final Lock lock = readLock();
        private final WriteBatch batch = new WriteBatch();

        Batch put(Family family, byte[] key, byte[] value) {
            try {
                batch.put(families.get(family), key, value);
            } catch (RocksDBException e) {
                throw failure("stage a write to", e);
            }
            return this;
        }

        Batch delete(Family family, byte[] key) {
            try {
                batch.delete(families.get(family), key);
            } catch (RocksDBException e) {
                throw failure("stage a delete in", e);
            }
            return this;
        }

        /** Deletes the keys in {@code [from, to)}. */
        Batch deleteRange(Family family, byte[] from, byte[] to) {
            try {
                batch.deleteRange(families.get(family), from, to);
            } catch (RocksDBException e) {
                throw failure("stage a range delete in", e);
            }
            return this;
        }

        void commit(Sync durability) {
            try {
                db.write(durability == Sync.SYNC ? sync : noSync, batch);
            } catch (RocksDBException e) {
                throw failure("write", e);
            }
        }

        @Override
        public void close() {
            try {
                batch.close();
            } finally {
                lock.unlock();
            }
        }
    }
}
