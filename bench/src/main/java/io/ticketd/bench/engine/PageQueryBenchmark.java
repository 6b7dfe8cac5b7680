package io.ticketd.bench.engine;

import io.ticketd.engine.EngineConfig;
import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.ingest.Durability;
import io.ticketd.engine.query.InvalidQueryException;
import io.ticketd.engine.query.Page;
import io.ticketd.tools.load.TicketGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Latency of one page of 50 tickets on an index of {@code tickets} reference
 * tickets over 100 stores: seek the persistDate index at a random point, read 50
 * journal records, copy their JSON, sign the next cursor. {@code scope=store}
 * pages one store (the integrator's usual walk), {@code scope=account} the whole
 * account. SampleTime gives p50, p99 and p99.9.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@State(Scope.Benchmark)
public class PageQueryBenchmark {
    private static final String ACCOUNT = "bench";
    private static final String[] STORES = new String[TicketGenerator.DEFAULT_STORES];

    static {
        for (int i = 0; i < STORES.length; i++) {
            STORES[i] = String.format("S%04d", i);
        }
    }

    @Param({"1000000"})
    public int tickets;

    @Param({"store", "account"})
    public String scope;

    private Path dir;
    private TicketEngine engine;
    private long first;
    private long last;

    @Setup(Level.Trial)
    public void load() throws Exception {
        dir = TicketPool.tempDirectory("page");
        engine = TicketEngine.open(EngineConfig.at(dir).withDurability(Durability.NONE));
        TicketGenerator generator = new TicketGenerator(TicketGenerator.DEFAULT_SEED, TicketGenerator.DEFAULT_STORES,
                TicketGenerator.DEFAULT_START_MICROS, TicketGenerator.DEFAULT_BACKDATE_FRAC);
        TicketPool.ingest(engine, ACCOUNT, generator, tickets);
        last = engine.lastCommittedPersistDate();
        first = engine.page(ACCOUNT, null, 0, last, 1).persistDate(0);
    }

    /** Per-thread page buffer and random source. */
    @State(Scope.Thread)
    public static class Reader {
        final Page page = new Page();
        final SplittableRandom random = new SplittableRandom(42);
    }

    @Benchmark
    public Page pageOf50(Reader reader) throws InvalidQueryException {
        String store = scope.equals("store") ? STORES[reader.random.nextInt(STORES.length)] : null;
        long start = first + (long) (reader.random.nextDouble() * 0.98 * (last - first));
        return engine.page(ACCOUNT, store, start, last, 50, reader.page);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        engine.close();
        TicketPool.delete(dir);
    }
}
