package io.ticketd.engine;

import io.ticketd.engine.ingest.Durability;
import io.ticketd.engine.internal.MicrosClock;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How to open a {@link TicketEngine}.
 *
 * @param dataDirectory where the journal, index, cursor key and lock live
 * @param durability    when an acknowledgement may be sent; {@link Durability#FSYNC} by default
 * @param ringSize      slots in the commit ring: a power of two of at least {@value #MIN_RING_SIZE}, so a
 *                      full request (1,000 tickets) always fits
 * @param clockMicros   wall clock in microseconds since the epoch; persistDate is {@code max(now, last + 1)}
 */
public record EngineConfig(Path dataDirectory, Durability durability, int ringSize, LongSupplier clockMicros) {
    public static final int MIN_RING_SIZE = 1024;
    public static final int DEFAULT_RING_SIZE = 65536;

    public EngineConfig {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(clockMicros, "clockMicros");
        if (ringSize < MIN_RING_SIZE || Integer.bitCount(ringSize) != 1) {
            throw new IllegalArgumentException("ring size must be a power of two of at least " + MIN_RING_SIZE
                    + ", got " + ringSize);
        }
    }

    /** Defaults: durability fsync, a ring of {@value #DEFAULT_RING_SIZE}, the system clock. */
    public static EngineConfig at(Path dataDirectory) {
        return new EngineConfig(dataDirectory, Durability.FSYNC, DEFAULT_RING_SIZE,
                MicrosClock::now);
    }

    public EngineConfig withDurability(Durability durability) {
        return new EngineConfig(dataDirectory, durability, ringSize, clockMicros);
    }

    public EngineConfig withRingSize(int ringSize) {
        return new EngineConfig(dataDirectory, durability, ringSize, clockMicros);
    }

    public EngineConfig withClock(LongSupplier clockMicros) {
        return new EngineConfig(dataDirectory, durability, ringSize, clockMicros);
    }
}
