package io.ticketd.engine.internal;

import org.rocksdb.AbstractNativeReference;

import java.util.ArrayList;
import java.util.List;

/**
 * The RocksDB options, caches and filters a store allocates natively, closed together in
 * the reverse order of their creation once the database that uses them is closed.
 *
 * <p>Thread-safety: none; used while a store opens and closes.
 */
public final class NativeResources {
    private final List<AbstractNativeReference> resources = new ArrayList<>();

    /** Registers {@code resource} to be closed by {@link #closeAll()}; returns it. */
    public <T extends AbstractNativeReference> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    /** Closes every resource kept, the last one first. */
    public void closeAll() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        resources.clear();
    }
}
