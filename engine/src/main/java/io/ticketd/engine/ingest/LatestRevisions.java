package io.ticketd.engine.ingest;

import io.ticketd.engine.index.IndexKeyDescriptor;
import io.ticketd.engine.index.IndexStore;
import io.ticketd.engine.internal.Utf8;
import net.openhft.hashing.LongHashFunction;
import org.rocksdb.RocksDBException;

/**
 * Looks up tickets' latest revisions (the dedupe of invariant 5) on the publishing
 * threads, before the tickets enter the ring, so that the single commit thread does
 * not: the lookup was a fifth of its time under batch ingest (async-profiler), while
 * the event loops that publish had time to spare.
 *
 * <p>A lookup made before the commit thread indexed a newer revision of the same
 * ticket would be stale. Each lookup records the index epoch (batches indexed) it
 * saw, and the commit thread keeps, per bucket of key hashes, the epoch at which a
 * key of that bucket was last indexed: a lookup older than its bucket is made again
 * on the commit thread. Buckets are shared by many keys, so some lookups are redone
 * needlessly (a bucket of 2<sup>20</sup> holds a write within the last few batches
 * rarely); none is ever trusted wrongly. Revisions within the commit thread's open
 * batch are its own concern ({@link PendingKeys}).
 *
 * <p>Most tickets are new, and a new ticket's lookup is a RocksDB miss (about 2 µs on
 * this machine); {@link KnownKeys}, a filter of the indexed keys, rules most of those out
 * without asking RocksDB, under the same epoch rule.
 *
 * <p>Thread-safety: {@link #prefetch} from any publishing thread (each with its own
 * scratch); {@link #current}, {@link #written} and {@link #indexed} from the commit
 * thread only.
 */
final class LatestRevisions {
    static final LongHashFunction KEY_HASH = LongHashFunction.xx3();
    private static final int BUCKETS = 1 << 20;

    private final IndexStore index;
    /** Per bucket of key hashes, the epoch of the last index write of a key in it (commit thread only). */
    private final long[] bucketEpochs = new long[BUCKETS];
    /** Batches indexed so far. */
    private volatile long epoch;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    /** Answers most lookups of new tickets without asking the index. */
    private final KnownKeys known;

    LatestRevisions(IndexStore index, CommitStats stats) {
        this.index = index;
        this.known = new KnownKeys(index, () -> epoch, stats::dedupeFilterInUse);
    }

    /** Starts filling the filter of indexed keys. Commit thread, before it commits anything. */
    void start() {
        known.start();
    }

    /** Stops filling it. Commit thread, at shutdown. */
    void close() {
        known.close();
    }

    /** Looks up every ticket of {@code batch} and records what was found in it. On a publishing thread. */
    void prefetch(IngestBatch batch) throws RocksDBException {
        long seen = epoch; // before the lookups: they see at least every batch indexed up to it
        Scratch s = scratch.get();
        String account = batch.account();
        int accountLength = Utf8.encode(account, s.ids, 0);
        int prefix = IndexKeyDescriptor.putAccountScope(s.key, s.ids, 0, accountLength);
        for (int i = 0; i < batch.size(); i++) {
            ValidatedTicket ticket = batch.tickets().get(i);
            int storeLength = Utf8.encode(ticket.storeId(), s.ids, accountLength);
            int ticketIdLength = Utf8.encode(ticket.ticketId(), s.ids, accountLength + storeLength);
            int n = IndexKeyDescriptor.putStoreScope(s.key, prefix, s.ids, accountLength, storeLength);
            n = IndexKeyDescriptor.putTicketId(s.key, n, s.ids, accountLength + storeLength, ticketIdLength);
            long keyHash = KEY_HASH.hashBytes(s.key, 0, n);
            if (!known.mayHold(keyHash)) {
                batch.prefetched(i, keyHash, 0, 0, 0, 0);
            } else if (index.latestRevision(s.key, n, s.value)) {
                batch.prefetched(i, keyHash, IndexKeyDescriptor.revision(s.value),
                        IndexKeyDescriptor.latestPersistDate(s.value), IndexKeyDescriptor.hashHigh(s.value),
                        IndexKeyDescriptor.hashLow(s.value));
            } else {
                batch.prefetched(i, keyHash, 0, 0, 0, 0);
            }
        }
        batch.prefetchedAt(seen);
    }

    /** Whether a lookup of a key with this hash made at {@code lookupEpoch} still holds. */
    boolean current(long keyHash, long lookupEpoch) {
        return bucketEpochs[bucket(keyHash)] <= lookupEpoch;
    }

    /** A new revision of the key is in the batch the commit thread is building. */
    void written(long keyHash) {
        bucketEpochs[bucket(keyHash)] = epoch + 1;
        known.add(keyHash); // before indexed() counts the batch: see KnownKeys
    }

    /** The commit thread's batch is in the index: lookups from now on see it. */
    @SuppressWarnings("NonAtomicOperationOnVolatileField") // one writer
    void indexed() {
        epoch = epoch + 1;
    }

    private static int bucket(long keyHash) {
        return (int) (keyHash ^ keyHash >>> 32) & (BUCKETS - 1);
    }

    private static final class Scratch {
        final byte[] ids = new byte[64 * 4 + 64 * 4 + 128 * 4];
        final byte[] key = new byte[IndexKeyDescriptor.MAX_KEY_LENGTH];
        final byte[] value = new byte[IndexKeyDescriptor.LATEST_REVISION_LENGTH];
    }
}
