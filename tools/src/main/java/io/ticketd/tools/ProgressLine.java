package io.ticketd.tools;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress line for the long-running commands (journal dump and verify, index
 * rebuild and verify, export): what is being done, how many so far and how fast,
 * rewritten in place at most five times a second, and erased when done. Silent when
 * the process is not on a terminal ({@link System#console()} is null: standard input
 * or output is redirected), so a log or a pipe gets only the final report. The calling
 * thread prints it itself: no thread of its own, and a call costs a clock read at most.
 *
 * <p>Thread-safety: none; the command's thread only.
 */
public final class ProgressLine implements AutoCloseable {
    private static final long INTERVAL_NANOS = 200_000_000L;

    private final PrintWriter out;
    private final boolean enabled;
    private String phase;
    private long phaseStartNanos;
    private long nextPrintNanos;
    private boolean shown;

    public ProgressLine(PrintWriter out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /** A progress line on {@code out} when this process runs on a terminal; silent otherwise. */
    public static ProgressLine forTerminal(PrintWriter out) {
        return new ProgressLine(out, System.console() != null);
    }

    /** Reports {@code count} items done in {@code phase}; prints only when the last print is old enough. */
    public void update(String phase, long count) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (!phase.equals(this.phase)) {
            this.phase = phase;
            phaseStartNanos = now;
            nextPrintNanos = now + INTERVAL_NANOS;
            return;
        }
        if (now - nextPrintNanos < 0) {
            return;
        }
        nextPrintNanos = now + INTERVAL_NANOS;
        double seconds = Math.max((now - phaseStartNanos) / 1e9, 1e-3);
        out.print(String.format(Locale.ROOT, "\r\033[K%s: %,d (%,.0f/s)", phase, count, count / seconds));
        out.flush();
        shown = true;
    }

    /** Erases the line, so that what follows starts on a clean line. */
    public void clear() {
        if (shown) {
            out.print("\r\033[K");
            out.flush();
            shown = false;
        }
    }

    @Override
    public void close() {
        clear();
    }
}
