package io.ticketd.bench.engine;

import io.ticketd.engine.EngineConfig;
import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.ingest.Durability;
import io.ticketd.engine.query.InvalidQueryException;
import io.ticketd.engine.query.Page;
import io.ticketd.tools.load.TicketGenerator;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Page latency through the engine alone over a large index, as {@code bench/run-scale.sh}
 * measures it end to end: one account's {@code --fill} tickets first, then
 * {@code --tickets} of a second account, whose stores are then walked a page of 50 at a
 * time from random points by one thread, in rounds. Run it with {@code --fill 0} and with
 * the default to compare a small index with one of 10 million tickets, without HTTP,
 * the load generator or a second process in the figures.
 *
 * <pre>java -cp bench/target/ticketd-bench.jar io.ticketd.bench.engine.PageAtScale --fill 9800000</pre>
 */
@Command(name = "page-at-scale", mixinStandardHelpOptions = true,
        description = "Page latency through the engine alone after a large fill.")
public final class PageAtScale implements Callable<Integer> {
    private static final String FILL_ACCOUNT = "fill";
    private static final String PAGED_ACCOUNT = "paged";
    private static final int PAGE = 50;

    @Option(names = "--fill", defaultValue = "9800000",
            description = "tickets of another account ingested first (default ${DEFAULT-VALUE})")
    int fill;

    @Option(names = "--tickets", defaultValue = "200000",
            description = "tickets of the account that is paged (default ${DEFAULT-VALUE})")
    int tickets;

    @Option(names = "--rounds", defaultValue = "6", description = "measured rounds (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--round-seconds", defaultValue = "3", description = "seconds a round (default ${DEFAULT-VALUE})")
    int roundSeconds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PageAtScale()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (fill < 0 || tickets < PAGE || rounds < 1 || roundSeconds < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--fill must not be negative, --tickets at"
                    + " least " + PAGE + ", --rounds and --round-seconds at least 1");
        }
        Path dir = TicketPool.tempDirectory("page-at-scale");
        try (TicketEngine engine = TicketEngine.open(EngineConfig.at(dir).withDurability(Durability.NONE))) {
            long started = System.nanoTime();
            ingest(engine, FILL_ACCOUNT, 7, fill);
            double fillSeconds = (System.nanoTime() - started) / 1e9;
            ingest(engine, PAGED_ACCOUNT, 43, tickets);
            System.out.printf("filled %,d tickets in %.1f s, then %,d of the paged account%n", fill, fillSeconds,
                    tickets);
            long last = engine.lastCommittedPersistDate();
            long first = engine.page(PAGED_ACCOUNT, null, 0, last, 1).persistDate(0);
            walk(engine, first, last);
        } finally {
            TicketPool.delete(dir);
        }
        return 0;
    }

    private void walk(TicketEngine engine, long first, long last) throws InvalidQueryException {
        Page page = new Page();
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 1; round <= rounds; round++) {
            Histogram micros = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(roundSeconds);
            while (System.nanoTime() < end) {
                String store = String.format("S%04d", random.nextInt(TicketGenerator.DEFAULT_STORES));
                long start = first + (long) (random.nextDouble() * 0.98 * (last - first));
                long sent = System.nanoTime();
                engine.page(PAGED_ACCOUNT, store, start, last, PAGE, page);
                micros.recordValue(System.nanoTime() - sent);
            }
            System.out.printf("round %d: %,d pages of %d, p50 %.1f us, mean %.1f us, p99 %.1f us%n", round,
                    micros.getTotalCount(), PAGE, micros.getValueAtPercentile(50) / 1e3, micros.getMean() / 1e3,
                    micros.getValueAtPercentile(99) / 1e3);
        }
    }

    private static void ingest(TicketEngine engine, String account, long seed, int count) throws InterruptedException {
        TicketPool.ingest(engine, account, new TicketGenerator(seed, TicketGenerator.DEFAULT_STORES,
                TicketGenerator.DEFAULT_START_MICROS, TicketGenerator.DEFAULT_BACKDATE_FRAC), count);
    }
}
