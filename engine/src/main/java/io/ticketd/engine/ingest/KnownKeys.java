package io.ticketd.engine.ingest;

import io.ticketd.engine.index.IndexStore;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Which tickets the index may hold: a Bloom filter of the hashes of their tickets keys
 * ({@link LatestRevisions#KEY_HASH}), in front of the dedupe lookup. Most tickets are new,
 * and a new ticket's lookup is a RocksDB miss that asks every memtable and the filter of
 * every table file on the way (about 2 µs a ticket on the publishing threads); the filter
 * answers "certainly not indexed" for ~98 % of them from one cache line.
 *
 * <p>Never a false "not indexed": the commit thread adds a key (with an atomic OR) before
 * the batch that indexes it is counted in the index epoch, and a publisher reads the
 * epoch before it consults the filter, so a lookup that saw epoch E sees the key of every
 * ticket indexed by batch E or before (a newer one is the bucket-epoch check's concern,
 * see {@link LatestRevisions}). The keys indexed before the filter existed are added by a
 * scan of the tickets family on a thread of its own, and the filter is consulted only once
 * the scan is done; until then every lookup asks RocksDB, as without it. The scan's
 * snapshot is taken only after the batch that was open when the commit thread began adding
 * to the filter has been indexed: that batch may hold keys added before. When the filter
 * holds more keys than it was sized for, a filter twice its size is filled the same way
 * and replaces it; the full one stays in use meanwhile (more false "maybe", never a
 * false "no").
 *
 * <p>Memory: 10 to 20 bits a key of its capacity, which is twice the tickets the index
 * holds at open and at least {@value #MIN_CAPACITY} keys (8 MiB).
 *
 * <p>Thread-safety: {@link #mayHold} from any thread; {@link #start}, {@link #add} and
 * {@link #close} from the commit thread; the scan on its own thread.
 */
final class KnownKeys implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KnownKeys.class);
    static final long MIN_CAPACITY = 1L << 22;
    private static final long SCAN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final IndexStore index;
    private final LongSupplier epoch;
    private final long minCapacity;
    /** Told the capacity of each filter put in use. */
    private final LongConsumer inUse;
    /** Consulted by publishers; null until the first scan is done. */
    private volatile Filter ready;
    /** Being filled by a scan; the commit thread adds to it too. Null when no scan runs. */
    private volatile Filter building;
    private volatile boolean closed;
    /** Set when a scan failed: the filter in use (if any) stays, none replaces it. */
    private volatile boolean failed;
    private Thread scanner;

    /**
     * @param epoch batches indexed so far: advanced by the commit thread after each
     *              batch's index write
     */
    KnownKeys(IndexStore index, LongSupplier epoch, LongConsumer inUse) {
        this(index, epoch, inUse, MIN_CAPACITY);
    }

    /** As above, with the smallest capacity a filter is given (tests make it small). */
    KnownKeys(IndexStore index, LongSupplier epoch, LongConsumer inUse, long minCapacity) {
        this.index = index;
        this.epoch = epoch;
        this.inUse = inUse;
        this.minCapacity = minCapacity;
    }

    /** Starts filling the first filter. Commit thread, before it commits anything. */
    void start() {
        long indexed = Math.max(0, index.estimateKeys(index.tickets()));
        startBuilding(Math.max(minCapacity, 2 * indexed));
    }

    /**
     * False when no ticket with this key hash is in the index as of the epoch the caller
     * read before calling; true when one may be (ask the index).
     */
    boolean mayHold(long keyHash) {
        Filter f = ready;
        return f == null || f.mightContain(keyHash);
    }

    /** The capacity of the filter in use, or 0 while none is (tests). */
    long capacityInUse() {
        Filter f = ready;
        return f == null ? 0 : f.capacity;
    }

    /** A ticket with this key hash is in the batch being built: it will be indexed. Commit thread. */
    void add(long keyHash) {
        // building before ready: a scan that ends sets ready, then clears building, so a
        // null building here means ready is already the filter the scan filled
        Filter b = building;
        Filter r = ready;
        if (b != null) {
            b.add(keyHash, true); // the scan adds to it too
            b.commitAdds++;
        }
        if (r != null && r != b) {
            r.add(keyHash, false); // no other writer once in use
            r.commitAdds++;
            if (b == null && r.full() && !closed && !failed) {
                startBuilding(2 * r.capacity);
            }
        }
    }

    private void startBuilding(long capacity) {
        Filter f = new Filter(capacity);
        building = f;
        long from = epoch.getAsLong(); // the open batch, which may hold keys added before, is indexed as from + 1
        scanner = new Thread(() -> fill(f, from + 1), "ticketd-keyscan");
        scanner.setDaemon(true);
        scanner.start();
    }

    /** Scan thread: adds every indexed key to {@code f} once batch {@code after} is indexed, then makes it the one used. */
    private void fill(Filter f, long after) {
        while (!closed && epoch.getAsLong() < after) {
            LockSupport.parkNanos(SCAN_POLL_NANOS);
        }
        if (closed) {
            return;
        }
        long keys = 0;
        try (RocksIterator it = index.iterator(index.tickets())) { // a snapshot taken now
            for (it.seekToFirst(); it.isValid() && !closed; it.next()) {
                f.add(LatestRevisions.KEY_HASH.hashBytes(it.key()), true);
                keys++;
            }
            it.status();
            f.scanned = keys; // published to the commit thread with ready, below
        } catch (RocksDBException | RuntimeException e) {
            LOG.warn("cannot read the index's tickets to fill the dedupe filter; lookups go to the index", e);
            failed = true;
            building = null;
            return;
        }
        if (!closed) {
            ready = f;
            building = null;
            inUse.accept(f.capacity);
            LOG.debug("dedupe filter filled: {} indexed tickets, room for {}", keys, f.capacity);
        }
    }

    /** Stops a running scan. Commit thread, at shutdown, before the index is closed. */
    @Override
    public void close() {
        closed = true;
        Thread t = scanner;
        if (t != null) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A blocked Bloom filter: a key's six bits lie in one 512-bit block (one cache line),
     * 10 bits a key; about 1 – 2 % false positives at its capacity.
     */
    static final class Filter {
        private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);
        private static final int WORDS_A_BLOCK = 8;
        private static final int BITS_A_KEY = 10;
        private static final int PROBES = 6;

        final long capacity;
        private final long[] words;
        private final int blockMask;
        /** Keys the commit thread added (written by it only). */
        long commitAdds;
        /** Keys the scan added (written once, before the filter is put in use). */
        long scanned;

        Filter(long capacity) {
            long blocks = Long.highestOneBit(Math.max(1, capacity * BITS_A_KEY / 512 - 1)) << 1;
            if (blocks * WORDS_A_BLOCK > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("a dedupe filter for " + capacity + " keys is too large");
            }
            this.capacity = capacity;
            this.words = new long[(int) (blocks * WORDS_A_BLOCK)];
            this.blockMask = (int) (blocks - 1);
        }

        /**
         * Sets the key's bits; atomically when another thread may be setting bits of the
         * same filter ({@code shared}), else with a plain read and write.
         */
        void add(long keyHash, boolean shared) {
            int base = block(keyHash);
            long bits = mix(keyHash);
            for (int i = 0; i < PROBES; i++, bits >>>= 9) {
                int word = base + (int) (bits >>> 6 & 7);
                long mask = 1L << (bits & 63);
                long current = (long) WORDS.getOpaque(words, word);
                if ((current & mask) == 0) {
                    if (shared) {
                        WORDS.getAndBitwiseOr(words, word, mask);
                    } else {
                        WORDS.setOpaque(words, word, current | mask);
                    }
                }
            }
        }

        boolean mightContain(long keyHash) {
            int base = block(keyHash);
            long bits = mix(keyHash);
            for (int i = 0; i < PROBES; i++, bits >>>= 9) {
                int word = base + (int) (bits >>> 6 & 7);
                if (((long) WORDS.getOpaque(words, word) & 1L << (bits & 63)) == 0) {
                    return false;
                }
            }
            return true;
        }

        /** Holds more keys than it was sized for (a revision's key counts again). Commit thread. */
        boolean full() {
            return scanned + commitAdds > capacity;
        }

        private int block(long keyHash) {
            return ((int) (keyHash >>> 32) & blockMask) * WORDS_A_BLOCK;
        }

        /** Bits for the probes, independent of the block's: 9 a probe (3 for the word, 6 for the bit). */
        private static long mix(long keyHash) {
            long x = keyHash * 0x9E3779B97F4A7C15L;
            return x ^ x >>> 29;
        }
    }
}
