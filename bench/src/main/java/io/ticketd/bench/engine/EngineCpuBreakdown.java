package io.ticketd.bench.engine;

import io.ticketd.engine.EngineConfig;
import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.ingest.Durability;
import io.ticketd.engine.ingest.IngestBatch;
import io.ticketd.engine.ingest.PublishResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

/**
 * CPU a ticket through the engine alone, by thread: the commit thread, the publishing
 * thread (which makes the dedupe lookups, as an event loop does), the sync stage, and
 * RocksDB's flush and compaction threads, which a profile of a short window undercounts
 * because compaction grows with the index. Tickets are published as
 * {@link CommitThroughputBenchmark} publishes them (batches of 100, 8,192 in flight,
 * the reference workload renewed under a fresh account each time the pool wraps). CPU
 * is read from {@code /proc/self/task} (Linux), so RocksDB's native threads count;
 * CPU time is steadier than throughput on a shared machine, and comparing variants
 * as ratios to the commit thread's CPU in the same run removes most of the machine's
 * drift.
 *
 * <pre>java -cp bench/target/ticketd-bench.jar io.ticketd.bench.engine.EngineCpuBreakdown --tickets 2000000</pre>
 */
@Command(name = "engine-cpu-breakdown", mixinStandardHelpOptions = true,
        description = "CPU a ticket through the engine alone, by thread.")
public final class EngineCpuBreakdown implements Callable<Integer> {
    private static final int BATCH = CommitThroughputBenchmark.BATCH;
    private static final int WINDOW = CommitThroughputBenchmark.WINDOW;
    private static final int POOL = 200_000;
    private static final String PUBLISHER = "publisher";
    /** Linux's clock tick for user-space CPU times (USER_HZ, fixed by its ABI). */
    private static final double MICROS_A_TICK = 10_000;

    @Option(names = "--tickets", defaultValue = "2000000", description = "tickets measured (default ${DEFAULT-VALUE})")
    long tickets;

    @Option(names = "--warmup-tickets", defaultValue = "500000",
            description = "tickets published before measuring (default ${DEFAULT-VALUE})")
    long warmupTickets;

    @Option(names = "--durability", defaultValue = "fsync", description = "fsync or none (default ${DEFAULT-VALUE})")
    String durability;

    public static void main(String[] args) {
        System.exit(new CommandLine(new EngineCpuBreakdown()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (tickets < BATCH || warmupTickets < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--tickets must be at least " + BATCH + " and --warmup-tickets not negative");
        }
        Durability mode;
        try {
            mode = Durability.parse(durability);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--durability: " + e.getMessage());
        }
        TicketPool pool = new TicketPool(POOL);
        Path dir = TicketPool.tempDirectory("cpu");
        Semaphore window = new Semaphore(WINDOW);
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir).withDurability(mode))) {
            Measurement m = measureOnThePublisher(engine, pool, window);
            System.out.printf("durability %s: %,d tickets in %.1f s (%,.0f /s), after %,d of warm-up%n", durability,
                    tickets, m.seconds, tickets / m.seconds, warmupTickets);
            double total = 0;
            for (Map.Entry<String, Long> e : m.after.entrySet()) {
                long ticks = e.getValue() - m.before.getOrDefault(e.getKey(), 0L);
                if (ticks > 0) {
                    double micros = ticks * MICROS_A_TICK / tickets;
                    total += micros;
                    System.out.printf("  %-18s %6.2f us a ticket%n", e.getKey(), micros);
                }
            }
            System.out.printf("  %-18s %6.2f us a ticket%n", "all threads", total);
        } finally {
            TicketPool.delete(dir);
        }
        return 0;
    }

    private record Measurement(Map<String, Long> before, Map<String, Long> after, double seconds) {
    }

    /**
     * Warms up and measures on a thread named {@value #PUBLISHER}, which reads the CPU
     * of every thread while it still runs itself, so that its own CPU has a line too.
     */
    private Measurement measureOnThePublisher(TicketEngine engine, TicketPool pool, Semaphore window)
            throws InterruptedException {
        Measurement[] result = new Measurement[1];
        Throwable[] failure = new Throwable[1];
        Thread publisher = new Thread(() -> {
            try {
                publish(engine, pool, window, warmupTickets);
                Map<String, Long> before = threadTicks();
                long start = System.nanoTime();
                publish(engine, pool, window, tickets);
                double seconds = (System.nanoTime() - start) / 1e9;
                result[0] = new Measurement(before, threadTicks(), seconds);
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, PUBLISHER);
        publisher.start();
        publisher.join();
        if (failure[0] != null) {
            throw new IllegalStateException("publishing failed", failure[0]);
        }
        return result[0];
    }

    /** Publishes {@code n} tickets (whole batches) and waits until every one is acknowledged. */
    private static void publish(TicketEngine engine, TicketPool pool, Semaphore window, long n)
            throws InterruptedException {
        for (long sent = 0; sent < n; sent += BATCH) {
            window.acquire(BATCH);
            IngestBatch batch = new IngestBatch(pool.account(), pool.take(BATCH), b -> window.release(b.size()));
            PublishResult result;
            while ((result = engine.tryPublish(batch)) != PublishResult.ACCEPTED) {
                if (result != PublishResult.RING_FULL) {
                    throw new IllegalStateException("the engine refused a batch: " + result);
                }
                Thread.onSpinWait();
            }
        }
        window.acquire(WINDOW);
        window.release(WINDOW);
    }

    /** User and system clock ticks of this process's threads, summed by name with digits folded to N. */
    private static Map<String, Long> threadTicks() {
        Map<String, Long> ticks = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended since the listing
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close).replaceAll("[0-9]+", "N");
                String[] fields = stat.substring(close + 2).split(" ");
                ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/task (Linux only)", e);
        }
        return ticks;
    }
}
