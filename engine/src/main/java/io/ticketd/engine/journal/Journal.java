package io.ticketd.engine.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import static io.ticketd.engine.journal.JournalRecordDescriptor.FRAME_HEADER_LENGTH;
import static io.ticketd.engine.journal.JournalRecordDescriptor.SEGMENT_HEADER_LENGTH;

/**
 * The append-only journal of every accepted record: the source of truth from which
 * the index is derived. Segment files of a fixed capacity (see
 * {@link JournalRecordDescriptor} for the bytes), appended to with positioned
 * writes from one buffer and read through read-only memory maps.
 *
 * <p>Why not a memory-mapped writer (Chronicle Queue, which this journal replaced):
 * every sync of a shared writable mapping write-protects each dirty page again, with
 * a TLB shoot-down to the other cores, and the next store into the page faults; on
 * this project's 2-core VM that was 40 % of the commit thread's time and most of a
 * sync's cost (a C probe of 1 KiB appends, each synced: 109 µs of CPU per sync through
 * a mapping against 44 µs with {@code pwrite}; 800 KiB appends: 3.4 ms against 0.17 ms).
 * Writes from a buffer also need no pretouching thread, and a record's index is its
 * address, so a read goes straight to its bytes.
 *
 * <p>Durability: {@link Appender#flush()} hands the appended records to the file (the
 * page cache), so they survive the death of the process. {@link Appender#sync()}
 * makes them durable against power loss ({@code fdatasync}). A segment is synced
 * before the next one is started, whatever the durability, so only the last segment
 * can end in a record torn by a crash; opening the journal for writing finds the
 * last whole record by its CRC and cuts what follows (never acknowledged, as it was
 * never synced).
 *
 * <p>Thread-safety: the journal may be shared. There is one {@link Appender}, used
 * only by the commit thread; each reading thread takes its own {@link Reader}, which
 * never reads past the last record flushed. {@link #close()} unmaps the files: no
 * reader may be in use then.
 */
public final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    /**
     * 256 MiB: a crash costs at most one segment's scan at the next start (well under a
     * second from the page cache), and ten million tickets make forty files.
     */
    public static final int DEFAULT_SEGMENT_CAPACITY = 256 << 20;
    /** Holds a commit batch's records (a batch of 8 requests of 100 tickets is ~0.8 MiB) between flushes. */
    static final int APPEND_BUFFER_BYTES = 4 << 20;
    /**
     * After a small flush, the appender keeps up to this many bytes past its records written
     * with zeros (see {@link Appender#flush()}).
     */
    static final int ZERO_AHEAD_BYTES = 128 << 10;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(ZERO_AHEAD_BYTES).asReadOnlyBuffer();
    private static final Pattern SEGMENT_NAME = Pattern.compile("(\\d{10})\\.journal");
    private static final long NONE = -1;

    private final Path directory;
    private final boolean readOnly;
    private final int segmentCapacity;
    /** Segment {@code n} at index {@code n}; replaced (never changed) when a segment is added. */
    private volatile Segment[] segments;
    /** Index just past the last record flushed: readers read nothing at or after it. */
    private volatile long end;
    private volatile long lastIndex;
    private volatile long lastPersistDate;
    private Appender appender;
    private boolean closed;

    private Journal(Path directory, boolean readOnly, int segmentCapacity) {
        this.directory = directory;
        this.readOnly = readOnly;
        this.segmentCapacity = segmentCapacity;
    }

    /** Opens (creating when needed) the journal in {@code directory} for appending and reading. */
    public static Journal open(Path directory) throws IOException {
        return open(directory, DEFAULT_SEGMENT_CAPACITY);
    }

    /** As {@link #open(Path)}, starting new segments at {@code segmentCapacity} bytes (tests use small ones). */
    public static Journal open(Path directory, int segmentCapacity) throws IOException {
        if (segmentCapacity < SEGMENT_HEADER_LENGTH + FRAME_HEADER_LENGTH + JournalRecordDescriptor.HEADER_LENGTH) {
            throw new IllegalArgumentException("a journal segment of " + segmentCapacity + " bytes holds no record");
        }
        Files.createDirectories(directory);
        Journal journal = new Journal(directory, false, segmentCapacity);
        journal.load();
        return journal;
    }

    /**
     * Opens an existing journal for reading only, for the offline tools and the index
     * rebuild: nothing done through it can change the journal, and {@link #appender()}
     * fails on it. A record torn by a crash at the end is not read (nor cut). It takes
     * no lock of its own; a caller that needs the journal not to grow while it reads
     * holds the data directory's lock.
     *
     * @throws NoSuchFileException when {@code directory} is not a directory
     */
    public static Journal openReadOnly(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "no journal directory");
        }
        Journal journal = new Journal(directory, true, DEFAULT_SEGMENT_CAPACITY);
        journal.load();
        return journal;
    }

    public Path directory() {
        return directory;
    }

    /** Creates the appender. Call once, from the thread that will append. */
    public synchronized Appender appender() {
        if (readOnly) {
            throw new JournalException("the journal in " + directory + " is open read-only");
        }
        if (closed) {
            throw new JournalException("the journal in " + directory + " is closed");
        }
        if (appender != null) {
            throw new IllegalStateException("the journal has an appender already; it has one writer");
        }
        appender = new Appender();
        return appender;
    }

    /** Creates a reader for the calling thread. */
    public Reader reader() {
        return new Reader();
    }

    /** The persistDate of the last record flushed, or {@code Long.MIN_VALUE} when the journal is empty. */
    public long lastPersistDate() {
        return lastPersistDate;
    }

    /** The index of the last record flushed, or -1 when the journal is empty. */
    public long lastIndex() {
        return lastIndex;
    }

    /**
     * Makes every record up to and including {@code index}, flushed by the appender,
     * durable against power loss: fdatasyncs the segment holding it (a segment is synced
     * before the next one is started). Thread-safe: a sync thread may call it while the
     * appender goes on writing.
     */
    public void syncThrough(long index) throws IOException {
        Segment[] all = segments;
        long segment = JournalRecordDescriptor.segmentOf(index);
        if (index >= 0 && segment < all.length) {
            all[(int) segment].channel.force(false);
        }
    }

    /** Flushes the appender, if one is open, and unmaps and closes the segment files. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (appender != null) {
            try {
                appender.flush();
            } catch (IOException e) {
                LOG.error("cannot flush the journal's last records at close", e);
            }
            appender = null;
        }
        for (Segment segment : segments) {
            segment.close();
        }
        segments = new Segment[0];
    }

    // ---- opening ---------------------------------------------------------------------------------------

    private void load() throws IOException {
        TreeMap<Long, Path> files = segmentFiles();
        Segment[] found = new Segment[files.size()];
        try {
            long expected = 0;
            for (var entry : files.entrySet()) {
                if (entry.getKey() != expected) {
                    throw new JournalException("the journal in " + directory + " has no segment " + name(expected)
                            + " before " + entry.getValue().getFileName() + "; segments were removed or not copied");
                }
                found[(int) expected] = Segment.open(entry.getKey(), entry.getValue(), readOnly);
                expected++;
            }
            found = dropUninitialisedLast(found);
            segments = found;
            recover();
        } catch (IOException | RuntimeException e) {
            for (Segment segment : found) {
                if (segment != null) {
                    segment.close();
                }
            }
            throw e;
        }
    }

    private TreeMap<Long, Path> segmentFiles() throws IOException {
        TreeMap<Long, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path file : entries) {
                String name = file.getFileName().toString();
                if (name.endsWith(".cq4") || name.endsWith(".cq4t")) {
                    throw new JournalException(directory + " holds a journal in the Chronicle Queue format of earlier"
                            + " ticketd builds (" + name + "); this build reads only its own segment files. Export"
                            + " the tickets with the earlier build (ticketd export) and post them to a fresh data"
                            + " directory");
                }
                Matcher m = SEGMENT_NAME.matcher(name);
                if (m.matches()) {
                    files.put(Long.parseLong(m.group(1)), file);
                }
            }
        }
        return files;
    }

    /**
     * A crash between creating a segment file and syncing its header leaves a last
     * segment with no header: it never held a record. Removed when writable, ignored
     * when read-only.
     */
    private Segment[] dropUninitialisedLast(Segment[] found) throws IOException {
        if (found.length == 0 || !found[found.length - 1].uninitialised()) {
            return found;
        }
        Segment last = found[found.length - 1];
        last.close();
        if (!readOnly) {
            LOG.warn("journal: removing {}, created but never started before a crash", last.path.getFileName());
            Files.delete(last.path);
            syncDirectory();
        }
        return Arrays.copyOf(found, found.length - 1);
    }

    /** Finds the last whole record; when writable, cuts anything after it in the last segment. */
    private void recover() throws IOException {
        Segment[] all = segments;
        if (all.length == 0) {
            end = JournalRecordDescriptor.index(0, SEGMENT_HEADER_LENGTH);
            lastIndex = NONE;
            lastPersistDate = Long.MIN_VALUE;
            return;
        }
        for (int i = 0; i < all.length; i++) {
            String problem = all[i].headerProblem();
            if (problem != null) {
                throw new JournalException("journal segment " + all[i].path + " cannot be read: " + problem);
            }
        }
        CRC32C crc = new CRC32C();
        Segment last = all[all.length - 1];
        Scan scan = last.scan(crc);
        if (scan.torn || !readOnly) {
            if (scan.torn) {
                LOG.warn("journal: {} ends in a record torn by a crash at offset {} (written, never synced, never"
                        + " acknowledged){}", last.path.getFileName(), scan.endOffset,
                        readOnly ? "; read-only, it is left as it is" : "; it is cut");
            }
            if (!readOnly) {
                last.cutAfter(scan.endOffset);
            }
        }
        end = JournalRecordDescriptor.index(last.number, scan.endOffset);
        long index = scan.lastIndex;
        long persistDate = scan.lastPersistDate;
        for (int i = all.length - 2; index == NONE && i >= 0; i--) {
            Scan earlier = all[i].scan(crc);
            index = earlier.lastIndex;
            persistDate = earlier.lastPersistDate;
        }
        lastIndex = index;
        lastPersistDate = index == NONE ? Long.MIN_VALUE : persistDate;
    }

    private Segment createSegment(long number) throws IOException {
        Path path = directory.resolve(name(number));
        if (Files.exists(path)) {
            throw new FileAlreadyExistsException(path.toString(), null, "journal segment exists already");
        }
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            JournalRecordDescriptor.writeSegmentHeader(header, number);
            file.getChannel().write(header, 0);
            file.setLength(segmentCapacity); // sparse: blocks are allocated as records arrive
            file.getChannel().force(true);
        }
        syncDirectory();
        Segment segment = Segment.open(number, path, false);
        Segment[] all = segments;
        Segment[] grown = Arrays.copyOf(all, all.length + 1);
        grown[all.length] = segment;
        segments = grown;
        return segment;
    }

    private void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private void published(long newEnd, long newLastIndex, long newLastPersistDate) {
        lastIndex = newLastIndex;
        lastPersistDate = newLastPersistDate;
        end = newEnd;
    }

    static String name(long number) {
        return String.format("%010d.journal", number);
    }

    private static String hex(long index) {
        return Long.toHexString(index);
    }

    // ---- segments --------------------------------------------------------------------------------------

    /** Where a segment's records end, and its last record. */
    private record Scan(int endOffset, long lastIndex, long lastPersistDate, boolean torn) {
    }

    /** One segment file: its channel (for appends and syncs) and a read-only map of all of it (for reads). */
    private static final class Segment {
        final long number;
        final Path path;
        final FileChannel channel;
        final MappedByteBuffer map;
        final int capacity;

        private Segment(long number, Path path, FileChannel channel, MappedByteBuffer map) {
            this.number = number;
            this.path = path;
            this.channel = channel;
            this.map = map;
            this.capacity = map.capacity();
        }

        static Segment open(long number, Path path, boolean readOnly) throws IOException {
            FileChannel channel = readOnly ? FileChannel.open(path, StandardOpenOption.READ)
                    : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                long size = channel.size();
                if (size > Integer.MAX_VALUE) {
                    throw new JournalException("journal segment " + path + " is " + size + " bytes, more than a"
                            + " segment can be");
                }
                MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
                map.order(ByteOrder.LITTLE_ENDIAN);
                return new Segment(number, path, channel, map);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        ByteBuffer view() {
            return map.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        }

        boolean uninitialised() {
            if (capacity < SEGMENT_HEADER_LENGTH) {
                return true;
            }
            for (int i = 0; i < SEGMENT_HEADER_LENGTH; i += Long.BYTES) {
                if (map.getLong(i) != 0) {
                    return false;
                }
            }
            return true;
        }

        String headerProblem() {
            return JournalRecordDescriptor.segmentHeaderProblem(map, number);
        }

        /** Reads the frames from the start, each checked against its CRC, up to the first that is not whole. */
        Scan scan(CRC32C crc) {
            ByteBuffer in = view();
            int offset = SEGMENT_HEADER_LENGTH;
            long last = NONE;
            long persistDate = Long.MIN_VALUE;
            boolean torn = false;
            while (offset <= capacity - FRAME_HEADER_LENGTH) {
                int length = JournalRecordDescriptor.frameLength(in, offset);
                if (length == 0) {
                    break;
                }
                if (length < JournalRecordDescriptor.HEADER_LENGTH || length > capacity - offset - FRAME_HEADER_LENGTH
                        || !JournalRecordDescriptor.crcMatches(in, offset, length, crc)) {
                    torn = true;
                    break;
                }
                last = JournalRecordDescriptor.index(number, offset);
                persistDate = JournalRecordDescriptor.persistDate(in, offset + FRAME_HEADER_LENGTH);
                offset += FRAME_HEADER_LENGTH + length;
            }
            return new Scan(offset, last, persistDate, torn);
        }

        /**
         * Drops every byte after {@code offset} (shrinks the file there, then grows it back
         * sparse), so that nothing a crash left behind the last whole record can ever be
         * read as a record once new ones are appended before it. Synced.
         */
        void cutAfter(int offset) throws IOException {
            channel.truncate(offset);
            channel.write(ByteBuffer.wrap(new byte[1]), capacity - 1L);
            channel.force(true);
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("cannot close journal segment {}", path, e);
            }
            Unmapper.unmap(map);
        }
    }

    /** Releases a map now rather than at some later garbage collection. */
    private static final class Unmapper {
        private static final sun.misc.Unsafe UNSAFE = unsafe();

        static void unmap(MappedByteBuffer map) {
            if (UNSAFE != null) {
                UNSAFE.invokeCleaner(map);
            }
        }

        private static sun.misc.Unsafe unsafe() {
            try {
                Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                return (sun.misc.Unsafe) f.get(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("journal segments will be unmapped by the garbage collector", e);
                return null;
            }
        }
    }

    // ---- appending -------------------------------------------------------------------------------------

    /**
     * Appends records and makes them durable. Records are gathered in a buffer and
     * written to the file by {@link #flush()} (or when the buffer or the segment is
     * full); until then no reader sees them. Not thread-safe: the commit thread owns it.
     */
    public final class Appender implements AutoCloseable {
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(APPEND_BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        private final ByteBuffer zeros = ZEROS.duplicate();
        private final CRC32C crc = new CRC32C();
        private Segment segment;
        /** Offset in {@link #segment} up to which the file holds the records; the buffer goes on from there. */
        private int written;
        /** Offset in {@link #segment} up to which this appender has written the file (records, then zeros). */
        private long zeroedTo;
        /** Writing zeros ahead failed in this segment (a full disk, say): not tried again until the next one. */
        private boolean zeroAheadFailed;
        private long lastAppendedIndex;
        private long lastAppendedPersistDate;

        private Appender() {
            Segment[] all = segments;
            lastAppendedIndex = lastIndex;
            lastAppendedPersistDate = lastPersistDate;
            if (all.length > 0) {
                segment = all[all.length - 1];
                written = JournalRecordDescriptor.offsetOf(end);
                zeroedTo = written;
            }
        }

        /**
         * Appends a ticket record (see {@link JournalRecordDescriptor#writeTicket}).
         *
         * @return the record's journal index
         * @throws JournalException when the journal cannot be written (the record may or may not be in it)
         */
        public long appendTicket(long persistDate, int revision, long hashHigh, long hashLow,
                                 byte[] keys, int accountLength, int storeLength, int ticketIdLength,
                                 byte[] json, int jsonOffset, int closeBrace, byte[] fillStore) {
            int frame = reserve(JournalRecordDescriptor.maxTicketRecordLength(accountLength + storeLength
                    + ticketIdLength, closeBrace - jsonOffset, fillStore == null ? 0 : fillStore.length));
            JournalRecordDescriptor.writeTicket(buffer, persistDate, revision, hashHigh, hashLow, keys, accountLength,
                    storeLength, ticketIdLength, json, jsonOffset, closeBrace, fillStore);
            return appended(frame, persistDate);
        }

        /** Appends a station status record (see {@link JournalRecordDescriptor#writeStationStatus}); returns its index. */
        public long appendStationStatus(long persistDate, int status, long pushTime, long receivedFromCloud, int flags,
                                        byte[] keys, int accountLength, int storeLength) {
            int frame = reserve(JournalRecordDescriptor.stationRecordLength(accountLength + storeLength));
            JournalRecordDescriptor.writeStationStatus(buffer, persistDate, status, pushTime, receivedFromCloud, flags,
                    keys, accountLength, storeLength);
            return appended(frame, persistDate);
        }

        /** Room for a frame of a record of up to {@code maxRecordLength} bytes; returns the frame's buffer offset. */
        private int reserve(int maxRecordLength) {
            int frameLength = FRAME_HEADER_LENGTH + maxRecordLength;
            if (frameLength > buffer.capacity() || frameLength > segmentCapacity - SEGMENT_HEADER_LENGTH) {
                throw new IllegalArgumentException("a journal record of up to " + maxRecordLength
                        + " bytes is larger than the journal takes");
            }
            try {
                if (segment == null || (long) written + buffer.position() + frameLength > segment.capacity) {
                    roll();
                } else if (buffer.position() + frameLength > buffer.capacity()) {
                    flush();
                }
            } catch (IOException e) {
                throw new JournalException("cannot write the journal in " + directory + ": " + e.getMessage(), e);
            }
            int frame = buffer.position();
            buffer.position(frame + FRAME_HEADER_LENGTH);
            return frame;
        }

        private long appended(int frame, long persistDate) {
            JournalRecordDescriptor.finishFrame(buffer, frame, crc);
            lastAppendedIndex = JournalRecordDescriptor.index(segment.number, written + frame);
            lastAppendedPersistDate = persistDate;
            return lastAppendedIndex;
        }

        /**
         * Writes the records appended so far to the file: from now on they survive the
         * death of the process and readers see them. One positioned write; cheap when
         * nothing was appended.
         *
         * <p>After a flush of less than {@link #ZERO_AHEAD_BYTES}, the file past the records is
         * also written with zeros, up to that many bytes ahead, when less than half of that
         * is left. A segment is a sparse file, and syncing records into its holes also
         * allocates their blocks, which on ext4 writes the inode, synchronously, after the
         * data: a second device write in every sync. Blocks written ahead are allocated by
         * one sync in several, and the others write the records alone (an fdatasync of a 10
         * KiB append: p50 142 – 144 µs against 190 – 197 µs, bench/RESULTS.md). A large
         * flush pays its allocation once for many records, so it writes nothing ahead.
         * Readers never read past the records, and recovery reads zeros as the end of a
         * segment, as it reads a hole. The zeros are only an optimisation: when they cannot
         * be written, that is logged and the flush succeeds all the same.
         */
        public void flush() throws IOException {
            if (buffer.position() == 0) {
                return;
            }
            buffer.flip();
            int flushed = buffer.remaining();
            long position = written;
            while (buffer.hasRemaining()) {
                position += segment.channel.write(buffer, position);
            }
            buffer.clear();
            written = (int) position;
            zeroedTo = Math.max(zeroedTo, position);
            published(JournalRecordDescriptor.index(segment.number, written), lastAppendedIndex,
                    lastAppendedPersistDate);
            if (flushed < ZERO_AHEAD_BYTES && zeroedTo - position < ZERO_AHEAD_BYTES / 2 && !zeroAheadFailed) {
                zeroAhead(Math.min(segment.capacity, position + ZERO_AHEAD_BYTES));
            }
        }

        private void zeroAhead(long to) {
            zeros.clear().limit((int) (to - zeroedTo));
            try {
                while (zeros.hasRemaining()) {
                    zeroedTo += segment.channel.write(zeros, zeroedTo);
                }
            } catch (IOException e) {
                zeroAheadFailed = true;
                LOG.warn("journal: cannot write zeros ahead of the records in {} ({}); its syncs will allocate blocks"
                        + " as they go", segment.path.getFileName(), e.toString());
            }
        }

        /** Flushes, then makes every record appended so far durable against power loss. */
        public void sync() throws IOException {
            flush();
            if (segment != null) {
                segment.channel.force(false);
            }
        }

        /** Seals the current segment (flushed and synced: complete and durable) and starts the next. */
        private void roll() throws IOException {
            long next = 0;
            if (segment != null) {
                flush();
                segment.channel.force(false);
                next = segment.number + 1;
            }
            segment = createSegment(next);
            written = SEGMENT_HEADER_LENGTH;
            zeroedTo = written;
            zeroAheadFailed = false;
            published(JournalRecordDescriptor.index(segment.number, written), lastAppendedIndex,
                    lastAppendedPersistDate);
        }

        /** Flushes what was appended (without syncing it) and gives up the journal's one appender. */
        @Override
        public void close() throws IOException {
            synchronized (Journal.this) {
                if (appender != this) {
                    return;
                }
                appender = null;
                flush();
            }
        }
    }

    // ---- reading ---------------------------------------------------------------------------------------

    /**
     * Reads records by index or in order. Never reads past the last record flushed.
     * Records read in order are checked against their CRC; a record read by index (a
     * page query's, from the index) is checked against its lengths only.
     * Not thread-safe: one per reading thread.
     */
    public final class Reader implements AutoCloseable {
        private final CRC32C crc = new CRC32C();
        private ByteBuffer[] views = new ByteBuffer[0];
        /** Index of the frame {@link #next} reads. */
        private long position = JournalRecordDescriptor.index(0, SEGMENT_HEADER_LENGTH);

        private Reader() {
        }

        /**
         * Reads the record at {@code index} into {@code into}.
         *
         * @return false when there is no record at that index
         */
        public boolean readAt(long index, JournalRecord into) {
            ByteBuffer in = frameAt(index);
            if (in == null) {
                return false;
            }
            int frame = JournalRecordDescriptor.offsetOf(index);
            decode(in, frame + FRAME_HEADER_LENGTH, JournalRecordDescriptor.frameLength(in, frame), index, into);
            return true;
        }

        /**
         * Touches the frame of the record at {@code index} without decoding it, so that a
         * caller about to read many scattered records can have their memory (and address
         * translations) fetched in parallel rather than one miss after another.
         *
         * @return the frame's first bytes (0 when there is no such record), for the caller
         *         to keep so that the read is not optimised away
         * @throws JournalException when the frame's length cannot be right, as {@link #readAt} would
         */
        public int touch(long index) {
            ByteBuffer in = frameAt(index);
            return in == null ? 0 : JournalRecordDescriptor.frameLength(in, JournalRecordDescriptor.offsetOf(index));
        }

        /** Positions the reader at the first record. */
        public Reader toStart() {
            position = JournalRecordDescriptor.index(0, SEGMENT_HEADER_LENGTH);
            return this;
        }

        /** Positions the reader just after the record at {@code index}. */
        public Reader after(long index) {
            if (index < 0) {
                return toStart();
            }
            ByteBuffer in = frameAt(index);
            if (in == null) {
                throw new JournalException("journal has no record at index " + hex(index) + " to resume after");
            }
            position = index + FRAME_HEADER_LENGTH + JournalRecordDescriptor.frameLength(in,
                    JournalRecordDescriptor.offsetOf(index));
            return this;
        }

        /**
         * The view of the segment holding a flushed record's frame at {@code index}, its length
         * checked against the segment; null when there is no record there.
         */
        private ByteBuffer frameAt(long index) {
            if (index < 0 || index >= end) {
                return null;
            }
            ByteBuffer in = view(JournalRecordDescriptor.segmentOf(index));
            int frame = JournalRecordDescriptor.offsetOf(index);
            if (in == null || frame < SEGMENT_HEADER_LENGTH || frame > in.capacity() - FRAME_HEADER_LENGTH) {
                return null;
            }
            int length = JournalRecordDescriptor.frameLength(in, frame);
            if (length == 0) {
                return null;
            }
            checkFrame(in, frame, length, index);
            return in;
        }

        /**
         * Reads the next record into {@code into}.
         *
         * @return false at the end of the journal
         * @throws JournalException when the next record is damaged (lengths or CRC)
         */
        public boolean next(JournalRecord into) {
            long limit = end;
            while (position < limit) {
                long segment = JournalRecordDescriptor.segmentOf(position);
                ByteBuffer in = view(segment);
                if (in == null) {
                    return false;
                }
                int frame = JournalRecordDescriptor.offsetOf(position);
                if (frame > in.capacity() - FRAME_HEADER_LENGTH || JournalRecordDescriptor.frameLength(in, frame) == 0) {
                    position = JournalRecordDescriptor.index(segment + 1, SEGMENT_HEADER_LENGTH); // sealed: go on
                    continue;
                }
                int length = JournalRecordDescriptor.frameLength(in, frame);
                checkFrame(in, frame, length, position);
                if (!JournalRecordDescriptor.crcMatches(in, frame, length, crc)) {
                    throw new JournalException("journal record " + hex(position) + " does not match its CRC: its"
                            + " bytes changed after it was written");
                }
                decode(in, frame + FRAME_HEADER_LENGTH, length, position, into);
                position += FRAME_HEADER_LENGTH + length;
                return true;
            }
            return false;
        }

        private ByteBuffer view(long segment) {
            if (segment < views.length && views[(int) segment] != null) {
                return views[(int) segment];
            }
            Segment[] all = segments;
            if (segment >= all.length) {
                return null;
            }
            if (segment >= views.length) {
                views = Arrays.copyOf(views, all.length);
            }
            views[(int) segment] = all[(int) segment].view();
            return views[(int) segment];
        }

        @Override
        public void close() {
            views = new ByteBuffer[0];
        }
    }

    private static void checkFrame(ByteBuffer in, int frame, int length, long index) {
        if (length < JournalRecordDescriptor.HEADER_LENGTH || length > in.capacity() - frame - FRAME_HEADER_LENGTH) {
            throw new JournalException("journal record " + hex(index) + " has a frame length of " + length
                    + " bytes, which its segment cannot hold");
        }
    }

    private static void decodeStation(ByteBuffer in, int start, int available, long index, JournalRecord into) {
        if (available < JournalRecordDescriptor.STATION_KEYS_OFFSET
                || JournalRecordDescriptor.stationRecordLength(in, start) != available) {
            throw new JournalException("journal record " + hex(index)
                    + " is a station status whose lengths do not add up to its " + available + " bytes");
        }
        int accountLength = JournalRecordDescriptor.stationAccountLength(in, start);
        int storeLength = JournalRecordDescriptor.stationStoreLength(in, start);
        into.station(JournalRecordDescriptor.stationStatus(in, start), JournalRecordDescriptor.pushTime(in, start),
                JournalRecordDescriptor.receivedFromCloud(in, start), JournalRecordDescriptor.stationFlags(in, start),
                accountLength, storeLength);
        in.get(start + JournalRecordDescriptor.STATION_KEYS_OFFSET, into.keys(), 0, accountLength + storeLength);
    }

    private static void decode(ByteBuffer in, int start, int available, long index, JournalRecord into) {
        RecordType type = JournalRecordDescriptor.type(in, start);
        if (type == null) {
            throw new JournalException("journal record " + hex(index) + " has unknown type "
                    + JournalRecordDescriptor.typeCode(in, start));
        }
        into.header(type, index, JournalRecordDescriptor.persistDate(in, start));
        if (type == RecordType.STATION_STATUS) {
            decodeStation(in, start, available, index, into);
            return;
        }
        if (available < JournalRecordDescriptor.TICKET_KEYS_OFFSET
                || JournalRecordDescriptor.ticketRecordLength(in, start) != available) {
            throw new JournalException("journal record " + hex(index)
                    + " is a ticket whose lengths do not add up to its " + available + " bytes");
        }
        int accountLength = JournalRecordDescriptor.accountLength(in, start);
        int storeLength = JournalRecordDescriptor.storeLength(in, start);
        int ticketIdLength = JournalRecordDescriptor.ticketIdLength(in, start);
        into.ticket(JournalRecordDescriptor.revision(in, start), JournalRecordDescriptor.hashHigh(in, start),
                JournalRecordDescriptor.hashLow(in, start), accountLength, storeLength, ticketIdLength);
        int keysLength = accountLength + storeLength + ticketIdLength;
        in.get(JournalRecordDescriptor.keysOffset(start), into.keys(), 0, keysLength);
        int jsonLength = JournalRecordDescriptor.jsonLength(in, start);
        in.get(JournalRecordDescriptor.keysOffset(start) + keysLength, into.jsonBuffer(jsonLength), 0, jsonLength);
    }
}
