package io.ticketd.tools.datadir;

import io.ticketd.engine.index.IndexKeyDescriptor;
import io.ticketd.engine.index.IndexStore;
import io.ticketd.engine.journal.Journal;
import io.ticketd.engine.journal.JournalRecord;
import io.ticketd.engine.journal.RecordType;
import io.ticketd.engine.monitoring.StationState;
import io.ticketd.engine.monitoring.StationStateDescriptor;
import io.ticketd.tools.ProgressLine;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Checks an index against the journal it is derived from (invariant 4), in both
 * directions, once the index has caught up with the journal:
 * <ol>
 *   <li><b>Journal to index.</b> One pass over the journal, in order. Each ticket
 *   record must have its {@code by_account} and {@code by_store} entries (found by a
 *   seek on their exact keys), holding its journal index. Each ticket record is also
 *   put into a {@link ScratchTicketTable}, and each station push is applied, with
 *   {@link StationState#apply}, to the state replayed so far.</li>
 *   <li><b>Index to journal.</b> Every {@code by_account} and {@code by_store} entry
 *   must point at a journal record (read by its journal index) that is a ticket of
 *   the same account (and store) with the entry's persistDate. With step 1 this makes
 *   the entries and the journal's tickets the same set.</li>
 *   <li><b>Latest revisions.</b> The {@code tickets} column family must hold, for each
 *   (account, store, ticketId), the revision, persistDate and content hash of its last
 *   record in the journal, and nothing else.</li>
 *   <li><b>Stations.</b> The {@code stations} column family must equal, state for
 *   state (decoded, compared field by field), the states replayed in step 1.</li>
 * </ol>
 *
 * <p><b>Memory.</b> Step 3 needs, per ticket, its last revision in the journal. The
 * index's entries do not say which journal record they were derived from, and the
 * journal has millions of tickets, so they are not gathered in memory. Instead step 1
 * writes them, in journal order (so a later revision overwrites an earlier one), to
 * a scratch RocksDB under the data directory: an external sort by the very key of the
 * {@code tickets} column family. Step 3 is then a merge of two iterators walking the
 * same key order, in constant memory. The scratch table takes about as much disk as
 * the {@code tickets} column family and is deleted at the end. Steps 1 and 2 hold one
 * record at a time. Station states are held in memory, as the engine holds them
 * itself ({@code StationStates}): one per station, a few kilobytes each.
 *
 * <p>Problems are counted and the first few kept ({@link Findings}); the check goes on
 * after a problem, so one run reports everything that is wrong. A record that does
 * not decode ends it with a {@link io.ticketd.engine.journal.JournalException}.
 *
 * <p>Thread-safety: none; one verifying thread. The caller holds the data directory's
 * lock, so neither the journal nor the index changes while it runs.
 */
final class IndexVerifier {
    /** What was compared: entries on each side. */
    record Summary(long journalTickets, long journalStationPushes, long byAccount, long byStore,
                   long distinctTickets, long tickets, long replayedStations, long stations) {
    }

    private final Journal journal;
    private final IndexStore index;
    private final Path scratchDirectory;
    private final Findings findings;
    private final ProgressLine progress;
    private final byte[] scratch = new byte[IndexKeyDescriptor.MAX_KEY_LENGTH];

    /**
     * @param scratchDirectory where the scratch table of step 3 goes; replaced if it exists, deleted at the end
     */
    IndexVerifier(Journal journal, IndexStore index, Path scratchDirectory, Findings findings, ProgressLine progress) {
        this.journal = journal;
        this.index = index;
        this.scratchDirectory = scratchDirectory;
        this.findings = findings;
        this.progress = progress;
    }

    Summary verify() throws IOException {
        long lastApplied = index.lastAppliedJournalIndex();
        long journalLast = journal.lastIndex();
        if (lastApplied != journalLast) {
            findings.add("metadata: the index says it applied the journal up to index " + Long.toHexString(lastApplied)
                    + ", but the journal ends at " + Long.toHexString(journalLast));
        }
        Map<String, StationState> replayed = new HashMap<>();
        try (ScratchTicketTable latest = ScratchTicketTable.create(scratchDirectory)) {
            long[] journalCounts = checkJournalAgainstIndex(latest, replayed);
            long byAccount = checkEntries(index.byAccount(), "by_account", false);
            long byStore = checkEntries(index.byStore(), "by_store", true);
            long[] ticketCounts = compareTickets(latest);
            long stations = compareStations(replayed);
            return new Summary(journalCounts[0], journalCounts[1], byAccount, byStore, ticketCounts[0],
                    ticketCounts[1], replayed.size(), stations);
        } catch (RocksDBException e) {
            throw new IOException("cannot read the index " + index.directory() + ": " + e.getMessage(), e);
        } finally {
            progress.clear();
        }
    }

    /** Step 1; returns the journal's ticket and station push counts. */
    private long[] checkJournalAgainstIndex(ScratchTicketTable latest, Map<String, StationState> replayed)
            throws RocksDBException {
        long tickets = 0;
        long pushes = 0;
        JournalRecord record = new JournalRecord();
        try (Journal.Reader reader = journal.reader().toStart();
             RocksIterator byAccount = index.iterator(index.byAccount());
             RocksIterator byStore = index.iterator(index.byStore())) {
            while (reader.next(record)) {
                if (record.type() == RecordType.TICKET) {
                    tickets++;
                    int accountPrefix = IndexKeyDescriptor.putAccountScope(scratch, record.keys(), 0,
                            record.accountLength());
                    int n = IndexKeyDescriptor.putPersistDate(scratch, accountPrefix, record.persistDate());
                    checkEntryOf(record, byAccount, "by_account", n);
                    n = IndexKeyDescriptor.putStoreScope(scratch, accountPrefix, record.keys(), record.accountLength(),
                            record.storeLength());
                    n = IndexKeyDescriptor.putPersistDate(scratch, n, record.persistDate());
                    checkEntryOf(record, byStore, "by_store", n);
                    latest.put(record);
                } else {
                    pushes++;
                    replay(record, replayed);
                }
                progress.update("journal records checked against the index", tickets + pushes);
            }
        }
        return new long[] {tickets, pushes};
    }

    /** The entry at {@code scratch[0, keyLength)} of {@code family} must exist and hold the record's journal index. */
    private void checkEntryOf(JournalRecord record, RocksIterator family, String name, int keyLength)
            throws RocksDBException {
        family.seek(ByteBuffer.wrap(scratch, 0, keyLength));
        byte[] found = family.isValid() ? family.key() : null;
        if (found == null || !Arrays.equals(found, 0, found.length, scratch, 0, keyLength)) {
            family.status();
            findings.add(name + ": no entry for " + journalTicket(record));
            return;
        }
        byte[] value = family.value();
        if (value.length != IndexKeyDescriptor.JOURNAL_INDEX_LENGTH) {
            findings.add(name + ": the entry for " + journalTicket(record) + " has a value of " + value.length
                    + " bytes, not a journal index");
        } else if (IndexKeyDescriptor.journalIndex(value) != record.index()) {
            findings.add(name + ": the entry for " + journalTicket(record) + " points at journal index "
                    + Long.toHexString(IndexKeyDescriptor.journalIndex(value)) + " instead");
        }
    }

    private static void replay(JournalRecord push, Map<String, StationState> replayed) {
        String account = push.account();
        String store = push.store();
        replayed.compute(stationKey(account, store), (k, previous) -> StationState.apply(previous, account, store,
                push.stationStatus(), push.pushTime(), push.hasReceivedFromCloud() ? push.receivedFromCloud() : null,
                push.cloudOnline(), push.persistDate()));
    }

    /** Step 2 for one family; returns its number of entries. */
    private long checkEntries(ColumnFamilyHandle family, String name, boolean byStore) throws RocksDBException {
        long entries = 0;
        JournalRecord pointed = new JournalRecord();
        try (Journal.Reader reader = journal.reader(); RocksIterator it = index.iterator(family)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                entries++;
                progress.update(name + " entries checked against the journal", entries);
                byte[] key = it.key();
                boolean wellFormed = byStore ? IndexKeyDescriptor.isByStoreKey(key, key.length)
                        : IndexKeyDescriptor.isByAccountKey(key, key.length);
                if (!wellFormed) {
                    findings.add(name + ": an entry has a malformed key " + hex(key));
                    continue;
                }
                long persistDate = IndexKeyDescriptor.persistDate(key, key.length);
                String entry = name + ": the entry (account " + IndexKeyDescriptor.account(key)
                        + (byStore ? ", store " + IndexKeyDescriptor.store(key) : "") + ", persistDate " + persistDate
                        + ")";
                byte[] value = it.value();
                if (value.length != IndexKeyDescriptor.JOURNAL_INDEX_LENGTH) {
                    findings.add(entry + " has a value of " + value.length + " bytes, not a journal index");
                    continue;
                }
                long journalIndex = IndexKeyDescriptor.journalIndex(value);
                String pointsAt = entry + " points at journal index " + Long.toHexString(journalIndex);
                if (journalIndex < 0 || !reader.readAt(journalIndex, pointed)) {
                    findings.add(pointsAt + ", which holds no record");
                } else if (pointed.type() != RecordType.TICKET) {
                    findings.add(pointsAt + ", which is a " + JournalVerifier.describe(pointed));
                } else if (!sameIds(key, pointed, byStore) || pointed.persistDate() != persistDate) {
                    findings.add(pointsAt + ", which is the " + JournalVerifier.describe(pointed) + ", persistDate "
                            + pointed.persistDate());
                }
            }
            it.status();
        }
        return entries;
    }

    /** The key's account (and store) equal the record's. */
    private static boolean sameIds(byte[] key, JournalRecord record, boolean withStore) {
        return IndexKeyDescriptor.hasIds(key, record.keys(), record.accountLength(),
                withStore ? record.storeLength() : -1);
    }

    /** Step 3, a merge of the index's tickets column family with the scratch table; returns both sizes. */
    private long[] compareTickets(ScratchTicketTable latest) throws RocksDBException {
        long expectedEntries = 0;
        long actualEntries = 0;
        try (RocksIterator actual = index.iterator(index.tickets()); RocksIterator expected = latest.iterator()) {
            actual.seekToFirst();
            expected.seekToFirst();
            while (actual.isValid() || expected.isValid()) {
                progress.update("tickets entries compared", Math.max(actualEntries, expectedEntries));
                int order = !actual.isValid() ? 1 : !expected.isValid() ? -1
                        : Arrays.compareUnsigned(actual.key(), expected.key());
                if (order < 0) {
                    actualEntries++;
                    byte[] key = actual.key();
                    if (!IndexKeyDescriptor.isTicketsKey(key, key.length)) {
                        findings.add("tickets: an entry has a malformed key " + hex(key));
                    } else {
                        findings.add("tickets: the entry for " + ticket(key) + " (" + revision(actual.value())
                                + ") has no ticket in the journal");
                    }
                    actual.next();
                } else if (order > 0) {
                    expectedEntries++;
                    findings.add("tickets: no entry for " + ticket(expected.key()) + ", whose last revision in the"
                            + " journal is " + revision(expected.value()));
                    expected.next();
                } else {
                    actualEntries++;
                    expectedEntries++;
                    byte[] have = actual.value();
                    byte[] want = expected.value();
                    if (!Arrays.equals(have, want)) {
                        findings.add("tickets: the entry for " + ticket(actual.key()) + " holds " + revision(have)
                                + ", but its last revision in the journal is " + revision(want));
                    }
                    actual.next();
                    expected.next();
                }
            }
            actual.status();
            expected.status();
        }
        return new long[] {expectedEntries, actualEntries};
    }

    /** Step 4; returns the number of entries of the stations column family. */
    private long compareStations(Map<String, StationState> replayed) throws RocksDBException {
        Map<String, StationState> missing = new TreeMap<>(replayed);
        long entries = 0;
        try (RocksIterator it = index.iterator(index.stations())) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                entries++;
                byte[] key = it.key();
                if (!IndexKeyDescriptor.isStationKey(key, key.length)) {
                    findings.add("stations: an entry has a malformed key " + hex(key));
                    continue;
                }
                String account = IndexKeyDescriptor.account(key);
                String store = IndexKeyDescriptor.store(key);
                String station = "(account " + account + ", store " + store + ")";
                StationState want = missing.remove(stationKey(account, store));
                StationState have;
                try {
                    have = StationStateDescriptor.decode(account, store, it.value());
                } catch (IllegalStateException | BufferUnderflowException e) {
                    findings.add("stations: the state of " + station + " does not decode: " + e);
                    continue;
                }
                if (want == null) {
                    findings.add("stations: the state of " + station + " (" + summary(have)
                            + ") has no station push in the journal");
                } else if (!have.equals(want)) {
                    findings.add("stations: the state of " + station + " differs from the journal's: "
                            + difference(have, want));
                }
            }
            it.status();
        }
        for (StationState want : missing.values()) {
            findings.add("stations: no state for (account " + want.account() + ", store " + want.storeId()
                    + "), which has " + want.pushes() + " pushes in the journal (" + summary(want) + ")");
        }
        return entries;
    }

    /** The first field in which a stored station state differs from the replayed one. */
    private static String difference(StationState have, StationState want) {
        Object[][] fields = {
                {"status", have.status(), want.status()},
                {"since", have.since(), want.since()},
                {"pushes", have.pushes(), want.pushes()},
                {"last push", have.lastPush(), want.lastPush()},
                {"last push time", have.lastPushTime(), want.lastPushTime()},
                {"received_from_cloud", have.receivedFromCloud(), want.receivedFromCloud()},
                {"cloud_online", have.cloudOnline(), want.cloudOnline()},
                {"history", have.history(), want.history()}};
        for (Object[] field : fields) {
            if (!Objects.equals(field[1], field[2])) {
                return field[0] + " is " + field[1] + " in the index, " + field[2] + " replaying the journal";
            }
        }
        return "index " + have + ", journal " + want;
    }

    private static String summary(StationState s) {
        return "status " + s.status() + " since " + s.since() + ", " + s.pushes() + " pushes, last at " + s.lastPush();
    }

    private static String stationKey(String account, String store) {
        return account + '\u0000' + store;
    }

    private static String journalTicket(JournalRecord record) {
        return "the journal's ticket at index " + Long.toHexString(record.index()) + " (account " + record.account()
                + ", store " + record.store() + ", ticketId \"" + record.ticketId() + "\", persistDate "
                + record.persistDate() + ")";
    }

    private static String ticket(byte[] key) {
        return "(account " + IndexKeyDescriptor.account(key) + ", store " + IndexKeyDescriptor.store(key)
                + ", ticketId \"" + IndexKeyDescriptor.ticketId(key, key.length) + "\")";
    }

    /** A tickets value for a person. */
    private static String revision(byte[] value) {
        if (value.length != IndexKeyDescriptor.LATEST_REVISION_LENGTH) {
            return "a value of " + value.length + " bytes";
        }
        return "revision " + IndexKeyDescriptor.revision(value) + ", persistDate "
                + IndexKeyDescriptor.latestPersistDate(value) + ", content hash "
                + JournalDumpCommand.contentHash(IndexKeyDescriptor.hashHigh(value), IndexKeyDescriptor.hashLow(value));
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            s.append(Character.forDigit(b >> 4 & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return s.toString();
    }
}
