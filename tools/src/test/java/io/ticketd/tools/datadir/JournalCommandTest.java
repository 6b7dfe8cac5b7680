package io.ticketd.tools.datadir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketd.tools.datadir.DataDirectoryFixture.Run;
import io.ticketd.tools.datadir.DataDirectoryFixture.Sample;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ticketd journal dump} and {@code journal verify} on a data directory the engine wrote. */
class JournalCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Sample sample;
    private static List<String> allLines;

    @BeforeAll
    static void buildDataDirectory() throws Exception {
        sample = DataDirectoryFixture.build(dir, 40);
        Run all = dump();
        assertThat(all.exitCode()).as(all.err()).isZero();
        allLines = all.lines();
    }

    private static Run dump(String... filters) {
        List<String> args = new ArrayList<>(List.of("dump", "--data-dir", dir.toString()));
        args.addAll(List.of(filters));
        return DataDirectoryFixture.run(new JournalCommand(), args.toArray(String[]::new));
    }

    private static JsonNode parse(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private static List<String> filter(Predicate<JsonNode> keep) {
        return allLines.stream().filter(l -> keep.test(parse(l))).toList();
    }

    @Test
    void shouldDumpEveryRecordAsOneLineInPersistDateOrder() {
        assertThat(sample.duplicates).isPositive();
        assertThat(allLines).hasSize((int) (sample.ticketRecords + sample.stationPushes));
        long previousDate = Long.MIN_VALUE;
        long previousIndex = -1;
        for (String line : allLines) {
            JsonNode record = parse(line);
            long persistDate = record.get("persistDate").asLong();
            long journalIndex = Long.parseUnsignedLong(record.get("journalIndex").asText(), 16);
            assertThat(persistDate).isGreaterThan(previousDate);
            assertThat(journalIndex).isGreaterThan(previousIndex);
            previousDate = persistDate;
            previousIndex = journalIndex;
        }
        assertThat(filter(r -> r.get("type").asText().equals("station"))).hasSize((int) sample.stationPushes);
    }

    @Test
    void shouldCopyEachStoredTicketAsThePagesReturnIt() {
        Map<Long, String> stored = sample.storedByPersistDate();
        List<String> tickets = filter(r -> r.get("type").asText().equals("ticket"));
        assertThat(tickets).hasSize(stored.size());
        for (String line : tickets) {
            JsonNode record = parse(line);
            String raw = line.substring(line.indexOf(",\"ticket\":") + ",\"ticket\":".length(), line.length() - 1);
            assertThat(raw).isEqualTo(stored.get(record.get("persistDate").asLong()));
            JsonNode ticket = record.get("ticket");
            assertThat(ticket.get("persistDate").asLong()).isEqualTo(record.get("persistDate").asLong());
            assertThat(ticket.get("revision").asInt()).isEqualTo(record.get("revision").asInt());
            assertThat(ticket.get("ticketId").asText()).isEqualTo(record.get("ticketId").asText());
            assertThat(ticket.get("storeId").asText()).isEqualTo(record.get("storeId").asText());
            assertThat(record.get("account").asText()).isIn(DataDirectoryFixture.ACCOUNTS);
            assertThat(record.get("contentHash").asText()).matches("[0-9a-f]{32}");
        }
    }

    @Test
    void shouldShowRevisionsFilledStoresAndIdsThatNeedEscaping() {
        List<JsonNode> revisions = filter(r -> r.path("ticketId").asText().equals("REV")).stream()
                .map(JournalCommandTest::parse).toList();
        assertThat(revisions).extracting(r -> r.get("revision").asInt()).containsExactly(1, 2, 3);
        assertThat(revisions).extracting(r -> r.get("contentHash").asText()).doesNotHaveDuplicates();

        List<String> filled = filter(r -> r.path("ticketId").asText().equals("F1"));
        assertThat(filled).hasSize(1);
        assertThat(parse(filled.get(0)).get("storeId").asText()).isEqualTo("S2");
        assertThat(parse(filled.get(0)).get("ticket").get("storeId").asText()).isEqualTo("S2");

        List<String> awkward = filter(r -> r.path("ticketId").asText().equals(DataDirectoryFixture.AWKWARD_TICKET_ID));
        assertThat(awkward).hasSize(1);
        assertThat(parse(awkward.get(0)).get("ticket").get("note").asText()).isEqualTo("caf\u00e9 \uD83C\uDF7A");
    }

    @Test
    void shouldDumpStationPushesWithNullForFieldsNotSent() {
        List<JsonNode> stations = filter(r -> r.get("type").asText().equals("station")).stream()
                .map(JournalCommandTest::parse).toList();
        JsonNode last = stations.get(stations.size() - 1);
        assertThat(last.get("account").asText()).isEqualTo("acme");
        assertThat(last.get("storeId").asText()).isEqualTo("S1");
        assertThat(last.get("status").asInt()).isZero();
        assertThat(last.get("time").asLong()).isEqualTo(DataDirectoryFixture.START / 1_000_000 + 1);
        assertThat(last.get("receivedFromCloud").asLong()).isEqualTo(DataDirectoryFixture.START / 1_000_000);
        assertThat(last.get("cloudOnline").asBoolean()).isTrue();
        JsonNode before = stations.get(stations.size() - 2);
        assertThat(before.get("status").asInt()).isEqualTo(5);
        assertThat(before.get("receivedFromCloud").isNull()).isTrue();
        assertThat(before.get("cloudOnline").isNull()).isTrue();
        assertThat(before.has("ticket")).isFalse();
    }

    @Test
    void shouldFilterByTypeAccountStoreAndPersistDateRange() {
        assertThat(dump("--type", "station").lines())
                .isEqualTo(filter(r -> r.get("type").asText().equals("station")));
        assertThat(dump("--type", "TICKET", "--account", "globex").lines())
                .isEqualTo(filter(r -> r.get("type").asText().equals("ticket")
                        && r.get("account").asText().equals("globex")))
                .hasSize(sample.answers.get("globex").size());
        List<String> acmeS1 = dump("--account", "acme", "--store", "S1").lines();
        assertThat(acmeS1).isEqualTo(filter(r -> r.get("account").asText().equals("acme")
                && r.get("storeId").asText().equals("S1")));
        assertThat(acmeS1.stream().filter(l -> l.startsWith("{\"type\":\"ticket\"")))
                .hasSize(sample.answers.get("acme/S1").size());
        assertThat(dump("--store", "S1").lines()).hasSizeGreaterThan(acmeS1.size()); // globex has an S1 too

        long from = parse(allLines.get(10)).get("persistDate").asLong();
        long to = parse(allLines.get(30)).get("persistDate").asLong();
        assertThat(dump("--from", Long.toString(from), "--to", Long.toString(to)).lines())
                .isEqualTo(allLines.subList(10, 31));
        long first = parse(allLines.get(0)).get("persistDate").asLong();
        long last = parse(allLines.get(allLines.size() - 1)).get("persistDate").asLong();
        assertThat(dump("--to", Long.toString(first - 1)).lines()).isEmpty();
        assertThat(dump("--from", Long.toString(last)).lines()).containsExactly(allLines.get(allLines.size() - 1));
        assertThat(dump("--account", "nobody").lines()).isEmpty();
    }

    @Test
    void shouldWriteToAnOutputFile() throws Exception {
        Path file = dir.resolveSibling(dir.getFileName() + "-dump.ndjson");
        Run run = dump("--output", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).isEqualTo(allLines);
        assertThat(run.out()).contains(String.format(Locale.ROOT, "%,d of %,d records written to", allLines.size(),
                allLines.size()));
        Files.delete(file);
    }

    @Test
    void shouldRejectBadUsageWithExitCode2() {
        Run badType = dump("--type", "receipt");
        assertThat(badType.exitCode()).isEqualTo(2);
        assertThat(badType.err()).contains("must be ticket or station");
        Run badRange = dump("--from", "10", "--to", "9");
        assertThat(badRange.exitCode()).isEqualTo(2);
        assertThat(badRange.err()).contains("--to 9 is before --from 10");
        Path nowhere = dir.resolve("no-such-data-dir");
        Run noJournal = DataDirectoryFixture.run(new JournalCommand(), "verify", "--data-dir", nowhere.toString());
        assertThat(noJournal.exitCode()).isEqualTo(2);
        assertThat(noJournal.err()).contains("no journal in " + nowhere);
        assertThat(Files.exists(nowhere)).isFalse();
        Run noCommand = DataDirectoryFixture.run(new JournalCommand());
        assertThat(noCommand.exitCode()).isEqualTo(2);
        assertThat(noCommand.err()).contains("Missing command: one of dump, verify");
    }

    @Test
    void shouldVerifyTheJournalAndReportCountsAndPersistDates() {
        Run run = DataDirectoryFixture.run(new JournalCommand(), "verify", "--data-dir", dir.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains(String.format(Locale.ROOT, "%,d records: %,d tickets, %,d station pushes",
                        sample.ticketRecords + sample.stationPushes, sample.ticketRecords, sample.stationPushes))
                .contains("persistDates from " + parse(allLines.get(0)).get("persistDate").asLong() + " (")
                .contains(" to " + parse(allLines.get(allLines.size() - 1)).get("persistDate").asLong() + " (")
                .contains("journal verify: OK");
    }
}
