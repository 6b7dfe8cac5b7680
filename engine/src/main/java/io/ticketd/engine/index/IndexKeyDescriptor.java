package io.ticketd.engine.index;

import net.openhft.hashing.LongHashFunction;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of every index key and value, and the only place that knows them.
 * Keys are big-endian so that RocksDB's bytewise order is the order a query walks:
 * within a scope (an account, or a store of an account), by persistDate. Account and
 * store ids are at most 64 ASCII characters; ticket ids at most 128 characters of UTF-8.
 *
 * <p>Every key starts with its <em>scope</em>: 8 bytes of a hash of the ids that follow
 * it up to the end of the account (by_account) or of the store (the other families).
 * The ids themselves follow in full, so keys of two scopes whose hashes collide stay
 * distinct and a query, which seeks by the whole prefix, never sees the other scope's
 * keys. The scope is there so that RocksDB can cut a fixed-length prefix off every key:
 * its memtable remembers, per prefix, where the last insert went
 * ({@code memtable_insert_with_hint_prefix_extractor}; the index hints by the scope's
 * first byte, the tickets family by its first two, see below and {@code IndexStore}),
 * and a store's entries arrive in persistDate
 * order, so each insert starts its search next to an earlier one instead of at the top
 * of the whole skip list (up to half the cost of indexing a ticket, measured);
 * and by_account and by_store keep a Bloom filter of the scopes in each table file, so
 * that a query's seek skips the files that hold none of its scope's entries
 * ({@code IndexStore.scopeIterator}).
 *
 * <p>A tickets key's scope is its store's with the second byte replaced by a hash of the
 * ticket id's <em>stem</em>: the id without its trailing digits. Point-of-sale systems
 * number tickets per register ({@code S0042-R3-00012345}), so the tickets of one register
 * share a stem and arrive in key order; hinted by the scope's first two bytes (store and
 * stem), each such insert lands next to the one before it instead of searching the
 * store's entries for its register's. In process (EngineCpuBreakdown, 2 M tickets, 100
 * stores of 4 registers, three alternated runs) the commit thread took 2.98 - 3.18 µs a
 * ticket against 3.59 - 4.09 hinted by the store alone.
 *
 * <pre>
 * by_account   key    | scope (8) | account len (1) | account | persistDate (8) |
 *              value  | journal index (8) |
 *
 * by_store     key    | scope (8) | account len (1) | account | store len (1) | store | persistDate (8) |
 *              value  | journal index (8) |
 *
 * tickets      key    | ticket scope (8) | account len (1) | account | store len (1) | store | ticket id ... |
 *              value  | revision (4) | persistDate (8) | hash high (8) | hash low (8) |
 *
 * stations     key    | scope (8) | account len (1) | account | store len (1) | store |
 *              value  | a station's state (StationStateDescriptor) |
 *
 * metadata     key    | ASCII name |
 *              value  | big-endian long (8) |
 *
 * scope = XXH3-64 of the key bytes from after the scope to the end of the account
 *         (by_account) or of the store (the others), big-endian
 * ticket scope = the store's scope, its second byte replaced by the low byte of the XXH3-64
 *         of the ticket id's stem (the id up to its trailing ASCII digits)
 * </pre>
 *
 * <p>Tickets are keyed by account as well as store, so that a ticket id can never
 * collide across tenants even if two accounts were given the same store id.
 *
 * <p>{@link #FORMAT} numbers this layout; an index of another format is rebuilt from the
 * journal when the engine opens it.
 *
 * <p>Thread-safety: stateless; all methods are static.
 */
public final class IndexKeyDescriptor {
    /** The key layout above; format 1 had no scope, format 2 gave tickets keys their store's scope. */
    public static final long FORMAT = 3;
    public static final int SCOPE_LENGTH = 8;
    /** Where a tickets key's scope holds the stem of its ticket id (see above). */
    public static final int STEM_AT = 1;
    public static final int PERSIST_DATE_LENGTH = 8;
    public static final int JOURNAL_INDEX_LENGTH = 8;
    public static final int LATEST_REVISION_LENGTH = 28;
    /** Longest key: scope, length bytes, 64 + 64 ids, and a 128-character ticket id in UTF-8. */
    public static final int MAX_KEY_LENGTH = SCOPE_LENGTH + 2 + 64 + 64 + 128 * 4 + PERSIST_DATE_LENGTH;

    public static final int REVISION_OFFSET = 0;
    public static final int PERSIST_DATE_OFFSET = 4;
    public static final int HASH_HIGH_OFFSET = 12;
    public static final int HASH_LOW_OFFSET = 20;

    private static final LongHashFunction SCOPE_HASH = LongHashFunction.xx3();

    private IndexKeyDescriptor() {
    }

    /**
     * Writes an account's prefix ({@code | scope | len | account |}) at the start of
     * {@code key}, the prefix of its by_account keys; returns its length.
     */
    public static int putAccountScope(byte[] key, byte[] src, int offset, int length) {
        return rescope(key, putId(key, SCOPE_LENGTH, src, offset, length));
    }

    /**
     * Writes a store's prefix ({@code | scope | len | account | len | store |}) at the start
     * of {@code key}, from {@code ids} holding the account and the store back to back; returns
     * its length. For a caller that needs no key of the account alone.
     */
    public static int putStoreScope(byte[] key, byte[] ids, int accountLength, int storeLength) {
        int accountPrefix = putId(key, SCOPE_LENGTH, ids, 0, accountLength);
        return rescope(key, putId(key, accountPrefix, ids, accountLength, storeLength));
    }

    /**
     * Extends the account prefix at the start of {@code key} ({@code accountPrefix}
     * bytes, from {@link #putAccountScope}) to the store's prefix
     * ({@code | scope | len | account | len | store |}), the prefix of its by_store,
     * tickets and stations keys; rewrites the scope; returns the prefix's length.
     */
    public static int putStoreScope(byte[] key, int accountPrefix, byte[] src, int offset, int length) {
        return rescope(key, putId(key, accountPrefix, src, offset, length));
    }

    /** Writes {@code | len | id |} at {@code at}; returns the new length. */
    private static int putId(byte[] key, int at, byte[] src, int offset, int length) {
        key[at] = (byte) length;
        System.arraycopy(src, offset, key, at + 1, length);
        return at + 1 + length;
    }

    /** Writes the scope of the prefix of {@code prefixLength} bytes at the start of {@code key}; returns the length. */
    private static int rescope(byte[] key, int prefixLength) {
        putLong(key, 0, scope(key, prefixLength));
        return prefixLength;
    }

    /** The scope of a prefix of {@code prefixLength} bytes: the hash of its ids. */
    private static long scope(byte[] key, int prefixLength) {
        return SCOPE_HASH.hashBytes(key, SCOPE_LENGTH, prefixLength - SCOPE_LENGTH);
    }

    /** The scope at the start of {@code key} is the one its first {@code prefixLength} bytes call for. */
    private static boolean hasScope(byte[] key, int prefixLength) {
        return getLong(key, 0) == scope(key, prefixLength);
    }

    /**
     * Appends a raw ticket id to the store's prefix ({@code at} bytes, from
     * {@link #putStoreScope}) and turns its scope into the ticket scope; returns the new length.
     */
    public static int putTicketId(byte[] key, int at, byte[] src, int offset, int length) {
        System.arraycopy(src, offset, key, at, length);
        key[STEM_AT] = stem(src, offset, length);
        return at + length;
    }

    /** The byte of a ticket scope at {@link #STEM_AT}: a hash of the ticket id up to its trailing ASCII digits. */
    private static byte stem(byte[] src, int offset, int length) {
        int end = offset + length;
        while (end > offset && src[end - 1] >= '0' && src[end - 1] <= '9') {
            end--;
        }
        return (byte) SCOPE_HASH.hashBytes(src, offset, end - offset);
    }

    /** Appends a big-endian persistDate; returns the new length. */
    public static int putPersistDate(byte[] key, int at, long persistDate) {
        putLong(key, at, persistDate);
        return at + PERSIST_DATE_LENGTH;
    }

    /** The persistDate at the end of a by_account or by_store key of {@code length} bytes. */
    public static long persistDate(byte[] key, int length) {
        return getLong(key, length - PERSIST_DATE_LENGTH);
    }

    public static void putLatestRevision(ByteBuffer value, int revision, long persistDate, long hashHigh, long hashLow) {
        value.putInt(revision).putLong(persistDate).putLong(hashHigh).putLong(hashLow);
    }

    public static int revision(byte[] value) {
        return (value[REVISION_OFFSET] & 0xFF) << 24 | (value[REVISION_OFFSET + 1] & 0xFF) << 16
                | (value[REVISION_OFFSET + 2] & 0xFF) << 8 | value[REVISION_OFFSET + 3] & 0xFF;
    }

    public static long latestPersistDate(byte[] value) {
        return getLong(value, PERSIST_DATE_OFFSET);
    }

    public static long hashHigh(byte[] value) {
        return getLong(value, HASH_HIGH_OFFSET);
    }

    public static long hashLow(byte[] value) {
        return getLong(value, HASH_LOW_OFFSET);
    }

    /**
     * The length of the account prefix ({@code | scope | len | account |}) of a key of any
     * family, or -1 when {@code key} (of {@code length} bytes) is too short to hold it.
     */
    public static int accountPrefixLength(byte[] key, int length) {
        if (length < SCOPE_LENGTH + 1) {
            return -1;
        }
        int prefix = SCOPE_LENGTH + 1 + (key[SCOPE_LENGTH] & 0xFF);
        return prefix <= length ? prefix : -1;
    }

    /**
     * The length of the account and store prefix ({@code | scope | len | account | len | store |})
     * of a by_store, tickets or stations key, or -1 when {@code key} (of {@code length}
     * bytes) is too short to hold it.
     */
    public static int storePrefixLength(byte[] key, int length) {
        int accountPrefix = accountPrefixLength(key, length);
        if (accountPrefix < 0 || accountPrefix >= length) {
            return -1;
        }
        int prefix = accountPrefix + 1 + (key[accountPrefix] & 0xFF);
        return prefix <= length ? prefix : -1;
    }

    /** True when {@code key} has the layout of a by_account key: the account prefix, its scope, and a persistDate. */
    public static boolean isByAccountKey(byte[] key, int length) {
        int prefix = accountPrefixLength(key, length);
        return prefix > SCOPE_LENGTH + 1 && prefix + PERSIST_DATE_LENGTH == length && hasScope(key, prefix);
    }

    /** True when {@code key} has the layout of a by_store key: account and store prefix, its scope, and a persistDate. */
    public static boolean isByStoreKey(byte[] key, int length) {
        int prefix = storePrefixLength(key, length);
        return prefix > 0 && idsNonEmpty(key, prefix) && prefix + PERSIST_DATE_LENGTH == length && hasScope(key, prefix);
    }

    /** True when {@code key} has the layout of a tickets key: account and store prefix, its ticket scope, and a ticket id. */
    public static boolean isTicketsKey(byte[] key, int length) {
        int prefix = storePrefixLength(key, length);
        if (prefix <= 0 || !idsNonEmpty(key, prefix) || prefix >= length) {
            return false;
        }
        long scope = scope(key, prefix);
        long stemBits = 0xFFL << 8 * (SCOPE_LENGTH - 1 - STEM_AT);
        return (getLong(key, 0) & ~stemBits) == (scope & ~stemBits) && key[STEM_AT] == stem(key, prefix, length - prefix);
    }

    /** True when {@code key} has the layout of a stations key: exactly the account and store prefix, with its scope. */
    public static boolean isStationKey(byte[] key, int length) {
        int prefix = storePrefixLength(key, length);
        return prefix > 0 && idsNonEmpty(key, prefix) && prefix == length && hasScope(key, prefix);
    }

    /** The account of a key of any family; see {@link #accountPrefixLength} for the layout check. */
    public static String account(byte[] key) {
        return new String(key, SCOPE_LENGTH + 1, key[SCOPE_LENGTH] & 0xFF, StandardCharsets.UTF_8);
    }

    /** The store of a by_store, tickets or stations key; see {@link #storePrefixLength} for the layout check. */
    public static String store(byte[] key) {
        int at = SCOPE_LENGTH + 1 + (key[SCOPE_LENGTH] & 0xFF);
        return new String(key, at + 1, key[at] & 0xFF, StandardCharsets.UTF_8);
    }

    /** The ticket id of a tickets key of {@code length} bytes: what follows the account and store prefix. */
    public static String ticketId(byte[] key, int length) {
        int prefix = storePrefixLength(key, length);
        return new String(key, prefix, length - prefix, StandardCharsets.UTF_8);
    }

    /**
     * True when the account of a well-formed {@code key} equals the first {@code accountLength}
     * bytes of {@code ids} and, unless {@code storeLength} is negative, its store the
     * {@code storeLength} bytes that follow them.
     */
    public static boolean hasIds(byte[] key, byte[] ids, int accountLength, int storeLength) {
        int keyAccountLength = key[SCOPE_LENGTH] & 0xFF;
        int accountAt = SCOPE_LENGTH + 1;
        if (keyAccountLength != accountLength
                || !Arrays.equals(key, accountAt, accountAt + accountLength, ids, 0, accountLength)) {
            return false;
        }
        if (storeLength < 0) {
            return true;
        }
        int storeAt = accountAt + accountLength;
        return (key[storeAt] & 0xFF) == storeLength && Arrays.equals(key, storeAt + 1, storeAt + 1 + storeLength,
                ids, accountLength, accountLength + storeLength);
    }

    /** The journal index a by_account or by_store value holds. */
    public static long journalIndex(byte[] value) {
        return getLong(value, 0);
    }

    /** Both the account and the store of a key with a store prefix of {@code prefix} bytes are non-empty. */
    private static boolean idsNonEmpty(byte[] key, int prefix) {
        int accountLength = key[SCOPE_LENGTH] & 0xFF;
        return accountLength > 0 && prefix > SCOPE_LENGTH + accountLength + 2;
    }

    public static void putLong(byte[] dst, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            dst[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    public static long getLong(byte[] src, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | src[at + i] & 0xFF;
        }
        return v;
    }

    /** True when {@code key} (of {@code keyLength} bytes) starts with the {@code prefixLength} bytes of {@code prefix}. */
    public static boolean hasPrefix(byte[] key, int keyLength, byte[] prefix, int prefixLength) {
        if (keyLength < prefixLength) {
            return false;
        }
        for (int i = 0; i < prefixLength; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
