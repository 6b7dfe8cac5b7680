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

/**
 * Publish → acknowledgement latency of one ticket through the whole commit pipeline
 * (ring, dedupe lookup, journal append, group commit with the configured durability,
 * RocksDB index write, acknowledgement), with nothing else in flight: the floor of
 * what one POS feed sending one ticket at a time sees, before HTTP. SampleTime gives
 * the distribution (p50, p99, p99.9).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class CommitLatencyBenchmark {
    @Param({"none", "fsync"})
    public String durability;

    private Path dir;
    private TicketEngine engine;
    private TicketPool pool;
    private volatile IngestBatch acknowledged;

    @Setup(Level.Trial)
    public void open() throws IOException {
        pool = new TicketPool(100_000);
        dir = TicketPool.tempDirectory("latency");
        engine = TicketEngine.open(EngineConfig.at(dir).withDurability(Durability.parse(durability)));
    }

    @Benchmark
    public IngestBatch publishAndAwaitAck() {
        IngestBatch batch = new IngestBatch(pool.account(), pool.take(1), b -> acknowledged = b);
        while (engine.tryPublish(batch) != PublishResult.ACCEPTED) {
            Thread.onSpinWait();
        }
        while (acknowledged != batch) {
            Thread.onSpinWait();
        }
        return batch;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        engine.close();
        TicketPool.delete(dir);
    }
}
