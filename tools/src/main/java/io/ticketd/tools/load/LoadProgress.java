package io.ticketd.tools.load;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A live progress line on a terminal: the phase, operations done, rate, errors and
 * p99 so far, rewritten in place once a second. Silent when output is not a terminal
 * (a CI log or a pipe gets the final summary only).
 *
 * <p>Thread-safety: updated by the command's thread, printed by its own daemon thread.
 */
final class LoadProgress implements AutoCloseable {
    private final PrintStream out;
    private final boolean enabled;
    private final ScheduledExecutorService printer;
    private volatile String phase;
    private volatile LatencyRecorder recorder;
    private volatile long phaseStartNanos;
    private volatile long verified = -1;

    LoadProgress(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
        this.printer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-progress");
            t.setDaemon(true);
            return t;
        });
        if (enabled) {
            printer.scheduleAtFixedRate(this::print, 1, 1, TimeUnit.SECONDS);
        }
    }

    static LoadProgress forConsole() {
        return new LoadProgress(System.err, System.console() != null);
    }

    void phase(String name, LatencyRecorder r) {
        phase = name;
        recorder = r;
        verified = -1;
        phaseStartNanos = System.nanoTime();
    }

    void verified(long pagedBack) {
        phase = "verify";
        recorder = null;
        verified = pagedBack;
    }

    void endPhase() {
        String p = phase;
        phase = null;
        if (enabled && p != null) {
            synchronized (out) {
                out.print("\r\033[K");
                out.flush();
            }
        }
    }

    private void print() {
        String p = phase;
        if (p != null) {
            String line;
            LatencyRecorder r = recorder;
            if (r != null) {
                double seconds = (System.nanoTime() - phaseStartNanos) / 1e9;
                Histogram h = r.histogram();
                line = String.format("%-18s %,12d done %,10.0f/s  errors %,d  p99 %,.2f ms", p, r.units(),
                        r.units() / Math.max(seconds, 1e-3), r.errorCount(), h.getValueAtPercentile(99) / 1000.0);
            } else {
                line = String.format("%-18s %,12d tickets paged back", p, verified);
            }
            synchronized (out) {
                out.print("\r\033[K" + line);
                out.flush();
            }
        }
    }

    @Override
    public void close() {
        printer.shutdownNow();
        endPhase();
    }
}
