package io.ticketd.engine.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Segment files: rolling, what readers see, and recovery from what a crash leaves behind. */
class JournalSegmentsTest {
    /** Small segments, so that a few dozen records fill several. */
    private static final int CAPACITY = 4096;
    private static final byte[] IDS = "acmeS1T-1".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private static long append(Journal.Appender appender, long persistDate) {
        byte[] doc = ("{\"ticketId\":\"T-1\",\"n\":" + persistDate + ",\"pad\":\"" + "x".repeat(100) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        return appender.appendTicket(persistDate, 1, 1, 2, IDS, 4, 2, 3, doc, 0, doc.length - 1, null);
    }

    private List<Long> appendAll(Journal journal, long from, long to) throws IOException {
        List<Long> indexes = new ArrayList<>();
        try (Journal.Appender appender = journal.appender()) {
            for (long p = from; p <= to; p++) {
                indexes.add(append(appender, p));
            }
            appender.sync();
        }
        return indexes;
    }

    private static List<Long> persistDatesInOrder(Journal journal) {
        List<Long> seen = new ArrayList<>();
        JournalRecord r = new JournalRecord();
        try (Journal.Reader reader = journal.reader().toStart()) {
            while (reader.next(r)) {
                seen.add(r.persistDate());
            }
        }
        return seen;
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".journal")).sorted().toList();
        }
    }

    private static List<Long> range(long from, long to) {
        List<Long> all = new ArrayList<>();
        for (long p = from; p <= to; p++) {
            all.add(p);
        }
        return all;
    }

    /** Writes {@code bytes} into a segment file at {@code offset}, as a crash or a failing disk might. */
    private static void overwrite(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    private String digest() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (Path f : segmentFiles()) {
            md.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            md.update(Files.readAllBytes(f));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void shouldRollIntoNewSegmentsAndReadAcrossThem() throws Exception {
        List<Long> indexes;
        try (Journal journal = Journal.open(dir, CAPACITY)) {
            indexes = appendAll(journal, 1, 100);
            assertThat(segmentFiles()).hasSizeGreaterThan(3);
            assertThat(segmentFiles().get(0).getFileName().toString()).isEqualTo("0000000000.journal");
            assertThat(indexes).isSorted().doesNotHaveDuplicates();
            assertThat(persistDatesInOrder(journal)).isEqualTo(range(1, 100));
            assertThat(journal.lastIndex()).isEqualTo(indexes.get(99));
        }
        try (Journal journal = Journal.open(dir, CAPACITY)) {
            assertThat(journal.lastPersistDate()).isEqualTo(100);
            JournalRecord r = new JournalRecord();
            try (Journal.Reader reader = journal.reader()) {
                for (int i = 99; i >= 0; i--) {
                    assertThat(reader.readAt(indexes.get(i), r)).isTrue();
                    assertThat(r.persistDate()).isEqualTo(i + 1);
                }
            }
            List<Long> more = appendAll(journal, 101, 150);
            assertThat(more.get(0)).isGreaterThan(indexes.get(99));
            assertThat(persistDatesInOrder(journal)).isEqualTo(range(1, 150));
            try (Journal.Reader reader = journal.reader().after(indexes.get(97))) {
                assertThat(reader.next(r)).isTrue();
                assertThat(r.persistDate()).isEqualTo(99);
            }
        }
    }

    @Test
    void shouldShowReadersNoRecordBeforeItIsFlushed() throws Exception {
        try (Journal journal = Journal.open(dir, CAPACITY); Journal.Appender appender = journal.appender();
             Journal.Reader reader = journal.reader()) {
            JournalRecord r = new JournalRecord();
            long index = append(appender, 7);
            assertThat(reader.readAt(index, r)).isFalse();
            assertThat(reader.toStart().next(r)).isFalse();
            assertThat(journal.lastIndex()).isEqualTo(-1);

            appender.flush();
            assertThat(reader.readAt(index, r)).isTrue();
            assertThat(reader.toStart().next(r)).isTrue();
            assertThat(r.persistDate()).isEqualTo(7);
            assertThat(journal.lastIndex()).isEqualTo(index);
            assertThat(journal.lastPersistDate()).isEqualTo(7);
        }
    }

    @Test
    void shouldCutARecordTornByACrashAndAppendAfterTheLastWholeOne() throws Exception {
        List<Long> indexes;
        try (Journal journal = Journal.open(dir)) {
            indexes = appendAll(journal, 1, 10);
        }
        Path segment = segmentFiles().get(0);
        long tornAt = JournalRecordDescriptor.offsetOf(indexes.get(9));
        overwrite(segment, tornAt + JournalRecordDescriptor.FRAME_HEADER_LENGTH + 20, new byte[]{'?', '?', '?'});

        try (Journal journal = Journal.open(dir)) {
            assertThat(journal.lastIndex()).isEqualTo(indexes.get(8));
            assertThat(journal.lastPersistDate()).isEqualTo(9);
            assertThat(persistDatesInOrder(journal)).isEqualTo(range(1, 9));
            List<Long> after = appendAll(journal, 20, 21);
            assertThat(after.get(0)).isEqualTo(indexes.get(9));
        }
        try (Journal journal = Journal.open(dir)) {
            List<Long> expected = range(1, 9);
            expected.addAll(List.of(20L, 21L));
            assertThat(persistDatesInOrder(journal)).isEqualTo(expected);
        }
    }

    @Test
    void shouldNeverReadWholeRecordsLeftBehindATornOne() throws Exception {
        List<Long> indexes;
        try (Journal journal = Journal.open(dir)) {
            indexes = appendAll(journal, 1, 3);
        }
        // A crash wrote back the third record's page but not all of the second's.
        Path segment = segmentFiles().get(0);
        overwrite(segment, JournalRecordDescriptor.offsetOf(indexes.get(1)) + 30, new byte[]{0, 0, 0, 0});

        try (Journal journal = Journal.open(dir)) {
            assertThat(persistDatesInOrder(journal)).containsExactly(1L);
            // A new record exactly as long as the torn one ends where record 3 begins: record 3,
            // a whole record with a good CRC, must not come back after it.
            List<Long> added = appendAll(journal, 5, 5);
            assertThat(added).containsExactly(indexes.get(1));
        }
        try (Journal journal = Journal.open(dir)) {
            assertThat(persistDatesInOrder(journal)).containsExactly(1L, 5L);
            assertThat(journal.lastPersistDate()).isEqualTo(5);
        }
    }

    @Test
    void shouldReportARecordDamagedInASealedSegmentWhenReadInOrder() throws Exception {
        List<Long> indexes;
        try (Journal journal = Journal.open(dir, CAPACITY)) {
            indexes = appendAll(journal, 1, 60);
        }
        assertThat(JournalRecordDescriptor.segmentOf(indexes.get(59))).isGreaterThan(0);
        Path first = segmentFiles().get(0);
        overwrite(first, JournalRecordDescriptor.offsetOf(indexes.get(2)) + 60, new byte[]{'!'});

        try (Journal journal = Journal.open(dir, CAPACITY)) {
            assertThat(journal.lastPersistDate()).isEqualTo(60);
            JournalRecord r = new JournalRecord();
            try (Journal.Reader reader = journal.reader().toStart()) {
                assertThat(reader.next(r)).isTrue();
                assertThat(reader.next(r)).isTrue();
                assertThatThrownBy(() -> reader.next(r)).isInstanceOf(JournalException.class)
                        .hasMessageContaining("journal record " + Long.toHexString(indexes.get(2)))
                        .hasMessageContaining("does not match its CRC");
            }
        }
    }

    @Test
    void shouldKeepEveryRecordWhenSmallFlushesWriteZerosAheadOfThem() throws Exception {
        int capacity = 512 << 10; // each small flush may write up to 128 KiB of zeros past its records
        List<Long> indexes = new ArrayList<>();
        for (int run = 0; run < 2; run++) { // the second appender starts in the middle of a segment
            try (Journal journal = Journal.open(dir, capacity); Journal.Appender appender = journal.appender()) {
                for (int i = 0; i < 1500; i++) {
                    long p = indexes.size() + 1;
                    byte[] doc = ("{\"ticketId\":\"T-1\",\"n\":" + p + ",\"pad\":\"" + "y".repeat((int) (p % 1200))
                            + "\"}").getBytes(StandardCharsets.UTF_8);
                    indexes.add(appender.appendTicket(p, 1, 1, 2, IDS, 4, 2, 3, doc, 0, doc.length - 1, null));
                    if (i % 7 != 0) {
                        appender.flush();
                    }
                }
                appender.sync();
            }
        }
        assertThat(JournalRecordDescriptor.segmentOf(indexes.get(indexes.size() - 1))).isGreaterThan(1);
        for (boolean readOnly : new boolean[]{false, true}) {
            try (Journal journal = readOnly ? Journal.openReadOnly(dir) : Journal.open(dir, capacity)) {
                assertThat(persistDatesInOrder(journal)).isEqualTo(range(1, indexes.size()));
                assertThat(journal.lastIndex()).isEqualTo(indexes.get(indexes.size() - 1));
                JournalRecord r = new JournalRecord();
                try (Journal.Reader reader = journal.reader()) {
                    for (int i = 0; i < indexes.size(); i += 97) {
                        assertThat(reader.readAt(indexes.get(i), r)).isTrue();
                        assertThat(r.persistDate()).isEqualTo(i + 1);
                    }
                }
            }
        }
    }

    @Test
    void shouldOpenReadOnlyWithoutChangingAByte() throws Exception {
        List<Long> indexes;
        try (Journal journal = Journal.open(dir, CAPACITY)) {
            indexes = appendAll(journal, 1, 40);
        }
        Path last = segmentFiles().get(segmentFiles().size() - 1);
        overwrite(last, JournalRecordDescriptor.offsetOf(indexes.get(39)) + 12, new byte[]{1, 2, 3});
        String before = digest();

        try (Journal journal = Journal.openReadOnly(dir)) {
            assertThat(journal.lastIndex()).isEqualTo(indexes.get(38));
            assertThat(persistDatesInOrder(journal)).isEqualTo(range(1, 39));
            assertThatThrownBy(journal::appender).isInstanceOf(JournalException.class)
                    .hasMessageContaining("read-only");
        }
        assertThat(digest()).isEqualTo(before);
    }

    @Test
    void shouldRemoveALastSegmentThatACrashLeftWithoutItsHeader() throws Exception {
        try (Journal journal = Journal.open(dir, CAPACITY)) {
            appendAll(journal, 1, 5);
        }
        Files.write(dir.resolve("0000000001.journal"), new byte[CAPACITY]);

        try (Journal journal = Journal.openReadOnly(dir)) {
            assertThat(persistDatesInOrder(journal)).isEqualTo(range(1, 5));
        }
        assertThat(segmentFiles()).hasSize(2);
        try (Journal journal = Journal.open(dir, CAPACITY)) {
            assertThat(segmentFiles()).hasSize(1);
            appendAll(journal, 6, 60);
            assertThat(persistDatesInOrder(journal)).isEqualTo(range(1, 60));
        }
    }

    @Test
    void shouldRefuseAJournalWithAMissingSegment() throws Exception {
        try (Journal journal = Journal.open(dir, CAPACITY)) {
            appendAll(journal, 1, 100);
        }
        Files.delete(segmentFiles().get(1));
        assertThatThrownBy(() -> Journal.open(dir, CAPACITY)).isInstanceOf(JournalException.class)
                .hasMessageContaining("has no segment 0000000001.journal before 0000000002.journal");
    }

    @Test
    void shouldRefuseAFileThatIsNotASegment() throws Exception {
        Files.write(dir.resolve("0000000000.journal"), "not a journal at all, but not zeros either"
                .repeat(4).getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Journal.open(dir)).isInstanceOf(JournalException.class)
                .hasMessageContaining("0000000000.journal cannot be read: it is not a ticketd journal segment");
    }

    @Test
    void shouldRefuseAChronicleQueueJournalOfEarlierBuilds() throws Exception {
        Files.write(dir.resolve("20261125F.cq4"), new byte[64]);
        assertThatThrownBy(() -> Journal.open(dir)).isInstanceOf(JournalException.class)
                .hasMessageContaining("Chronicle Queue format of earlier ticketd builds (20261125F.cq4)");
    }

    @Test
    void shouldHaveOneAppenderAtATime() throws Exception {
        try (Journal journal = Journal.open(dir)) {
            Journal.Appender appender = journal.appender();
            assertThatThrownBy(journal::appender).isInstanceOf(IllegalStateException.class);
            appender.close();
            journal.appender().close();
        }
    }

    @Test
    void shouldRefuseARecordLargerThanASegment() throws Exception {
        try (Journal journal = Journal.open(dir, 1024); Journal.Appender appender = journal.appender()) {
            byte[] doc = ("{\"big\":\"" + "x".repeat(2000) + "\"}").getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> appender.appendTicket(1, 1, 1, 2, IDS, 4, 2, 3, doc, 0, doc.length - 1, null))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldWriteTheSegmentHeaderTheDescriptorDescribes() throws Exception {
        try (Journal journal = Journal.open(dir, CAPACITY)) {
            appendAll(journal, 1, 1);
        }
        Path first = segmentFiles().get(0);
        assertThat(Files.size(first)).isEqualTo(CAPACITY);
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(first)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(Files.readAllBytes(first), 0, 8, StandardCharsets.US_ASCII)).isEqualTo("TKTDJRNL");
        assertThat(JournalRecordDescriptor.segmentHeaderProblem(header, 0)).isNull();
        assertThat(JournalRecordDescriptor.segmentHeaderProblem(header, 1)).isEqualTo("its header says it is segment 0");
    }
}
