package io.ticketd.tools.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the load generator's tickets come from: the reference workload generator,
 * or the lines of an NDJSON file. Tickets are handed out a request's worth at a time,
 * each once.
 *
 * <p>Thread-safety: {@link #next} is synchronized; phases on several event loops share one
 * source, and take a request's tickets in one turn of its lock (taken a ticket at a time,
 * the event loops' spinning on it was 4 % of the generator's CPU under ingest-batch).
 */
abstract class TicketSource implements AutoCloseable {
    /**
     * Fills {@code into[0, n)} with the next tickets (UTF-8 JSON documents, no newline);
     * returns how many, fewer than {@code n} only when the source is exhausted.
     */
    final synchronized int next(byte[][] into, int n) {
        int got = 0;
        for (byte[] t; got < n && (t = read()) != null; got++) {
            into[got] = t;
        }
        return got;
    }

    /** The next ticket, or null when the source is exhausted; called under the source's lock. */
    abstract byte[] read();

    @Override
    public void close() {
    }

    private static final byte[] STORE_FIELD = "\"storeId\":\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * The reference workload; with a store prefix (repeated runs on one server, where
     * store ids already exist), each ticket's storeId gets it, all else byte for byte.
     */
    static TicketSource generated(long seed, int stores, long startMicros, double backdateFraction, String storePrefix) {
        TicketGenerator generator = new TicketGenerator(seed, stores, startMicros, backdateFraction);
        byte[] prefix = storePrefix.getBytes(StandardCharsets.US_ASCII);
        return new TicketSource() {
            @Override
            byte[] read() {
                byte[] t = generator.nextTicket();
                return prefix.length == 0 ? t : withStorePrefix(t, prefix);
            }
        };
    }

    private static byte[] withStorePrefix(byte[] ticket, byte[] prefix) {
        int at = indexOf(ticket, STORE_FIELD);
        if (at < 0) {
            return ticket;
        }
        int insert = at + STORE_FIELD.length;
        byte[] out = new byte[ticket.length + prefix.length];
        System.arraycopy(ticket, 0, out, 0, insert);
        System.arraycopy(prefix, 0, out, insert, prefix.length);
        System.arraycopy(ticket, insert, out, insert + prefix.length, ticket.length - insert);
        return out;
    }

    private static int indexOf(byte[] b, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= b.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static TicketSource file(Path ndjson) throws IOException {
        BufferedReader reader = Files.newBufferedReader(ndjson, StandardCharsets.UTF_8);
        return new TicketSource() {
            @Override
            byte[] read() {
                try {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        if (!line.isBlank()) {
                            return line.trim().getBytes(StandardCharsets.UTF_8);
                        }
                    }
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + ndjson, e);
                }
            }

            @Override
            public void close() {
                try {
                    reader.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
