package io.ticketd.engine.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The append-only journal of every accepted record, on Chronicle Queue: the
 * source of truth from which the index is derived.
 *
 * <p>Durability: an appended record is in the page cache (memory-mapped), so it
 * survives the death of the process. {@link Appender#sync()} makes everything
 * appended so far durable against power loss: it fdatasyncs the current cycle
 * file (and the previous one after a roll), which on Linux writes back every dirty
 * page of the file however it was dirtied, records and Chronicle's own index alike.
 *
 * <p>Thread-safety: the journal may be shared. There is one {@link Appender}, used
 * only by the commit thread; each reading thread takes its own {@link Reader}.
 */
public final class Journal implements AutoCloseable {
    /**
     * Chronicle indexes every record. A page of one store reads records scattered through
     * the journal, each through the index (see PageQuery); with a sparser index every read
     * first scans forward from the nearest indexed record, which profiled at a quarter of a
     * page's server CPU. End to end on this project's machine (ticketd load, fsync, two
     * interleaved runs each): spacing 1 against 4 gave page-2t 18,835 and 18,627 pages/s
     * against 12,616 and 12,401, page-1t p50 166 µs against 195 µs, and ingest-single on 32
     * connections 14,650 and 14,005 tickets/s against 11,658 and 12,627 (an isolated sync
     * probe had suggested denser indexing costs group commits; end to end it does not).
     * Cycle files keep the spacing they were created with.
     */
    private static final int INDEX_SPACING = 1;
    /**
     * Index arrays of 32,768 entries: a cycle (a day) holds up to 32,768² records, about
     * 1.07 billion (12,000 tickets a second all day long).
     */
    private static final int INDEX_COUNT = 1 << 15;

    private final Path directory;
    private final SingleChronicleQueue queue;

    private Journal(Path directory, SingleChronicleQueue queue) {
        this.directory = directory;
        this.queue = queue;
    }

    public static Journal open(Path directory) throws IOException {
        Files.createDirectories(directory);
        SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(directory)
                .rollCycle(RollCycles.FAST_DAILY)
                .indexSpacing(INDEX_SPACING)
                .indexCount(INDEX_COUNT)
                .build();
        return new Journal(directory, queue);
    }

    /**
     * Opens an existing journal for reading only, for the offline tools and the index
     * rebuild: it maps the files read-only, so nothing done through it can change the
     * journal, and {@link #appender()} fails on it (Chronicle refuses to append to a
     * read-only queue). It takes no lock of its own; a caller that needs the journal
     * not to grow while it reads holds the data directory's lock.
     *
     * @throws NoSuchFileException when {@code directory} is not a directory
     */
    public static Journal openReadOnly(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "no journal directory");
        }
        SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(directory)
                .rollCycle(RollCycles.FAST_DAILY)
                .indexSpacing(INDEX_SPACING)
                .indexCount(INDEX_COUNT)
                .readOnly(true)
                .build();
        return new Journal(directory, queue);
    }

    public Path directory() {
        return directory;
    }

    /** Creates the appender. Call once, from the thread that will append. */
    public Appender appender() {
        return new Appender(queue.createAppender());
    }

    /** Creates a reader for the calling thread. */
    public Reader reader() {
        return new Reader(queue.createTailer());
    }

    /** The persistDate of the last record, or {@code Long.MIN_VALUE} when the journal is empty. */
    public long lastPersistDate() {
        try (ExcerptTailer tailer = queue.createTailer()) {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return Long.MIN_VALUE;
                }
                Bytes<?> in = dc.wire().bytes();
                return JournalRecordDescriptor.persistDate(in, in.readPosition());
            }
        }
    }

    /** The index of the last record, or -1 when the journal is empty. */
    public long lastIndex() {
        long last = queue.lastIndex();
        return last == Long.MIN_VALUE ? -1 : last;
    }

    @Override
    public void close() {
        queue.close();
    }

    /**
     * Appends records and makes them durable. Not thread-safe: the commit thread
     * owns it.
     */
    public final class Appender implements AutoCloseable {
        private final ExcerptAppender appender;
        private final JournalPretoucher pretoucher = new JournalPretoucher();
        private File syncedFile;
        private FileChannel syncChannel;

        private Appender(ExcerptAppender appender) {
            this.appender = appender;
        }

        /**
         * Tells the pretoucher where appends have reached, so it keeps the pages ahead
         * in the page cache. Cheap; call once per batch.
         */
        public void publishPosition() {
            Wire wire = appender.wire();
            if (wire != null) {
                pretoucher.advance(appender.currentFile(), wire.bytes().writePosition());
            }
        }

        /**
         * Appends a ticket record (see {@link JournalRecordDescriptor#writeTicket}).
         *
         * @return the record's journal index
         */
        public long appendTicket(long persistDate, int revision, long hashHigh, long hashLow,
                                 byte[] keys, int accountLength, int storeLength, int ticketIdLength,
                                 byte[] json, int jsonOffset, int closeBrace, byte[] fillStore) {
            try (DocumentContext dc = appender.writingDocument()) {
                JournalRecordDescriptor.writeTicket(dc.wire().bytes(), persistDate, revision, hashHigh, hashLow,
                        keys, accountLength, storeLength, ticketIdLength, json, jsonOffset, closeBrace, fillStore);
            }
            return appender.lastIndexAppended();
        }

        /** Appends a station status record (see {@link JournalRecordDescriptor#writeStationStatus}); returns its index. */
        public long appendStationStatus(long persistDate, int status, long pushTime, long receivedFromCloud, int flags,
                                        byte[] keys, int accountLength, int storeLength) {
            try (DocumentContext dc = appender.writingDocument()) {
                JournalRecordDescriptor.writeStationStatus(dc.wire().bytes(), persistDate, status, pushTime,
                        receivedFromCloud, flags, keys, accountLength, storeLength);
            }
            return appender.lastIndexAppended();
        }

        /** Makes every record appended so far durable against power loss. */
        public void sync() throws IOException {
            File current = appender.currentFile();
            if (current == null) {
                return;
            }
            if (!current.equals(syncedFile)) {
                if (syncChannel != null) {
                    syncChannel.force(false); // records written before the roll
                    syncChannel.close();
                }
                syncChannel = FileChannel.open(current.toPath(), StandardOpenOption.READ, StandardOpenOption.WRITE);
                syncedFile = current;
                syncDirectory(); // the new cycle file's directory entry
            }
            syncChannel.force(false);
        }

        private void syncDirectory() throws IOException {
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        }

        @Override
        public void close() throws IOException {
            pretoucher.close();
            if (syncChannel != null) {
                syncChannel.close();
                syncChannel = null;
            }
            appender.close();
        }
    }

    /**
     * Reads records by index or in order. Not thread-safe: one per reading thread.
     */
    public final class Reader implements AutoCloseable {
        private final ExcerptTailer tailer;

        private Reader(ExcerptTailer tailer) {
            this.tailer = tailer;
            // One reader per thread by construction; Chronicle's per-call ownership check costs ~6 % of a read.
            tailer.singleThreadedCheckDisabled(true);
        }

        /**
         * Reads the record at {@code index} into {@code into}.
         *
         * @return false when there is no record at that index
         */
        public boolean readAt(long index, JournalRecord into) {
            if (!tailer.moveToIndex(index)) {
                return false;
            }
            return next(into);
        }

        /** Positions the reader at the first record. */
        public Reader toStart() {
            tailer.direction(TailerDirection.FORWARD).toStart();
            return this;
        }

        /** Positions the reader just after the record at {@code index}. */
        public Reader after(long index) {
            if (index < 0) {
                return toStart();
            }
            if (!tailer.moveToIndex(index)) {
                throw new JournalException("journal has no record at index " + Long.toHexString(index)
                        + " to resume after");
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    throw new JournalException("journal record " + Long.toHexString(index) + " is not readable");
                }
            }
            return this;
        }

        /**
         * Reads the next record into {@code into}.
         *
         * @return false at the end of the journal
         */
        public boolean next(JournalRecord into) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return false;
                }
                decode(dc.wire().bytes(), dc.index(), into);
                return true;
            }
        }

        @Override
        public void close() {
            tailer.close();
        }
    }

    private static void decodeStation(Bytes<?> in, long start, long available, long index, JournalRecord into) {
        if (available < JournalRecordDescriptor.STATION_KEYS_OFFSET
                || JournalRecordDescriptor.stationRecordLength(in, start) != available) {
            throw new JournalException("journal record " + Long.toHexString(index)
                    + " is a station status whose lengths do not add up to its " + available + " bytes");
        }
        int accountLength = JournalRecordDescriptor.stationAccountLength(in, start);
        int storeLength = JournalRecordDescriptor.stationStoreLength(in, start);
        into.station(JournalRecordDescriptor.stationStatus(in, start), JournalRecordDescriptor.pushTime(in, start),
                JournalRecordDescriptor.receivedFromCloud(in, start), JournalRecordDescriptor.stationFlags(in, start),
                accountLength, storeLength);
        in.readPosition(start + JournalRecordDescriptor.STATION_KEYS_OFFSET);
        in.read(into.keys(), 0, accountLength + storeLength);
    }

    private static void decode(Bytes<?> in, long index, JournalRecord into) {
        long start = in.readPosition();
        long available = in.readRemaining();
        if (available < JournalRecordDescriptor.HEADER_LENGTH) {
            throw new JournalException("journal record " + Long.toHexString(index) + " is " + available
                    + " bytes, shorter than the record header");
        }
        RecordType type = JournalRecordDescriptor.type(in, start);
        if (type == null) {
            throw new JournalException("journal record " + Long.toHexString(index) + " has unknown type "
                    + in.readUnsignedByte(start));
        }
        into.header(type, index, JournalRecordDescriptor.persistDate(in, start));
        if (type == RecordType.STATION_STATUS) {
            decodeStation(in, start, available, index, into);
            return;
        }
        if (available < JournalRecordDescriptor.TICKET_KEYS_OFFSET
                || JournalRecordDescriptor.ticketRecordLength(in, start) != available) {
            throw new JournalException("journal record " + Long.toHexString(index)
                    + " is a ticket whose lengths do not add up to its " + available + " bytes");
        }
        int accountLength = JournalRecordDescriptor.accountLength(in, start);
        int storeLength = JournalRecordDescriptor.storeLength(in, start);
        int ticketIdLength = JournalRecordDescriptor.ticketIdLength(in, start);
        into.ticket(JournalRecordDescriptor.revision(in, start), JournalRecordDescriptor.hashHigh(in, start),
                JournalRecordDescriptor.hashLow(in, start), accountLength, storeLength, ticketIdLength);
        int keysLength = accountLength + storeLength + ticketIdLength;
        in.readPosition(JournalRecordDescriptor.keysOffset(start));
        in.read(into.keys(), 0, keysLength);
        int jsonLength = JournalRecordDescriptor.jsonLength(in, start);
        in.read(into.jsonBuffer(jsonLength), 0, jsonLength);
    }
}
