package io.ticketd.engine.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a data directory, held for as long as an engine has it
 * open, so that a second process (a second {@code serve}, or an offline index
 * rebuild) refuses to start instead of corrupting the journal or the index. The
 * operating system releases it if the process dies, so a crash leaves no stale lock.
 */
public final class DataDirectoryLock implements AutoCloseable {
    public static final String FILE_NAME = "LOCK";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock.
     *
     * @throws DataDirectoryLockedException when another process (or another engine in this one) holds it
     */
    public static DataDirectoryLock acquire(Path dataDirectory) throws IOException {
        Files.createDirectories(dataDirectory);
        Path file = dataDirectory.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = readHolder(channel);
            channel.close();
            throw new DataDirectoryLockedException(dataDirectory, holder);
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        return new DataDirectoryLock(channel, lock);
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(32);
        channel.read(buf, 0);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }

    /** The data directory is already in use. */
    public static final class DataDirectoryLockedException extends IOException {
        public DataDirectoryLockedException(Path dataDirectory, String holderPid) {
            super("data directory " + dataDirectory.toAbsolutePath() + " is in use by another ticketd process"
                    + (holderPid.isEmpty() ? "" : " (pid " + holderPid + ")")
                    + "; stop it first, or use another --data-dir");
        }
    }
}
