package io.ticketd.tools.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the load generator's tickets come from: the reference workload generator,
 * or the lines of an NDJSON file. Tickets are handed out one at a time, each once.
 *
 * <p>Thread-safety: {@link #next} is synchronized; phases on several event loops share one source.
 */
abstract class TicketSource implements AutoCloseable {
    /** The next ticket document (UTF-8 JSON, no newline), or null when the source is exhausted. */
    abstract byte[] next();

    @Override
    public void close() {
    }

    static TicketSource generated(long seed, int stores, long startMicros, double backdateFraction) {
        TicketGenerator generator = new TicketGenerator(seed, stores, startMicros, backdateFraction);
        return new TicketSource() {
            @Override
            synchronized byte[] next() {
                return generator.nextTicket();
            }
        };
    }

    static TicketSource file(Path ndjson) throws IOException {
        BufferedReader reader = Files.newBufferedReader(ndjson, StandardCharsets.UTF_8);
        return new TicketSource() {
            @Override
            synchronized byte[] next() {
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
