package io.ticketd.tools.export;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The live line an export shows on a terminal: tickets written and the rate so far,
 * rewritten in place at most four times a second, after a page. Silent when not
 * enabled (output not a terminal: a pipe or a CI log gets the final summary only).
 *
 * <p>Not thread-safe: used by the exporting thread only.
 */
final class ExportProgress {
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final PrintWriter err;
    private final boolean enabled;
    private final long startNanos;
    private long lastPrintNanos;
    private boolean shown;

    ExportProgress(PrintWriter err, boolean enabled, long startNanos) {
        this.err = err;
        this.enabled = enabled;
        this.startNanos = startNanos;
        this.lastPrintNanos = startNanos;
    }

    /** After a page: shows {@code written} if the last update is old enough. */
    void update(long written) {
        long now = System.nanoTime();
        if (!enabled || now - lastPrintNanos < INTERVAL_NANOS) {
            return;
        }
        lastPrintNanos = now;
        double seconds = (now - startNanos) / 1e9;
        err.print(String.format(Locale.ROOT, "\r\033[Kticketd export: %,d tickets, %,.0f/s", written,
                written / Math.max(seconds, 1e-3)));
        err.flush();
        shown = true;
    }

    /** Clears the line, before the summary or an error is printed. */
    void clear() {
        if (shown) {
            err.print("\r\033[K");
            err.flush();
            shown = false;
        }
    }
}
