package io.ticketd.engine.index;

import io.ticketd.engine.internal.NativeResources;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.ConfigOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The persistDate index and the latest revision of every ticket, in RocksDB. It is
 * derived from the journal: everything in it can be recreated by replaying the
 * journal, and the metadata records the last journal index applied.
 *
 * <p>Durability: writes skip RocksDB's write-ahead log, because the journal already
 * is one. Column families flush atomically, so after a crash the index is a
 * consistent state as of some earlier batch, and its {@linkplain #lastAppliedJournalIndex()
 * last applied index} says where replay must resume. {@link #close()} flushes, so a
 * clean shutdown replays nothing.
 *
 * <p>Keys follow {@link IndexKeyDescriptor}, whose format the metadata records: an
 * empty index is given the current one, and {@link #hasCurrentFormat()} tells the engine
 * when an index of an earlier build must be rebuilt from the journal. Every family whose
 * keys start with a scope hints its memtable inserts by it (see the descriptor).
 *
 * <p>Thread-safety: reads and iterators may be used from any thread; writes come
 * from one thread (the commit handler, or a rebuild before serving).
 */
public final class IndexStore implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private static final byte[] BY_ACCOUNT = "by_account".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BY_STORE = "by_store".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TICKETS = "tickets".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STATIONS = "stations".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST_APPLIED_KEY = "lastAppliedJournalIndex".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FORMAT_KEY = "indexFormat".getBytes(StandardCharsets.US_ASCII);
    /** The index format of an index that predates the format key: keys without a scope. */
    private static final long UNRECORDED_FORMAT = 1;
    private static final long BLOCK_CACHE_BYTES = 64L << 20;
    /**
     * Memtable size of the ticket families. Every flushed file spans every scope, so each
     * level-0 compaction rewrites the whole of level 1: the larger the flushes, the fewer
     * such rewrites. Over 8 M tickets in process (EngineCpuBreakdown, alternated runs) the
     * compaction thread took 3.6 - 4.6 µs of CPU a ticket with 16 MiB memtables, 1.7 - 2.1
     * with 32 and 0.75 - 0.79 with 64, and the commit thread alike with each size (5.4 -
     * 6.9 µs a ticket, inserts included). The cost is memory: up
     * to two memtables a family, 384 MiB at most for the three.
     */
    private static final long WRITE_BUFFER_BYTES = 64L << 20;
    /** Bytes of the scope that key by_account's and by_store's insert hints; see {@link #scopeHintedOptions}. */
    private static final int HINT_PREFIX_LENGTH = 1;
    /**
     * Bytes of the ticket scope that key the tickets family's insert hints: the store's
     * first byte and the stem of the ticket id (see IndexKeyDescriptor), so a register's
     * tickets, which arrive in key order, each start their search at the one before.
     * At most 65,536 remembered positions (~15 MiB of a 64 MiB memtable; the reference
     * workload's 100 stores of 4 registers use about 400).
     */
    private static final int TICKETS_HINT_PREFIX_LENGTH = IndexKeyDescriptor.STEM_AT + 1;
    /**
     * Level-0 files that start a compaction into level 1 (RocksDB's default is 4). Every
     * flushed file spans every scope, so each such compaction rewrites the whole of level
     * 1; merging eight files at a time instead of four halves that rewriting. In process,
     * 2.5 M tickets through the engine in three interleaved rounds: the compaction thread's
     * CPU fell from 0.58 to 0.25 of the commit thread's, the publishers' lookups (more
     * level-0 files to ask) rose from 0.55 to 0.61 of it, and the engine's CPU a ticket
     * fell by 12 %.
     */
    private static final int LEVEL0_COMPACTION_TRIGGER = 8;

    private final Path directory;
    private final NativeResources resources = new NativeResources();
    private final RocksDB db;
    private final ColumnFamilyHandle metadata;
    private final ColumnFamilyHandle byAccount;
    private final ColumnFamilyHandle byStore;
    private final ColumnFamilyHandle tickets;
    private final ColumnFamilyHandle stations;
    private final WriteOptions writeOptions;
    /** Point lookups. */
    private final ReadOptions readOptions;
    /** Iterators that may cross scopes (by_account and by_store cut a prefix off their keys). */
    private final ReadOptions totalOrderReadOptions;
    private final ReadOptions scopeReadOptions;
    private final List<ColumnFamilyHandle> handles;

    private IndexStore(Path directory) throws IOException {
        this.directory = directory;
        Files.createDirectories(directory);
        LRUCache cache = resources.keep(new LRUCache(BLOCK_CACHE_BYTES));
        BloomFilter bloom = resources.keep(new BloomFilter(10));
        ColumnFamilyOptions rangeOptions = resources.keep(scopeHintedOptions(HINT_PREFIX_LENGTH)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setLevel0FileNumCompactionTrigger(LEVEL0_COMPACTION_TRIGGER)
                .useFixedLengthPrefixExtractor(IndexKeyDescriptor.SCOPE_LENGTH) // see scopeIterator
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache)
                        .setFilterPolicy(resources.keep(new BloomFilter(10))).setWholeKeyFiltering(false)));
        ColumnFamilyOptions pointOptions = resources.keep(scopeHintedOptions(TICKETS_HINT_PREFIX_LENGTH)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setLevel0FileNumCompactionTrigger(LEVEL0_COMPACTION_TRIGGER)
                .setMemtablePrefixBloomSizeRatio(0.1)
                .setMemtableWholeKeyFiltering(true)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom)
                        .setWholeKeyFiltering(true)));
        ColumnFamilyOptions metadataOptions = resources.keep(new ColumnFamilyOptions());
        DBOptions options = resources.keep(new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setAtomicFlush(true)
                .setMaxBackgroundJobs(2)
                .setKeepLogFileNum(3));
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, metadataOptions),
                new ColumnFamilyDescriptor(BY_ACCOUNT, rangeOptions),
                new ColumnFamilyDescriptor(BY_STORE, rangeOptions),
                new ColumnFamilyDescriptor(TICKETS, pointOptions),
                new ColumnFamilyDescriptor(STATIONS, metadataOptions));
        List<ColumnFamilyHandle> opened = new ArrayList<>();
        try {
            db = RocksDB.open(options, directory.toString(), descriptors, opened);
        } catch (RocksDBException e) {
            resources.closeAll();
            throw new IOException("cannot open the index at " + directory + ": " + e.getMessage(), e);
        }
        handles = List.copyOf(opened);
        metadata = opened.get(0);
        byAccount = opened.get(1);
        byStore = opened.get(2);
        tickets = opened.get(3);
        stations = opened.get(4);
        writeOptions = resources.keep(new WriteOptions().setDisableWAL(true));
        readOptions = resources.keep(new ReadOptions());
        totalOrderReadOptions = resources.keep(new ReadOptions().setTotalOrderSeek(true));
        scopeReadOptions = resources.keep(new ReadOptions().setPrefixSameAsStart(true));
        try {
            if (db.get(metadata, FORMAT_KEY) == null && lastAppliedJournalIndex() < 0) {
                byte[] format = new byte[8];
                IndexKeyDescriptor.putLong(format, 0, IndexKeyDescriptor.FORMAT);
                db.put(metadata, writeOptions, FORMAT_KEY, format);
                flush();
            }
        } catch (RocksDBException | IOException e) {
            IOException failure = new IOException("cannot record the format of the new index at " + directory + ": "
                    + e.getMessage(), e);
            try {
                close();
            } catch (IOException closing) {
                failure.addSuppressed(closing);
            }
            throw failure;
        }
    }

    /**
     * Options of a family whose keys start with a scope: memtable inserts are hinted by
     * the first {@code hintPrefixLength} bytes of the scope, by_account's and by_store's by
     * one (the tickets family's by two, see {@link #TICKETS_HINT_PREFIX_LENGTH}). The
     * memtable keeps one remembered position (~232 bytes of its
     * arena) per distinct hint prefix, so hinting by the whole scope would cost one per
     * store: with tens of thousands of stores that crowds entries out of the memtable (20,000
     * stores: 46 table files written for 2 M tickets against 32). By one byte there are at
     * most 256, and an insert whose store shares its byte with others still starts its
     * search from a neighbour a 256th of the memtable away (100 stores: 4.66 µs a ticket
     * indexed, against 4.21 hinted by the whole scope and 5.90 with one shared hint, in one
     * run, with 16 MiB memtables; with 64 MiB, three alternated runs gave the whole scope no
     * gain: 5.63, 4.98, 5.17 µs a ticket on the commit thread against 5.58, 5.33, 4.99).
     * RocksJava has no setter for the hint's prefix extractor, so it is set through
     * RocksDB's own option string.
     */
    private static ColumnFamilyOptions scopeHintedOptions(int hintPrefixLength) {
        Properties hint = new Properties();
        hint.setProperty("memtable_insert_with_hint_prefix_extractor", "rocksdb.FixedPrefix." + hintPrefixLength);
        try (ConfigOptions config = new ConfigOptions()) {
            ColumnFamilyOptions options = ColumnFamilyOptions.getColumnFamilyOptionsFromProps(config, hint);
            if (options == null) {
                throw new IllegalStateException("RocksDB refused the option " + hint);
            }
            return options;
        }
    }

    public static IndexStore open(Path directory) throws IOException {
        return new IndexStore(directory);
    }

    /** Deletes an index directory and everything in it; the journal can recreate it. */
    public static void destroy(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    public Path directory() {
        return directory;
    }

    public ColumnFamilyHandle byAccount() {
        return byAccount;
    }

    public ColumnFamilyHandle byStore() {
        return byStore;
    }

    public ColumnFamilyHandle tickets() {
        return tickets;
    }

    /** Station (cash register) states: account and store to {@code StationStateDescriptor} bytes. */
    public ColumnFamilyHandle stations() {
        return stations;
    }

    public ColumnFamilyHandle metadata() {
        return metadata;
    }

    /** The journal index of the last record applied, or -1 when none was. */
    public long lastAppliedJournalIndex() throws IOException {
        try {
            byte[] v = db.get(metadata, LAST_APPLIED_KEY);
            return v == null ? -1 : IndexKeyDescriptor.getLong(v, 0);
        } catch (RocksDBException e) {
            throw new IOException("cannot read the index metadata: " + e.getMessage(), e);
        }
    }

    /** The format of this index's keys ({@link IndexKeyDescriptor#FORMAT} when written by this build). */
    public long format() throws IOException {
        try {
            byte[] v = db.get(metadata, FORMAT_KEY);
            return v == null ? UNRECORDED_FORMAT : IndexKeyDescriptor.getLong(v, 0);
        } catch (RocksDBException e) {
            throw new IOException("cannot read the index metadata: " + e.getMessage(), e);
        }
    }

    /** Whether this index's keys are of the format this build reads and writes. */
    public boolean hasCurrentFormat() throws IOException {
        return format() == IndexKeyDescriptor.FORMAT;
    }

    /** Key under which the metadata records the index's format. */
    public static byte[] formatKey() {
        return FORMAT_KEY.clone();
    }

    /** Key under which a batch records the last journal index it applied. */
    public static byte[] lastAppliedKey() {
        return LAST_APPLIED_KEY.clone();
    }

    /**
     * Reads a ticket's latest revision into {@code value} ({@link IndexKeyDescriptor#LATEST_REVISION_LENGTH} bytes).
     *
     * @return false when the ticket is not indexed
     */
    public boolean latestRevision(byte[] key, int keyLength, byte[] value) throws RocksDBException {
        int n = db.get(tickets, readOptions, key, 0, keyLength, value, 0, value.length);
        return n != RocksDB.NOT_FOUND;
    }

    /** A station's stored state, or null. */
    public byte[] station(byte[] key) throws RocksDBException {
        return db.get(stations, readOptions, key);
    }

    /**
     * The persistDate of the last ticket indexed for a store, or -1 when it has none:
     * the by_store entry just before the store's prefix ends.
     *
     * @param storePrefix the by_store key prefix of the store ({@code | len | account | len | store |})
     */
    public long lastPersistDate(byte[] storePrefix) {
        byte[] upper = java.util.Arrays.copyOf(storePrefix, storePrefix.length + IndexKeyDescriptor.PERSIST_DATE_LENGTH);
        java.util.Arrays.fill(upper, storePrefix.length, upper.length, (byte) 0xFF);
        try (RocksIterator it = db.newIterator(byStore, totalOrderReadOptions)) {
            it.seekForPrev(upper);
            if (!it.isValid()) {
                return -1;
            }
            byte[] key = it.key();
            if (key.length != upper.length || !IndexKeyDescriptor.hasPrefix(key, key.length, storePrefix, storePrefix.length)) {
                return -1;
            }
            return IndexKeyDescriptor.persistDate(key, key.length);
        }
    }

    public void write(WriteBatch batch) throws RocksDBException {
        db.write(writeOptions, batch);
    }

    /**
     * A new iterator over by_account or by_store that ends where the scope of its seek key
     * ends (RocksDB's {@code prefix_same_as_start}); the caller closes it. It sees a snapshot
     * taken now, as {@link #iterator} does. Both families cut their keys' scope off as a
     * prefix and keep a Bloom filter of the scopes in each table file, so a seek skips every
     * file that holds none of the scope's entries: at 10 M tickets, where the index is eight
     * times the block cache and most files of the lower levels belong to other scopes, a
     * page of 50 of a store took 31.4 – 32.5 µs at p50 against 35.2 – 36.1 walking in total
     * order (one process, alternating 3 s rounds of each over the same index); at 200 k
     * tickets, 45.3 – 46.1 against 44.6 – 45.3. Scopes whose hashes collide share a prefix,
     * so the caller still checks each key's whole scope.
     */
    public RocksIterator scopeIterator(ColumnFamilyHandle family) {
        return db.newIterator(family, scopeReadOptions);
    }

    /** A new iterator over a column family, in key order across scopes; the caller closes it. It sees a snapshot taken now. */
    public RocksIterator iterator(ColumnFamilyHandle family) {
        return db.newIterator(family, totalOrderReadOptions);
    }

    /** Writes every memtable to disk, so that a restart has nothing to replay. */
    public void flush() throws RocksDBException {
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush, handles);
        }
    }

    /** An estimate of the number of keys in a column family (RocksDB's own estimate). */
    public long estimateKeys(ColumnFamilyHandle family) {
        try {
            return db.getLongProperty(family, "rocksdb.estimate-num-keys");
        } catch (RocksDBException e) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } catch (RocksDBException e) {
            throw new IOException("cannot flush the index at " + directory + ": " + e.getMessage(), e);
        } finally {
            for (ColumnFamilyHandle h : handles) {
                h.close();
            }
            db.close();
            resources.closeAll();
        }
    }

}
