package io.ticketd.tools.datadir;

import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.journal.Journal;
import io.ticketd.tools.datadir.DataDirectoryFixture.Run;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ticketd journal verify} on journals with records the engine would never
 * write, appended directly with the journal's appender.
 */
class JournalVerifyProblemsTest {
    @TempDir
    Path dir;

    private long firstPersistDate;
    private long lastPersistDate;

    @BeforeEach
    void buildDataDirectory() throws Exception {
        DataDirectoryFixture.build(dir, 4);
        try (Journal journal = Journal.openReadOnly(dir.resolve(TicketEngine.JOURNAL_DIRECTORY))) {
            lastPersistDate = journal.lastPersistDate();
        }
        firstPersistDate = DataDirectoryFixture.START;
    }

    /** Appends a ticket record of acme, store S1, with the given ticket id and stored document. */
    private void append(long persistDate, String ticketId, String document) throws Exception {
        byte[] keys = ("acme" + "S1" + ticketId).getBytes(StandardCharsets.UTF_8);
        byte[] json = document.getBytes(StandardCharsets.UTF_8);
        try (Journal journal = Journal.open(dir.resolve(TicketEngine.JOURNAL_DIRECTORY));
             Journal.Appender appender = journal.appender()) {
            appender.appendTicket(persistDate, 1, 7, 9, keys, 4, 2, ticketId.getBytes(StandardCharsets.UTF_8).length,
                    json, 0, json.length - 1, null);
        }
    }

    private Run verify() {
        return DataDirectoryFixture.run(new JournalCommand(), "verify", "--data-dir", dir.toString());
    }

    @Test
    void shouldReportAPersistDateThatDoesNotIncrease() throws Exception {
        append(firstPersistDate, "X1", "{\"ticketId\":\"X1\",\"storeId\":\"S1\",\"startDate\":1}");
        Run run = verify();
        assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
        assertThat(run.out()).contains("journal verify: 1 problem:")
                .contains("(ticket of account acme, store S1, ticketId \"X1\"): persistDate " + firstPersistDate
                        + " is not after " + lastPersistDate);

        Run index = DataDirectoryFixture.run(new IndexCommand(), "verify", "--data-dir", dir.toString());
        assertThat(index.exitCode()).as(index.out() + index.err()).isEqualTo(1);
        // Both tickets map to one by_account key: the later one took it over from the first.
        assertThat(index.out()).containsPattern("by_account: the entry for the journal's ticket at index [0-9a-f]+"
                + " \\(account acme, store S\\d, ticketId \"T\\d+\", persistDate " + firstPersistDate
                + "\\) points at journal index [0-9a-f]+ instead");
    }

    @Test
    void shouldReportStoredDocumentsThatAreNotJsonOrDisagreeWithTheRecord() throws Exception {
        append(lastPersistDate + 1, "X2", "{\"ticketId\":\"X2\",\"storeId\":\"S1\" oops}");
        append(lastPersistDate + 2, "X3", "{\"ticketId\":\"X4\",\"storeId\":\"S1\",\"startDate\":1}");
        append(lastPersistDate + 3, "X5", "{\"ticketId\":\"X5\",\"storeId\":\"S1\",\"revision\":4}");
        Run run = verify();
        assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
        assertThat(run.out()).contains("journal verify: 3 problems:")
                .contains("ticketId \"X2\", persistDate " + (lastPersistDate + 1)
                        + ", revision 1): the stored document is not valid JSON: Unexpected character ('o'")
                .containsPattern("Unexpected character \\('o'[^\\n]*\\(column 33\\)")
                .contains("the stored document's ticketId is \"X4\", the record's \"X3\"")
                .contains("ticketId \"X5\", persistDate " + (lastPersistDate + 3)
                        + ", revision 1): the stored document has two revision fields");
    }

    @Test
    void shouldPassTheJournalTheEngineWrote() {
        Run run = verify();
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("journal verify: OK");
    }
}
