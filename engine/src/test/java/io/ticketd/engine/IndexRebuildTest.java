package io.ticketd.engine;

import io.ticketd.engine.index.IndexKeyDescriptor;
import io.ticketd.engine.index.IndexStore;
import io.ticketd.engine.ingest.Durability;
import io.ticketd.engine.ingest.IngestBatch;
import io.ticketd.engine.ingest.TicketStatus;
import io.ticketd.engine.ingest.ValidatedTicket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IndexRebuildTest {
    @TempDir
    Path dir;

    private long lastPersistDate;

    private void ingestSample(TicketEngine engine) {
        Random random = new Random(11);
        for (int b = 0; b < 60; b++) {
            String account = b % 3 == 0 ? "globex" : "acme";
            List<ValidatedTicket> tickets = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String store = "S" + random.nextInt(6);
                String id = "T" + random.nextInt(1500); // some ids repeat: duplicates and revisions
                tickets.add(EngineFixture.validated(EngineFixture.ticketJson(store, id, 1, random.nextInt(3))));
            }
            EngineFixture.ingest(engine, account, tickets);
        }
        lastPersistDate = engine.lastCommittedPersistDate();
    }

    private Map<String, List<EngineFixture.Result>> answers(TicketEngine engine) {
        Map<String, List<EngineFixture.Result>> out = new LinkedHashMap<>();
        for (String account : List.of("acme", "globex", "nobody")) {
            out.put(account, EngineFixture.walk(engine, account, null, 0, lastPersistDate, 50));
            out.put(account + " by 7", EngineFixture.walk(engine, account, null, 0, lastPersistDate, 7));
            for (int s = 0; s < 6; s++) {
                out.put(account + "/S" + s, EngineFixture.walk(engine, account, "S" + s, 0, lastPersistDate, 13));
            }
            out.put(account + " middle", EngineFixture.walk(engine, account, null, lastPersistDate - 30_000,
                    lastPersistDate - 10_000, 3));
        }
        return out;
    }

    /** Opens an engine, ingests the sample, and returns its answers before closing it. */
    private Map<String, List<EngineFixture.Result>> ingestSampleAndAnswer(EngineConfig config) throws Exception {
        try (TicketEngine engine = TicketEngine.open(config)) {
            ingestSample(engine);
            return answers(engine);
        }
    }

    @Test
    void shouldAnswerIdenticallyAfterTheIndexDirectoryIsDeleted() throws Exception {
        EngineConfig config = EngineConfig.at(dir).withDurability(Durability.NONE);
        Map<String, List<EngineFixture.Result>> before = ingestSampleAndAnswer(config);
        assertThat(before.get("acme")).hasSizeGreaterThan(1000);
        IndexStore.destroy(dir.resolve(TicketEngine.INDEX_DIRECTORY));
        assertThat(Files.exists(dir.resolve(TicketEngine.INDEX_DIRECTORY))).isFalse();
        try (TicketEngine engine = TicketEngine.open(config)) {
            assertThat(answers(engine)).isEqualTo(before);
        }
    }

    @Test
    void shouldAnswerIdenticallyAfterAnExplicitRebuildAndStillRecogniseResends() throws Exception {
        EngineConfig config = EngineConfig.at(dir).withDurability(Durability.NONE);
        Map<String, List<EngineFixture.Result>> before;
        String resend;
        long originalPersistDate;
        try (TicketEngine engine = TicketEngine.open(config)) {
            ingestSample(engine);
            before = answers(engine);
            resend = EngineFixture.ticketJson("S9", "unique", 1, 77);
            originalPersistDate = EngineFixture.ingest(engine, "acme", resend).persistDate(0);
            lastPersistDate = originalPersistDate;
            before = answers(engine);
        }
        long replayed = TicketEngine.rebuildIndex(dir, applied -> { });
        assertThat(replayed).isGreaterThan(1000);
        try (TicketEngine engine = TicketEngine.open(config)) {
            assertThat(answers(engine)).isEqualTo(before);
            IngestBatch again = EngineFixture.ingest(engine, "acme", resend);
            assertThat(again.status(0)).isEqualTo(TicketStatus.DUPLICATE);
            assertThat(again.persistDate(0)).isEqualTo(originalPersistDate);
            IngestBatch changed = EngineFixture.ingest(engine, "acme", EngineFixture.ticketJson("S9", "unique", 1, 78));
            assertThat(changed.status(0)).isEqualTo(TicketStatus.REVISED);
            assertThat(changed.revision(0)).isEqualTo(2);
        }
    }

    /**
     * An index written by a build of an earlier key format (here: this index with every
     * key's scope cut off and no format recorded, which is exactly format 1) answers
     * nothing to this build's seeks; the engine must see its format and rebuild it.
     */
    @Test
    void shouldRebuildAnIndexOfAnEarlierFormatWhenOpening() throws Exception {
        EngineConfig config = EngineConfig.at(dir).withDurability(Durability.NONE);
        Map<String, List<EngineFixture.Result>> before = ingestSampleAndAnswer(config);
        try (IndexStore index = IndexStore.open(dir.resolve(TicketEngine.INDEX_DIRECTORY));
             WriteBatch batch = new WriteBatch()) {
            assertThat(index.format()).isEqualTo(IndexKeyDescriptor.FORMAT);
            for (ColumnFamilyHandle family : List.of(index.byAccount(), index.byStore(), index.tickets(),
                    index.stations())) {
                try (RocksIterator it = index.iterator(family)) {
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        byte[] key = it.key();
                        batch.delete(family, key);
                        batch.put(family, Arrays.copyOfRange(key, IndexKeyDescriptor.SCOPE_LENGTH, key.length), it.value());
                    }
                }
            }
            batch.delete(index.metadata(), IndexStore.formatKey());
            index.write(batch);
            assertThat(index.format()).isEqualTo(1);
        }
        try (TicketEngine engine = TicketEngine.open(config)) {
            assertThat(answers(engine)).isEqualTo(before);
        }
        try (IndexStore index = IndexStore.open(dir.resolve(TicketEngine.INDEX_DIRECTORY))) {
            assertThat(index.hasCurrentFormat()).isTrue();
        }
    }

    /**
     * Format 2 gave tickets keys their store's scope; this build's carry the ticket id's
     * stem in it. Left as it was, a format-2 index would miss every dedupe lookup and take
     * a resent ticket for a new one: the engine must rebuild it.
     */
    @Test
    void shouldRebuildAFormatTwoIndexSoThatAResentTicketStaysADuplicate() throws Exception {
        EngineConfig config = EngineConfig.at(dir).withDurability(Durability.NONE);
        String resend = EngineFixture.ticketJson("S4", "S4-R2-00000017", 1, 77);
        long originalPersistDate;
        Map<String, List<EngineFixture.Result>> before;
        try (TicketEngine engine = TicketEngine.open(config)) {
            ingestSample(engine);
            originalPersistDate = EngineFixture.ingest(engine, "acme", resend).persistDate(0);
            lastPersistDate = originalPersistDate;
            before = answers(engine);
        }
        try (IndexStore index = IndexStore.open(dir.resolve(TicketEngine.INDEX_DIRECTORY));
             WriteBatch batch = new WriteBatch()) {
            int rewritten = 0;
            try (RocksIterator it = index.iterator(index.tickets())) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    byte[] key = it.key();
                    byte[] account = IndexKeyDescriptor.account(key).getBytes(StandardCharsets.UTF_8);
                    byte[] store = IndexKeyDescriptor.store(key).getBytes(StandardCharsets.UTF_8);
                    byte[] ids = Arrays.copyOf(account, account.length + store.length);
                    System.arraycopy(store, 0, ids, account.length, store.length);
                    byte[] formatTwo = key.clone();
                    IndexKeyDescriptor.putStoreScope(formatTwo, ids, account.length, store.length);
                    if (!Arrays.equals(formatTwo, key)) {
                        batch.delete(index.tickets(), key);
                        batch.put(index.tickets(), formatTwo, it.value());
                        rewritten++;
                    }
                }
            }
            byte[] format = new byte[8];
            IndexKeyDescriptor.putLong(format, 0, 2);
            batch.put(index.metadata(), IndexStore.formatKey(), format);
            index.write(batch);
            assertThat(rewritten).isGreaterThan(1000);
            assertThat(index.format()).isEqualTo(2);
        }
        try (TicketEngine engine = TicketEngine.open(config)) {
            assertThat(answers(engine)).isEqualTo(before);
            IngestBatch again = EngineFixture.ingest(engine, "acme", resend);
            assertThat(again.status(0)).isEqualTo(TicketStatus.DUPLICATE);
            assertThat(again.persistDate(0)).isEqualTo(originalPersistDate);
        }
        try (IndexStore index = IndexStore.open(dir.resolve(TicketEngine.INDEX_DIRECTORY))) {
            assertThat(index.hasCurrentFormat()).isTrue();
        }
    }

    /**
     * The commit handler writes a batch's index entries before the sync stage syncs its
     * records: a crash in between can leave an index that knows records the journal lost.
     */
    @Test
    void shouldRebuildAnIndexThatIsAheadOfTheJournalAfterACrash() throws Exception {
        EngineConfig config = EngineConfig.at(dir);
        Map<String, List<EngineFixture.Result>> kept;
        long keptLast;
        String lost = EngineFixture.ticketJson("S2", "lost-in-the-crash", 1, 5);
        try (TicketEngine engine = TicketEngine.open(config)) {
            ingestSample(engine);
            keptLast = lastPersistDate;
            kept = answers(engine);
            EngineFixture.ingest(engine, "acme", lost);
            EngineFixture.ingest(engine, "globex", EngineFixture.ticketJson("S3", "also-lost", 1, 6));
            lastPersistDate = engine.lastCommittedPersistDate();
        }
        long lostLast = lastPersistDate;
        cutJournalAfter(keptLast); // what a power loss would do to records written but not yet synced

        try (TicketEngine engine = TicketEngine.open(config)) {
            lastPersistDate = keptLast;
            assertThat(answers(engine)).isEqualTo(kept);
            assertThat(EngineFixture.walk(engine, "acme", null, 0, lostLast, 50)).isEqualTo(kept.get("acme"));
            assertThat(EngineFixture.walk(engine, "globex", null, 0, lostLast, 50)).isEqualTo(kept.get("globex"));
            IngestBatch again = EngineFixture.ingest(engine, "acme", lost);
            assertThat(again.status(0)).isEqualTo(TicketStatus.CREATED);
            assertThat(again.persistDate(0)).isGreaterThan(keptLast);
        }
    }

    private void cutJournalAfter(long persistDate) throws Exception {
        Path journalDir = dir.resolve(TicketEngine.JOURNAL_DIRECTORY);
        long cutAt = -1;
        try (io.ticketd.engine.journal.Journal journal = io.ticketd.engine.journal.Journal.openReadOnly(journalDir);
             io.ticketd.engine.journal.Journal.Reader reader = journal.reader().toStart()) {
            io.ticketd.engine.journal.JournalRecord record = new io.ticketd.engine.journal.JournalRecord();
            while (reader.next(record)) {
                if (record.persistDate() > persistDate) {
                    cutAt = record.index();
                    break;
                }
            }
        }
        assertThat(cutAt).isPositive();
        Path segment;
        try (var files = Files.list(journalDir)) {
            segment = files.filter(f -> f.toString().endsWith(".journal")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        int offset = io.ticketd.engine.journal.JournalRecordDescriptor.offsetOf(cutAt);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(segment,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.allocate(64 * 1024), offset);
        }
    }
}
