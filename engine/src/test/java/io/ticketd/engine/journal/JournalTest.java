package io.ticketd.engine.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JournalTest {
    @TempDir
    Path dir;

    private static final byte[] IDS = "acmeS1T-1".getBytes(StandardCharsets.UTF_8);

    private static long append(Journal.Appender appender, long persistDate, int revision, String json, boolean fillStore) {
        byte[] doc = json.getBytes(StandardCharsets.UTF_8);
        return appender.appendTicket(persistDate, revision, 0x1122334455667788L, -5L, IDS, 4, 2, 3, doc, 0,
                doc.length - 1, fillStore ? "S1".getBytes(StandardCharsets.US_ASCII) : null);
    }

    @Test
    void shouldReadBackEveryFieldAndTheSplicedJson() throws Exception {
        long index;
        try (Journal journal = Journal.open(dir)) {
            try (Journal.Appender appender = journal.appender()) {
                index = append(appender, 1_700_000_000_000_123L, 3, "{\"ticketId\":\"T-1\",\"storeId\":\"S1\"}", false);
                appender.sync();
            }
        }
        try (Journal journal = Journal.open(dir); Journal.Reader reader = journal.reader()) {
            JournalRecord r = new JournalRecord();
            assertThat(reader.readAt(index, r)).isTrue();
            assertThat(r.type()).isEqualTo(RecordType.TICKET);
            assertThat(r.index()).isEqualTo(index);
            assertThat(r.persistDate()).isEqualTo(1_700_000_000_000_123L);
            assertThat(r.revision()).isEqualTo(3);
            assertThat(r.hashHigh()).isEqualTo(0x1122334455667788L);
            assertThat(r.hashLow()).isEqualTo(-5L);
            assertThat(r.account()).isEqualTo("acme");
            assertThat(r.store()).isEqualTo("S1");
            assertThat(r.ticketId()).isEqualTo("T-1");
            assertThat(r.jsonString()).isEqualTo(
                    "{\"ticketId\":\"T-1\",\"storeId\":\"S1\",\"persistDate\":1700000000000123,\"revision\":3}");
        }
    }

    @Test
    void shouldTouchOnlyRecordsThatWereFlushed() throws Exception {
        try (Journal journal = Journal.open(dir); Journal.Appender appender = journal.appender()) {
            long first = append(appender, 1, 1, "{\"n\":1}", false);
            long second = append(appender, 2, 1, "{\"n\":22}", false);
            try (Journal.Reader reader = journal.reader()) {
                assertThat(reader.touch(first)).isZero(); // appended, not yet flushed: not readable
                appender.flush();
                assertThat(reader.touch(first)).isPositive();
                assertThat(reader.touch(second)).isEqualTo(reader.touch(first) + 1);
                assertThat(reader.touch(second + 4096)).isZero();
                assertThat(reader.touch(-1)).isZero();
            }
        }
    }

    @Test
    void shouldSpliceTheCredentialsStoreWhenTheDocumentHasNone() throws Exception {
        try (Journal journal = Journal.open(dir)) {
            long index;
            try (Journal.Appender appender = journal.appender()) {
                index = append(appender, 42, 1, "{\"ticketId\":\"T-1\"\n}", true);
            }
            JournalRecord r = new JournalRecord();
            try (Journal.Reader reader = journal.reader()) {
                assertThat(reader.readAt(index, r)).isTrue();
            }
            assertThat(r.jsonString()).isEqualTo("{\"ticketId\":\"T-1\"\n,\"storeId\":\"S1\",\"persistDate\":42,\"revision\":1}");
        }
    }

    @Test
    void shouldReadInOrderFromStartAndAfterAnIndex() throws Exception {
        try (Journal journal = Journal.open(dir)) {
            List<Long> indexes = new ArrayList<>();
            try (Journal.Appender appender = journal.appender()) {
                for (int i = 1; i <= 100; i++) {
                    indexes.add(append(appender, i, 1, "{\"n\":" + i + "}", false));
                }
            }
            assertThat(journal.lastIndex()).isEqualTo(indexes.get(99));
            assertThat(journal.lastPersistDate()).isEqualTo(100);

            JournalRecord r = new JournalRecord();
            List<Long> seen = new ArrayList<>();
            try (Journal.Reader reader = journal.reader().toStart()) {
                while (reader.next(r)) {
                    seen.add(r.persistDate());
                }
            }
            assertThat(seen).hasSize(100).isSorted();

            seen.clear();
            try (Journal.Reader reader = journal.reader().after(indexes.get(89))) {
                while (reader.next(r)) {
                    seen.add(r.persistDate());
                }
            }
            assertThat(seen).containsExactly(91L, 92L, 93L, 94L, 95L, 96L, 97L, 98L, 99L, 100L);
        }
    }

    @Test
    void shouldReportAnEmptyJournal() throws Exception {
        try (Journal journal = Journal.open(dir)) {
            assertThat(journal.lastIndex()).isEqualTo(-1);
            assertThat(journal.lastPersistDate()).isEqualTo(Long.MIN_VALUE);
            try (Journal.Reader reader = journal.reader().toStart()) {
                assertThat(reader.next(new JournalRecord())).isFalse();
            }
        }
    }

    @Test
    void shouldReadRecordsAtRandomIndexes() throws Exception {
        try (Journal journal = Journal.open(dir)) {
            long[] indexes = new long[500];
            try (Journal.Appender appender = journal.appender()) {
                for (int i = 0; i < indexes.length; i++) {
                    indexes[i] = append(appender, 1000 + i, 1, "{\"n\":" + i + "}", false);
                }
            }
            java.util.Random random = new java.util.Random(7);
            JournalRecord r = new JournalRecord();
            try (Journal.Reader reader = journal.reader()) {
                for (int k = 0; k < 2000; k++) {
                    int i = random.nextInt(indexes.length);
                    assertThat(reader.readAt(indexes[i], r)).isTrue();
                    assertThat(r.persistDate()).isEqualTo(1000 + i);
                }
            }
        }
    }
}
