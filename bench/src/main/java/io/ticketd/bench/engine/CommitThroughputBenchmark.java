package io.ticketd.bench.engine;

import io.ticketd.engine.EngineConfig;
import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.ingest.Durability;
import io.ticketd.engine.ingest.IngestBatch;
import io.ticketd.engine.ingest.PublishResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;

/**
 * Tickets per second through the commit pipeline at saturation: one publisher keeps
 * up to {@value #WINDOW} tickets in flight in batches of {@value #BATCH} (what a busy
 * HTTP front end does), the commit thread dedupes, journals, group-commits and
 * indexes. The publisher blocks (does not spin) while its window is full, as an
 * event loop waiting for acknowledgements would: on two cores a spinning publisher
 * would take the core the commit thread's helpers need. The score is acknowledged
 * tickets per second (one operation = one ticket).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsPrepend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class CommitThroughputBenchmark {
    static final int BATCH = 100;
    static final int WINDOW = 8192;

    @Param({"none", "fsync"})
    public String durability;

    private Path dir;
    private TicketEngine engine;
    private TicketPool pool;
    private final Semaphore window = new Semaphore(WINDOW);

    @Setup(Level.Trial)
    public void open() throws IOException {
        pool = new TicketPool(200_000);
        dir = TicketPool.tempDirectory("throughput");
        engine = TicketEngine.open(EngineConfig.at(dir).withDurability(Durability.parse(durability)));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void publishBatch() throws InterruptedException {
        window.acquire(BATCH);
        IngestBatch batch = new IngestBatch(pool.account(), pool.take(BATCH), b -> window.release(b.size()));
        while (engine.tryPublish(batch) != PublishResult.ACCEPTED) {
            Thread.onSpinWait();
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        engine.close();
        TicketPool.delete(dir);
    }
}
