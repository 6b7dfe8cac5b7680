package io.ticketd.engine;

/**
 * A read of the engine (a page query, a store's last ticket date) arrived while the
 * engine was closing or after it closed: its index and journal are no longer open. The
 * server answers it as shutting down; nothing was read.
 */
public final class EngineClosedException extends IllegalStateException {
    public EngineClosedException() {
        super("the engine is closed");
    }
}
