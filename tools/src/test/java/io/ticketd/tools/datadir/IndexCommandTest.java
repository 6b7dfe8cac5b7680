package io.ticketd.tools.datadir;

import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.index.IndexKeyDescriptor;
import io.ticketd.engine.index.IndexStore;
import io.ticketd.engine.monitoring.StationState;
import io.ticketd.engine.monitoring.StationStateDescriptor;
import io.ticketd.tools.datadir.DataDirectoryFixture.Run;
import io.ticketd.tools.datadir.DataDirectoryFixture.Sample;
import io.ticketd.tools.datadir.DataDirectoryFixture.SetClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ticketd index rebuild} and {@code index verify}, on sound and on damaged indexes. */
class IndexCommandTest {
    @TempDir
    Path dir;

    private Sample sample;

    @BeforeEach
    void buildDataDirectory() throws Exception {
        sample = DataDirectoryFixture.build(dir, 16);
    }

    private Run index(String... args) {
        String[] all = Stream.concat(Stream.of(args), Stream.of("--data-dir", dir.toString())).toArray(String[]::new);
        return DataDirectoryFixture.run(new IndexCommand(), all);
    }

    private Run verifyExpecting(int exitCode) {
        Run run = index("verify");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(exitCode);
        return run;
    }

    /** The first entry of a column family: key and value. */
    private static byte[][] first(IndexStore index, ColumnFamilyHandle family) {
        try (RocksIterator it = index.iterator(family)) {
            it.seekToFirst();
            assertThat(it.isValid()).isTrue();
            return new byte[][] {it.key(), it.value()};
        }
    }

    /** The first entry of an account in a column family (families are ordered by scope hash, then by ids). */
    private static byte[][] first(IndexStore index, ColumnFamilyHandle family, String account) {
        return first(index, family, key -> IndexKeyDescriptor.account(key).equals(account));
    }

    /** The entry of a station. */
    private static byte[][] station(IndexStore index, String account, String store) {
        return first(index, index.stations(),
                key -> IndexKeyDescriptor.account(key).equals(account) && IndexKeyDescriptor.store(key).equals(store));
    }

    private static byte[][] first(IndexStore index, ColumnFamilyHandle family, Predicate<byte[]> key) {
        try (RocksIterator it = index.iterator(family)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                if (key.test(it.key())) {
                    return new byte[][] {it.key(), it.value()};
                }
            }
        }
        throw new AssertionError("no such entry");
    }

    private IndexStore openIndex() throws Exception {
        return IndexStore.open(dir.resolve(TicketEngine.INDEX_DIRECTORY));
    }

    @Test
    void shouldRebuildTheIndexSoThatEveryQueryAnswersTheSame() throws Exception {
        Run run = index("rebuild");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("rebuilt from the journal: "
                + String.format(Locale.ROOT, "%,d", sample.ticketRecords + sample.stationPushes)
                + " records replayed in");
        Sample after = new Sample();
        try (TicketEngine engine = TicketEngine.open(DataDirectoryFixture.config(dir, new SetClock()))) {
            DataDirectoryFixture.record(engine, after);
        }
        assertThat(after.answers).isEqualTo(sample.answers);
        assertThat(after.stations).isEqualTo(sample.stations);
        assertThat(after.stations.get("acme")).isNotEmpty();
        verifyExpecting(0);
    }

    @Test
    void shouldVerifyTheIndexTheEngineWrote() {
        Run run = verifyExpecting(0);
        long distinct = sample.answers.get("acme").size() + sample.answers.get("globex").size();
        assertThat(run.out()).contains("up to date with the journal")
                .contains(String.format(Locale.ROOT, "journal: %,d tickets", sample.ticketRecords))
                .contains(String.format(Locale.ROOT, "%,d station pushes", sample.stationPushes))
                .contains(String.format(Locale.ROOT, "index: %,d by_account, %,d by_store",
                        sample.ticketRecords, sample.ticketRecords))
                .contains("index verify: OK, the index matches the journal");
        assertThat(distinct).isEqualTo(sample.ticketRecords);
        assertThat(Files.exists(dir.resolve(IndexVerifyCommand.SCRATCH_DIRECTORY))).isFalse();
    }

    @Test
    void shouldCatchUpAnIndexBehindTheJournalAsTheEngineDoes() throws Exception {
        Path index = dir.resolve(TicketEngine.INDEX_DIRECTORY);
        Path behind = dir.resolve("index-as-of-earlier");
        copy(index, behind);
        long recordsBefore = sample.ticketRecords + sample.stationPushes;
        SetClock clock = new SetClock();
        clock.now = DataDirectoryFixture.START + 86_400_000_000L;
        try (TicketEngine engine = TicketEngine.open(DataDirectoryFixture.config(dir, clock))) {
            DataDirectoryFixture.ingestRounds(engine, sample, clock, new Random(3), 6);
        }
        long added = sample.ticketRecords + sample.stationPushes - recordsBefore;
        IndexStore.destroy(index);
        Files.move(behind, index);

        Run run = verifyExpecting(0);
        assertThat(run.out()).contains(String.format(Locale.ROOT,
                "caught up with the journal: %,d records replayed", added)).contains("index verify: OK");

        IndexStore.destroy(index);
        run = verifyExpecting(0);
        assertThat(run.out()).contains("records replayed (the index was empty)").contains("index verify: OK");
    }

    @Test
    void shouldReportAMissingByStoreEntry() throws Exception {
        long persistDate;
        try (IndexStore index = openIndex(); WriteBatch batch = new WriteBatch()) {
            byte[] key = first(index, index.byStore(), "acme")[0];
            persistDate = IndexKeyDescriptor.persistDate(key, key.length);
            batch.delete(index.byStore(), key);
            index.write(batch);
        }
        Run run = verifyExpecting(1);
        assertThat(run.out()).contains("index verify: 1 problem:")
                .containsPattern("by_store: no entry for the journal's ticket at index [0-9a-f]+ \\(account acme,"
                        + " store S\\d, ticketId \"T\\d+\", persistDate " + persistDate + "\\)");
    }

    @Test
    void shouldReportAWrongRevisionInTheTicketsTable() throws Exception {
        String ticket;
        int revision;
        try (IndexStore index = openIndex(); WriteBatch batch = new WriteBatch()) {
            byte[][] entry = first(index, index.tickets(), "acme");
            ticket = "(account acme, store " + IndexKeyDescriptor.store(entry[0]) + ", ticketId \""
                    + IndexKeyDescriptor.ticketId(entry[0], entry[0].length) + "\")";
            revision = IndexKeyDescriptor.revision(entry[1]);
            ByteBuffer wrong = ByteBuffer.wrap(entry[1].clone()).putInt(0, revision + 7);
            batch.put(index.tickets(), entry[0], wrong.array());
            index.write(batch);
        }
        Run run = verifyExpecting(1);
        assertThat(run.out()).contains("index verify: 1 problem:")
                .contains("tickets: the entry for " + ticket + " holds revision " + (revision + 7) + ", persistDate ")
                .contains("but its last revision in the journal is revision " + revision + ", persistDate ");
    }

    @Test
    void shouldReportAStaleStationState() throws Exception {
        StationState current = sample.stations.get("acme").get(0);
        try (IndexStore index = openIndex(); WriteBatch batch = new WriteBatch()) {
            byte[] key = station(index, current.account(), current.storeId())[0];
            assertThat(IndexKeyDescriptor.account(key)).isEqualTo(current.account());
            assertThat(IndexKeyDescriptor.store(key)).isEqualTo(current.storeId());
            StationState stale = new StationState(current.account(), current.storeId(), current.status(),
                    current.since(), current.lastPush(), current.lastPushTime(), current.receivedFromCloud(),
                    current.cloudOnline(), current.pushes() - 1, current.history());
            batch.put(index.stations(), key, StationStateDescriptor.encode(stale));
            index.write(batch);
        }
        Run run = verifyExpecting(1);
        assertThat(run.out()).contains("index verify: 1 problem:")
                .contains("stations: the state of (account " + current.account() + ", store " + current.storeId()
                        + ") differs from the journal's: pushes is " + (current.pushes() - 1) + " in the index, "
                        + current.pushes() + " replaying the journal");
    }

    @Test
    void shouldReportEntriesTheJournalDoesNotHaveAndEntriesItLacks() throws Exception {
        long pointedElsewhere;
        try (IndexStore index = openIndex(); WriteBatch batch = new WriteBatch()) {
            byte[][] byAccount = first(index, index.byAccount(), "acme");
            byte[][] byStore = first(index, index.byStore(), "acme");
            pointedElsewhere = IndexKeyDescriptor.persistDate(byAccount[0], byAccount[0].length);
            byte[] other = first(index, index.byAccount(), "globex")[1];
            batch.put(index.byAccount(), byAccount[0], other); // now the journal index of another account's ticket
            byte[] orphan = byStore[0].clone();
            IndexKeyDescriptor.putLong(orphan, orphan.length - 8, 42); // a persistDate no record has
            batch.put(index.byStore(), orphan, byStore[1]);
            byte[] ids = "acmeS1ghost".getBytes(StandardCharsets.US_ASCII);
            byte[] ghost = new byte[IndexKeyDescriptor.MAX_KEY_LENGTH];
            int n = IndexKeyDescriptor.putStoreScope(ghost, ids, 4, 2);
            ghost = Arrays.copyOf(ghost, IndexKeyDescriptor.putTicketId(ghost, n, ids, 6, 5));
            batch.put(index.tickets(), ghost, first(index, index.tickets())[1]);
            batch.delete(index.stations(), first(index, index.stations(), "acme")[0]);
            index.write(batch);
        }
        Run run = verifyExpecting(1);
        assertThat(run.out()).contains("index verify: 5 problems:")
                .containsPattern("by_account: the entry for the journal's ticket at index [0-9a-f]+ \\(account acme,"
                        + " store S\\d, ticketId \"T\\d+\", persistDate " + pointedElsewhere
                        + "\\) points at journal index [0-9a-f]+ instead")
                .containsPattern("by_account: the entry \\(account acme, persistDate " + pointedElsewhere
                        + "\\) points at journal index [0-9a-f]+, which is the ticket of account \\w+, store \\w+,"
                        + " ticketId \"[^\"]+\", persistDate \\d+")
                .containsPattern("by_store: the entry \\(account acme, store S\\d, persistDate 42\\) points at"
                        + " journal index [0-9a-f]+, which is the ticket of account acme")
                .contains("tickets: the entry for (account acme, store S1, ticketId \"ghost\") (revision ")
                .contains("has no ticket in the journal")
                .containsPattern("stations: no state for \\(account acme, store S\\d\\), which has \\d+ pushes in"
                        + " the journal");
    }

    @Test
    void shouldReportAKeyWhoseScopeIsNotItsIds() throws Exception {
        byte[] wrongScope;
        try (IndexStore index = openIndex(); WriteBatch batch = new WriteBatch()) {
            byte[][] entry = first(index, index.byStore());
            wrongScope = entry[0].clone();
            wrongScope[0] ^= 1;
            batch.delete(index.byStore(), entry[0]);
            batch.put(index.byStore(), wrongScope, entry[1]);
            index.write(batch);
        }
        Run run = verifyExpecting(1);
        assertThat(run.out()).contains("by_store: an entry has a malformed key ")
                .contains("by_store: no entry for the journal's ticket at index ");
    }

    @Test
    void shouldSendAnIndexOfAnEarlierFormatToARebuild() throws Exception {
        try (IndexStore index = openIndex(); WriteBatch batch = new WriteBatch()) {
            batch.delete(index.metadata(), IndexStore.formatKey());
            index.write(batch);
        }
        Run run = verifyExpecting(1);
        assertThat(run.out()).contains("index verify: 1 problem:")
                .contains("the index is of format 1, written by an earlier build; this build reads format "
                        + IndexKeyDescriptor.FORMAT + ": rebuild it with `ticketd index rebuild`");

        assertThat(index("rebuild").exitCode()).isZero();
        assertThat(verifyExpecting(0).out()).contains("index verify: OK");
    }

    @Test
    void shouldRejectADirectoryWithoutAJournal() {
        Run run = DataDirectoryFixture.run(new IndexCommand(), "rebuild", "--data-dir",
                dir.resolve("elsewhere").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no journal in");
        assertThat(Files.exists(dir.resolve("elsewhere"))).isFalse();
        assertThat(DataDirectoryFixture.run(new IndexCommand()).err())
                .contains("Missing command: one of rebuild, verify");
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
