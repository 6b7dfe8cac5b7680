package io.ticketd.engine.ingest;

import java.util.Locale;

/** When an acknowledgement may be sent, relative to the disk. */
public enum Durability {
    /** The journal is synced (fdatasync) before a batch is acknowledged: survives power loss. The default. */
    FSYNC,
    /** The journal is in the page cache when acknowledged: survives the process being killed, not power loss. */
    NONE;

    /** Parses {@code fsync} or {@code none}, case-insensitively. */
    public static Durability parse(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "fsync":
                return FSYNC;
            case "none":
                return NONE;
            default:
                throw new IllegalArgumentException("durability must be 'fsync' or 'none', got '" + value + "'");
        }
    }
}
