package io.ticketd.bench.engine;

import io.ticketd.engine.ingest.ValidatedTicket;
import io.ticketd.engine.internal.Utf8;
import io.ticketd.engine.journal.Journal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Appending one ticket record (~890-byte reference ticket, persistDate and revision
 * spliced in, framed with its CRC) to the journal, without syncing: the cost the commit
 * handler pays per ticket for the journal alone. Throughput, one thread; the appender
 * is flushed to the file every 64 appends, as a commit batch would be.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsPrepend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class JournalAppendBenchmark {
    private Path dir;
    private Journal journal;
    private Journal.Appender appender;
    private List<ValidatedTicket> tickets;
    private final byte[] ids = new byte[1024];
    private int next;
    private long persistDate = 1_763_000_000_000_000L;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = TicketPool.tempDirectory("journal");
        journal = Journal.open(dir);
        appender = journal.appender();
        tickets = TicketPool.generate(10_000, 0);
    }

    @Benchmark
    public long append() throws IOException {
        ValidatedTicket t = tickets.get(next);
        next = next + 1 == tickets.size() ? 0 : next + 1;
        int account = Utf8.encode("bench", ids, 0);
        int store = Utf8.encode(t.storeId(), ids, account);
        int ticketId = Utf8.encode(t.ticketId(), ids, account + store);
        long index = appender.appendTicket(++persistDate, 1, t.hashHigh(), t.hashLow(), ids, account, store,
                ticketId, t.source(), t.offset(), t.closeBrace(), null);
        if ((persistDate & 63) == 0) {
            appender.flush(); // as the commit handler does once per batch
        }
        return index;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        appender.close();
        journal.close();
        TicketPool.delete(dir);
    }
}
