package io.ticketd.tools.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where an export's NDJSON goes: a stream (standard output), or a file that appears
 * only complete. A file is written under a temporary name in its directory, synced,
 * and renamed into place by {@link #commit()}; closing it without a commit deletes it,
 * so a failed export leaves no half file (and an existing file of that name untouched).
 *
 * <p>Each document is written as one line: its bytes as they are, but for whitespace
 * outside strings, which is dropped. The server stores a ticket as the POS sent it, and
 * a POS may send it pretty-printed; a line break inside a document would break NDJSON.
 * A ticket sent compact (as nearly all are) is written byte for byte.
 *
 * <p>Not thread-safe.
 */
final class NdjsonOutput implements AutoCloseable {
    private static final int BUFFER_BYTES = 1 << 16;

    private final OutputStream out;
    private final FileChannel channel;
    private final Path temp;
    private final Path target;
    private long lines;
    private boolean committed;

    private NdjsonOutput(OutputStream out, FileChannel channel, Path temp, Path target) {
        this.out = out;
        this.channel = channel;
        this.temp = temp;
        this.target = target;
    }

    /** Writes to {@code stream}, which is flushed at the end but not closed (standard output). */
    static NdjsonOutput toStream(OutputStream stream) {
        return new NdjsonOutput(new BufferedOutputStream(stream, BUFFER_BYTES), null, null, null);
    }

    /**
     * Writes to a temporary file next to {@code file} (readable by its owner only, as
     * tickets are business data), which {@link #commit()} renames to {@code file}.
     */
    static NdjsonOutput toFile(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
        try {
            FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
            return new NdjsonOutput(new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES), channel,
                    temp, target);
        } catch (IOException | RuntimeException e) {
            deleteAfterFailure(temp, e);
            throw e;
        }
    }

    /** Writes {@code json[offset, offset + length)}, one JSON document, as one line. */
    void writeLine(byte[] json, int offset, int length) throws IOException {
        int end = offset + length;
        int run = offset;
        boolean inString = false;
        boolean escaped = false;
        for (int i = offset; i < end; i++) {
            byte b = json[i];
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                out.write(json, run, i - run);
                run = i + 1;
            }
        }
        out.write(json, run, end - run);
        out.write('\n');
        lines++;
    }

    /** Lines written so far. */
    long lines() {
        return lines;
    }

    /** What the output is, for messages: the file's path, or "standard output". */
    String description() {
        return target == null ? "standard output" : target.toString();
    }

    /** Ends a successful export: flushes; a file is synced, closed and renamed into place. */
    void commit() throws IOException {
        out.flush();
        if (channel != null) {
            channel.force(true);
            out.close();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    /**
     * After {@link #commit()}, nothing more. Otherwise the export failed: a file's
     * temporary copy is deleted; a stream gets what was written (flushed, as lines
     * already out cannot be taken back).
     */
    @Override
    public void close() throws IOException {
        if (committed) {
            return;
        }
        committed = true;
        if (channel == null) {
            out.flush();
            return;
        }
        try {
            out.close();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void deleteAfterFailure(Path temp, Exception failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
