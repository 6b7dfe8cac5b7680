package io.ticketd.tools.datadir;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The problems a verify run found: all of them counted, the first few kept to be
 * shown, so that a journal or index with millions of bad entries still takes
 * constant memory and a readable report.
 *
 * <p>Thread-safety: none; the verifying thread only.
 */
final class Findings {
    /** How many problems a report shows. */
    static final int SHOWN = 10;

    private final List<String> shown = new ArrayList<>();
    private long count;

    void add(String problem) {
        count++;
        if (shown.size() < SHOWN) {
            shown.add(problem);
        }
    }

    boolean clean() {
        return count == 0;
    }

    long count() {
        return count;
    }

    List<String> shown() {
        return List.copyOf(shown);
    }

    /** Prints the verdict of {@code command}: OK, or the problem count and the first problems. */
    void print(PrintWriter out, String command, String ok) {
        if (clean()) {
            out.println(command + ": OK, " + ok);
            return;
        }
        out.println(command + ": " + String.format(Locale.ROOT, "%,d", count) + (count == 1 ? " problem" : " problems")
                + (count > shown.size() ? "; the first " + shown.size() + ":" : ":"));
        for (String problem : shown) {
            out.println("  " + problem);
        }
    }

    /** A persistDate for a person: the microseconds and the UTC time they stand for. */
    static String persistDate(long micros) {
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1_000L);
        return micros + " (" + instant + ")";
    }
}
