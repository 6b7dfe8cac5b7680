package io.ticketd.engine.index;

import io.ticketd.engine.journal.Journal;
import io.ticketd.engine.journal.JournalException;
import io.ticketd.engine.journal.JournalRecord;
import io.ticketd.engine.journal.RecordType;
import io.ticketd.engine.monitoring.StationState;
import io.ticketd.engine.monitoring.StationStateDescriptor;
import org.rocksdb.RocksDBException;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Brings the index up to the journal: replays every record after the index's last
 * applied journal index. Run before the engine serves, so that queries never see
 * an index behind the journal; with an empty index it is a full rebuild.
 */
public final class IndexRecovery {
    private static final int RECORDS_PER_BATCH = 4096;

    private IndexRecovery() {
    }

    /** Progress of a replay, reported every few thousand records. */
    @FunctionalInterface
    public interface Progress {
        void onRecords(long applied);
    }

    /**
     * Replays the journal into the index from just after its last applied record.
     *
     * @return the number of records replayed
     */
    public static long catchUp(Journal journal, IndexStore index, Progress progress) throws IOException {
        long lastApplied = index.lastAppliedJournalIndex();
        long journalLast = journal.lastIndex();
        if (lastApplied > journalLast) {
            throw new JournalException("the index has applied journal index " + Long.toHexString(lastApplied)
                    + " but the journal ends at " + Long.toHexString(journalLast)
                    + "; the index does not belong to this journal: rebuild it from the journal");
        }
        if (lastApplied == journalLast) {
            return 0;
        }
        long applied = 0;
        JournalRecord record = new JournalRecord();
        Map<String, StationState> stations = new HashMap<>();
        try (Journal.Reader reader = journal.reader(); IndexBatch batch = new IndexBatch(index)) {
            reader.after(lastApplied);
            long last = lastApplied;
            int inBatch = 0;
            while (reader.next(record)) {
                if (record.type() == RecordType.TICKET) {
                    batch.addTicket(record.keys(), record.accountLength(), record.storeLength(),
                            record.ticketIdLength(), record.persistDate(), record.index(), record.revision(),
                            record.hashHigh(), record.hashLow());
                } else if (record.type() == RecordType.STATION_STATUS) {
                    replayStation(index, record, stations, batch);
                }
                last = record.index();
                applied++;
                if (++inBatch == RECORDS_PER_BATCH) {
                    batch.commit(last);
                    inBatch = 0;
                    progress.onRecords(applied);
                }
            }
            if (inBatch > 0) {
                batch.commit(last);
                progress.onRecords(applied);
            }
        } catch (RocksDBException e) {
            throw new IOException("cannot write the index while replaying the journal: " + e.getMessage(), e);
        }
        return applied;
    }

    /** Applies a station push to the station's state: the one replayed so far, or the one in the index. */
    private static void replayStation(IndexStore index, JournalRecord record, Map<String, StationState> stations,
                                      IndexBatch batch) throws RocksDBException {
        String account = record.account();
        String store = record.store();
        String key = account + '\u0000' + store;
        StationState previous = stations.get(key);
        if (previous == null) {
            byte[] stored = index.station(stationKey(record));
            previous = stored == null ? null : StationStateDescriptor.decode(account, store, stored);
        }
        StationState next = StationState.apply(previous, account, store, record.stationStatus(), record.pushTime(),
                record.hasReceivedFromCloud() ? record.receivedFromCloud() : null, record.cloudOnline(),
                record.persistDate());
        stations.put(key, next);
        batch.putStation(record.keys(), record.accountLength(), record.storeLength(), StationStateDescriptor.encode(next));
    }

    private static byte[] stationKey(JournalRecord record) {
        byte[] key = new byte[IndexKeyDescriptor.SCOPE_LENGTH + 2 + record.accountLength() + record.storeLength()];
        IndexKeyDescriptor.putStoreScope(key, record.keys(), record.accountLength(), record.storeLength());
        return key;
    }
}
