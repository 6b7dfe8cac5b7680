package io.ticketd.engine.internal;

import java.time.Clock;
import java.time.Instant;

/**
 * The system's wall clock in microseconds since the epoch: the clock persistDates,
 * audit events and credential dates are read from unless a test gives another.
 * {@link Clock#systemUTC()} has microsecond resolution on Linux.
 *
 * <p>Thread-safety: stateless.
 */
public final class MicrosClock {
    private static final Clock UTC = Clock.systemUTC();

    private MicrosClock() {
    }

    public static long now() {
        Instant now = UTC.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
